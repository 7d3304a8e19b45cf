"""Queued API letters keep their payload sealed under the master key while they wait; letters
already registered or refused keep none (the case holds what was registered)."""

from django.db import migrations


def seal_waiting_erase_processed(apps, schema_editor):
    from casework.cases.identity import identity_encrypt

    IntakeSubmission = apps.get_model("cases", "IntakeSubmission")
    IntakeSubmission.objects.exclude(status="queued").update(payload={})
    for submission in IntakeSubmission.objects.filter(status="queued").only("pk", "payload").iterator():
        if set(submission.payload) != {"sealed"}:
            IntakeSubmission.objects.filter(pk=submission.pk).update(
                payload={"sealed": identity_encrypt(submission.payload, case=None)}
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_termination_ground_resolved_final")]

    operations = [migrations.RunPython(seal_waiting_erase_processed, migrations.RunPython.noop)]
