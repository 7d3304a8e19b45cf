"""Committee policy for the inspection steps the first policy left without a clock.

No statute fixes how long the committee may take to sign the inspection decision after opening
an inspection, nor to send the approved conclusion to the subject unit (QĐ 684/QĐ-TLĐ gives no
number of days): these are committee policy values, marked as such, added to every policy version
that lacks them so that every step of an inspection runs on a clock. Administrators change them by
adding a new policy version.
"""

from django.db import migrations

UB = "Giá trị do UBKT quy định (chính sách của Ủy ban kiểm tra; QĐ 684/QĐ-TLĐ không quy định số ngày)"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("inspection", "decision", "normal", 10, "working", [3, 1], "escalate", UB),
    ("inspection", "conclusion_notify", "normal", 5, "working", [2, 0], "escalate", UB),
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
        DeadlineRule.objects.filter(subject=subject, step=step, variant=variant, source=UB).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0005_deadline_wf_deadline_breached")]
    operations = [migrations.RunPython(forwards, backwards)]
