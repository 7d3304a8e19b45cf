"""The clock of a written refusal to receive a citizen: the head of the receiving unit issues the notice
(Mẫu số 01/TCD) within 03 working days of the day the ground is established, on Đ.9 khoản 3 Luật Tiếp công
dân or Đ.4 khoản 1 điểm h (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3, in force 01/07/2026). Added to every policy
version that lacks it; the reception service opens the clock only for a refusal from the decree's day in
force. A breach is told to the unit's committee chair (the late party is the unit's head: no escalation)."""

from django.db import migrations

SOURCE = "Nghị định 154/2026/NĐ-CP Đ.4 khoản 3"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("reception", "refusal_notice", "normal", 3, "working", [1, 0], "notify", SOURCE),
]


def forwards(apps, schema_editor):
    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for version in PolicyVersion.objects.all():
        for subject, step, variant, days, unit, reminders, on_breach, source in RULES:
            DeadlineRule.objects.get_or_create(
                version=version,
                subject=subject,
                step=step,
                variant=variant,
                defaults={
                    "days": days,
                    "day_unit": unit,
                    "reminder_offsets": reminders,
                    "on_breach": on_breach,
                    "source": source,
                },
            )


def backwards(apps, schema_editor):
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for subject, step, variant, *_rest in RULES:
        DeadlineRule.objects.filter(subject=subject, step=step, variant=variant, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0024_escalation_overtaken")]
    operations = [migrations.RunPython(forwards, backwards)]
