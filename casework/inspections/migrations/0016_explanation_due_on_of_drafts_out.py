"""The last day to explain (casework.inspections.explanation) of every inspection whose draft report went
out before the inspection kept that day: counted, as the draft report's step counts it, from the day the
draft went out (the trail's "inspection.report_draft" event, else the start of the conclusion's clock that
step opened), by the policy in force that day (else the current one) and the working-day calendar. With
neither, from today: the unit keeps its whole time to explain (QĐ 684/QĐ-TLĐ). Each day set is recorded in
the trail (`inspection.explanation_due_recorded`), saying what it was counted from. Through the current
code (the calendar, the policy and the audit chain, written only by its service); on a database with no
such inspection it writes nothing."""

from django.db import migrations
from django.utils import timezone

TARGET_TYPE = "inspections.inspection"


def record_explanation_due_on(apps, schema_editor):
    from casework.audit.services import audit_record
    from casework.inspections.explanation import EXPLANATION_STEP
    from casework.inspections.services.guards import SUBJECT
    from core import clock
    from core.errors import PolicyMissing
    from workflows.services.deadlines import deadline_due_on
    from workflows.services.policy import policy_current

    Inspection = apps.get_model("inspections", "Inspection")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Deadline = apps.get_model("workflows", "Deadline")

    waiting = Inspection.objects.filter(status="reporting", explanation_due_on__isnull=True).order_by("pk")
    for inspection in waiting:
        target_id = str(inspection.pk)
        drafted = (
            AuditEvent.objects.filter(action="inspection.report_draft", target_type=TARGET_TYPE, target_id=target_id)
            .order_by("-seq")
            .values_list("at", flat=True)
            .first()
        )
        clock_started = (
            Deadline.objects.filter(target_type=TARGET_TYPE, target_id=target_id, step="conclusion")
            .order_by("-pk")
            .values_list("starts_on", flat=True)
            .first()
        )
        if drafted is not None:
            sent_on, counted_from = timezone.localdate(drafted), "report_draft"
        elif clock_started is not None:
            sent_on, counted_from = clock_started, "conclusion_clock"
        else:
            sent_on, counted_from = clock.today(), "today"
        try:
            version = policy_current(on=sent_on)
        except PolicyMissing:
            version = policy_current()
        due = deadline_due_on(subject=SUBJECT, step=EXPLANATION_STEP, version=version, start=sent_on)
        Inspection.objects.filter(pk=inspection.pk, explanation_due_on__isnull=True).update(explanation_due_on=due)
        audit_record(
            actor=None,
            action="inspection.explanation_due_recorded",
            target=(TARGET_TYPE, target_id),
            unit=inspection.unit_id,
            after={"explanation_due_on": due.isoformat(), "sent_on": sent_on.isoformat(), "from": counted_from},
            reason="Ghi nhận hạn giải trình dự thảo báo cáo đã gửi trước khi cuộc kiểm tra lưu hạn này.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0015_explanation_due_on"),
        ("audit", "0007_stored_canonical_text"),
        ("workflows", "0019_stop_breached_clocks_of_ended_steps"),
    ]

    operations = [migrations.RunPython(record_explanation_due_on, migrations.RunPython.noop)]
