"""The coverage proof checks every running clock of a flag or an inspection against the due date the
trail recorded for it (the "due" of the event of the step that opened or moved it). Clocks opened
before steps recorded it would read as never seen: one event per target records, at this point, the
due date each of its running clocks has now (`deadline.recorded`). From here the trail proves them;
what a clock said before this point rests on the data as it stood, and the event says so. Through the
current code (the audit chain is written only by its service); on a database with no running clock
of a flag or an inspection it writes nothing."""

from django.db import migrations


def record_running_clocks(apps, schema_editor):
    from casework.audit.services import audit_record
    from casework.inspections.models import FLAG_TARGET_TYPE
    from casework.inspections.selectors import INSPECTION_TARGET_TYPE, superseded_clock
    from workflows.models import Deadline
    from workflows.services.deadlines import deadline_due_record

    running = (
        Deadline.objects.filter(
            target_type__in=[FLAG_TARGET_TYPE, INSPECTION_TARGET_TYPE],
            status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED],
        )
        .exclude(superseded_clock())
        .order_by("target_type", "target_id", "step", "pk")
        # The columns it reads only: the current model may have more than the table has at this point.
        .only("pk", "target_type", "target_id", "step", "due_on", "unit")
    )
    by_target: dict[tuple[str, str], list] = {}
    for deadline in running:
        by_target.setdefault((deadline.target_type, deadline.target_id), []).append(deadline)
    for (target_type, target_id), deadlines in by_target.items():
        audit_record(
            actor=None,
            action="deadline.recorded",
            target=(target_type, target_id),
            unit=deadlines[0].unit_id,
            after={"due": deadline_due_record(*deadlines)},
            reason="Ghi nhận vào nhật ký hạn của các thời hạn đang chạy, từ đây đối chiếu với nhật ký.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0008_proposed_outcome"),
        ("audit", "0007_stored_canonical_text"),
        ("workflows", "0015_denunciation_decision_sending_rules"),
    ]

    operations = [migrations.RunPython(record_running_clocks, migrations.RunPython.noop)]
