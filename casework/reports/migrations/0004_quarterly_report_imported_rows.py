from django.db import migrations

REPORT_EVENTS = ("report.submit", "report.import", "report.return")


def mark_imported(apps, schema_editor):
    """A report received from a file names its importer, not a sender: those the superior imported
    (their latest submit, import or return event is the import) move the user to `imported_by`."""
    QuarterlyReport = apps.get_model("reports", "QuarterlyReport")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    latest = {}
    events = AuditEvent.objects.filter(target_type="reports.quarterlyreport", action__in=REPORT_EVENTS)
    for target_id, action in events.order_by("seq").values_list("target_id", "action"):
        latest[target_id] = action
    imported = [int(pk) for pk, action in latest.items() if action == "report.import" and pk.isdigit()]
    for report in QuarterlyReport.objects.filter(pk__in=imported).exclude(status="draft"):
        report.source = "file"
        report.imported_by_id = report.submitted_by_id
        report.submitted_by_id = None
        report.save(update_fields=["source", "imported_by", "submitted_by"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_stored_canonical_text"),
        ("reports", "0003_quarterly_report_source"),
    ]

    operations = [migrations.RunPython(mark_imported, migrations.RunPython.noop)]
