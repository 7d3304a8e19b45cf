"""The clock of a supervision's report (casework.supervision): the team reports what it found within a
number of working days after the last day of the supervision's period.

No statute fixes that time: the union's rules on supervision leave it to each committee's own supervision
programme. 10 working days is the committee's programme value, marked as such, added to every policy
version that lacks it; a breach goes to the leadership like a late inspection step. Administrators change
it by adding a new policy version."""

from django.db import migrations

GS = "Giá trị do UBKT quy định trong chương trình giám sát của mình (không có quy định về số ngày)"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("supervision", "supervision_report", "normal", 10, "working", [3, 1, 0], "escalate", GS),
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
        DeadlineRule.objects.filter(subject=subject, step=step, variant=variant, source=GS).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0021_stopped_late_clocks_dated")]
    operations = [migrations.RunPython(forwards, backwards)]
