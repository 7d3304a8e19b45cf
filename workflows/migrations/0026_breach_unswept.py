"""A clock whose step stopped it past its due moment before the sweep came round keeps that moment as its
breach (deadline_close) and is marked for the sweep's next pass, which brings the breach to leadership
(workflows.sweep). The clocks stopped so before this mark existed, under a rule that escalates its breaches,
whose breach no automatic escalation records, are marked too."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_unswept(apps, schema_editor):
    Deadline = apps.get_model("workflows", "Deadline")
    Escalation = apps.get_model("workflows", "Escalation")
    recorded = Escalation.objects.filter(automatic=True, deadline_id=OuterRef("pk"), breach_seq=OuterRef("extensions"))
    Deadline.objects.filter(
        status__in=["met", "cancelled"], breached_at__isnull=False, rule__on_breach="escalate"
    ).exclude(target_type="workflows.escalation").exclude(Exists(recorded)).update(breach_unswept=True)


class Migration(migrations.Migration):
    dependencies = [("workflows", "0025_reception_refusal_notice_rule")]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="breach_unswept",
            field=models.BooleanField(default=False, verbose_name="quá hạn chưa được rà soát"),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("breach_unswept", True)), fields=["closed_at"], name="wf_deadline_breach_unswept"
            ),
        ),
        migrations.RunPython(mark_unswept, migrations.RunPython.noop),
    ]
