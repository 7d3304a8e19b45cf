"""The report's clock of every supervision in progress that started before supervisions ran on one
(casework.supervision.services.report_clock_open): due the policy's working days after the period's last
day, by the rule in force that day (else the current one), for its lead to keep. A report already late
is swept the next minute like any clock past its due day. Each clock opened is recorded in the trail
(`supervision.report_clock_backfill`). Through the current code (the calendar, the policy and the audit
chain, written only by its service); on a database with no such supervision it writes nothing."""

from django.db import migrations

TARGET_TYPE = "supervision.supervision"


def open_report_clocks(apps, schema_editor):
    from casework.audit.services import audit_record
    from casework.org.models import User
    from casework.supervision.services import REPORT_STEP, SUBJECT
    from core.errors import PolicyMissing
    from workflows.services.deadlines import deadline_due_record, deadline_open
    from workflows.policy_cache import policy_forget
    from workflows.services.policy import policy_current

    Supervision = apps.get_model("supervision", "Supervision")
    SupervisionMember = apps.get_model("supervision", "SupervisionMember")
    Deadline = apps.get_model("workflows", "Deadline")
    # The rule was seeded in this same run through the historical models, which the policy snapshot's
    # signals do not hear: read the policy afresh.
    policy_forget()

    for supervision in Supervision.objects.filter(status="in_progress").order_by("pk"):
        target_id = str(supervision.pk)
        if Deadline.objects.filter(target_type=TARGET_TYPE, target_id=target_id, step=REPORT_STEP).exists():
            continue
        try:
            version = policy_current(on=supervision.ends_on)
        except PolicyMissing:
            version = policy_current()
        lead = SupervisionMember.objects.filter(supervision=supervision, role="lead").values_list("user_id", flat=True)
        assignee = User.objects.filter(pk=lead.first()).first()
        report_clock = deadline_open(
            target=(TARGET_TYPE, target_id),
            unit=supervision.unit_id,
            step=REPORT_STEP,
            subject=SUBJECT,
            version=version,
            start=supervision.ends_on,
            assignee=assignee,
        )
        audit_record(
            actor=None,
            action="supervision.report_clock_backfill",
            target=(TARGET_TYPE, target_id),
            unit=supervision.unit_id,
            after={"due": deadline_due_record(report_clock)},
            reason="Bắt đầu tính hạn báo cáo kết quả của cuộc giám sát đang tiến hành.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_supervisions_and_teams"),
        ("audit", "0007_stored_canonical_text"),
        ("workflows", "0022_supervision_report_rule"),
    ]

    operations = [migrations.RunPython(open_report_clocks, migrations.RunPython.noop)]
