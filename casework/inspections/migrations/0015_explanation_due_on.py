"""The unit inspected's time to explain the draft report (casework.inspections.explanation): the last
day, kept on the inspection, and the committee's policy value it is read from, added to every policy
version that lacks it (QĐ 684/QĐ-TLĐ gives the unit a time to explain and fixes no number of days).
Administrators change it by adding a new policy version."""

from django.db import migrations, models

UB = "Giá trị do UBKT quy định (chính sách của Ủy ban kiểm tra; QĐ 684/QĐ-TLĐ không quy định số ngày)"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("inspection", "explanation", "normal", 5, "working", [], "notify", UB),
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
    dependencies = [
        ("inspections", "0014_signer_task_pools"),
        ("workflows", "0018_expertise_conclusion_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="inspection",
            name="explanation_due_on",
            field=models.DateField(blank=True, null=True, verbose_name="hạn giải trình"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
