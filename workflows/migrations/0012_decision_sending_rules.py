"""The clocks for sending a complaint's decision to the complainant and the others the law names:
3 working days from the first-round decision (Luật Khiếu nại 2011 Đ.32), 7 working days from the
second-round decision (Đ.41). Added to every policy version; administrators edit them afterwards."""

from django.db import migrations

KN = "Luật Khiếu nại 2011"

# subject, step, variant, days, unit, reminder offsets, on breach, source
RULES = [
    ("complaint_1", "send_decision", "normal", 3, "working", [1, 0], "escalate", f"{KN} Đ.32"),
    ("complaint_2", "send_decision", "normal", 7, "working", [2, 1, 0], "escalate", f"{KN} Đ.41"),
]


def forwards(apps, schema_editor):
    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for version in PolicyVersion.objects.all():
        for subject, step, variant, days, unit, reminders, on_breach, source in RULES:
            DeadlineRule.objects.get_or_create(
                version=version, subject=subject, step=step, variant=variant,
                defaults={"days": days, "day_unit": unit, "reminder_offsets": reminders,
                          "on_breach": on_breach, "source": source},
            )


def backwards(apps, schema_editor):
    apps.get_model("workflows", "DeadlineRule").objects.filter(step="send_decision").delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0011_open_task_status")]
    operations = [migrations.RunPython(forwards, backwards)]
