from django.db import migrations, models


def _split(apps, schema_editor):
    """An overtaken escalation's closing moment moves from `decided_at` to `overtaken_at`; `decided_at` becomes
    its last decision's moment (a referral up, read from the trail's "escalation.refer" event), else empty. One
    with a decision maker but no such event keeps its closing moment there too: a decision is never left
    without its moment."""
    Escalation = apps.get_model("workflows", "Escalation")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    fields = ("pk", "target_type", "target_id", "decided_at", "decided_by")
    for escalation in Escalation.objects.filter(status="overtaken").only(*fields):
        referred = None
        if escalation.decided_by_id is not None:
            # The trail's text column has no JSON path lookup: its events are read and matched here.
            events = AuditEvent.objects.filter(
                action="escalation.refer", target_type=escalation.target_type, target_id=escalation.target_id
            ).order_by("-seq")
            referred = next(
                (
                    at
                    for at, after in events.values_list("at", "after")
                    if (after or {}).get("escalation") == escalation.pk
                ),
                None,
            )
        if escalation.decided_by_id is not None and referred is None:
            referred = escalation.decided_at
        Escalation.objects.filter(pk=escalation.pk).update(overtaken_at=escalation.decided_at, decided_at=referred)


def _join(apps, schema_editor):
    Escalation = apps.get_model("workflows", "Escalation")
    Escalation.objects.filter(status="overtaken").update(decided_at=models.F("overtaken_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0030_subject_request_extension_rules"),
        ("audit", "0007_stored_canonical_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalation",
            name="overtaken_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="đóng do đã xử lý xong lúc"),
        ),
        migrations.RunPython(_split, _join),
    ]
