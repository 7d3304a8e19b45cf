"""The most days one leadership extension (gia hạn, BTV/BCH) of a flag's clock to open an inspection gives:
a committee value, as the clock's own 30 days are (0002; QĐ 684/QĐ-TLĐ sets no figure), kept as a rule row of
its own step (`flag/extend`) the way a denunciation's extension is capped (`denunciation/extend`, 0002, Luật
Tố cáo 2018 Đ.30): its days are the cap, no clock runs on it. Added to every policy version that lacks it;
administrators change it by adding a new version."""

from django.db import migrations

UB = "Giá trị do UBKT quy định: mỗi lần lãnh đạo gia hạn mở cuộc kiểm tra (QĐ 684/QĐ-TLĐ không quy định số ngày)"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("flag", "extend", "normal", 30, "calendar", [], "notify", UB),
]


def forwards(apps, schema_editor):
    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    for version in PolicyVersion.objects.only("pk"):
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
    dependencies = [("workflows", "0037_complaint_decision_publication_rule")]
    operations = [migrations.RunPython(forwards, backwards)]
