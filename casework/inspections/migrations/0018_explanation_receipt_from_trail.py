"""The draft report's day out and the explanation's receipt on the inspection, for those that have them.

The day the draft went out: the trail's "inspection.report_draft" event, else the start of the
conclusion's clock that step opened; with neither it stays unknown (no receipt day is then refused for
being earlier). An explanation the trail records ("inspection.explain"): one sent in the system was
received the day of its event; one recorded from paper is marked so, with who recorded it, its receipt
day and number left blank (the trail kept neither: the page says the day was not recorded). Only
empty fields are written; on a database with no such inspection it writes nothing. Apart from 0017,
whose foreign key's index PostgreSQL builds at the end of that migration and refuses to build on rows
this one has just written."""

from django.db import migrations

TARGET_TYPE = "inspections.inspection"


def record_draft_and_explanation_days(apps, schema_editor):
    from django.utils import timezone

    Inspection = apps.get_model("inspections", "Inspection")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Deadline = apps.get_model("workflows", "Deadline")

    drafted = Inspection.objects.filter(
        draft_report_sent_on__isnull=True, status__in=["reporting", "explained", "concluded", "closed"]
    )
    for inspection in drafted.order_by("pk"):
        target_id = str(inspection.pk)
        event_at = (
            AuditEvent.objects.filter(action="inspection.report_draft", target_type=TARGET_TYPE, target_id=target_id)
            .order_by("-seq")
            .values_list("at", flat=True)
            .first()
        )
        sent_on = (
            timezone.localdate(event_at)
            if event_at is not None
            else Deadline.objects.filter(target_type=TARGET_TYPE, target_id=target_id, step="conclusion")
            .order_by("pk")
            .values_list("starts_on", flat=True)
            .first()
        )
        if sent_on is not None:
            Inspection.objects.filter(pk=inspection.pk, draft_report_sent_on__isnull=True).update(
                draft_report_sent_on=sent_on
            )

    explained = Inspection.objects.filter(
        explanation_received_on__isnull=True,
        explanation_on_paper=False,
        status__in=["explained", "concluded", "closed"],
    ).exclude(explanation="")
    for inspection in explained.order_by("pk"):
        event = (
            AuditEvent.objects.filter(
                action="inspection.explain", target_type=TARGET_TYPE, target_id=str(inspection.pk)
            )
            .order_by("-seq")
            .first()
        )
        if event is None:
            continue
        if (event.after or {}).get("received_on_paper"):
            Inspection.objects.filter(pk=inspection.pk).update(
                explanation_on_paper=True, explanation_recorded_by_id=event.actor_id
            )
        else:
            Inspection.objects.filter(pk=inspection.pk).update(explanation_received_on=timezone.localdate(event.at))


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0017_explanation_receipt"),
        ("audit", "0007_stored_canonical_text"),
        ("workflows", "0019_stop_breached_clocks_of_ended_steps"),
    ]

    operations = [migrations.RunPython(record_draft_and_explanation_days, migrations.RunPython.noop)]
