"""The answer to a data subject's request when a processor or a third party must act too (Nghị định
356/2025/NĐ-CP Điều 5, as the published notes of the decree give it, like 0027): 15 days to see, be given or
correct one's data, 20 to withdraw consent, restrict or object, 30 to delete. The rows are the `third_party`
variant of 0027's steps, added to every policy version that lacks them; each row's source says the figures
were not checked against the decree's own text (docs/retention.md)."""

from django.db import migrations, models

DECREE = "Nghị định 356/2025/NĐ-CP Điều 5 (chi tiết Đ.4 k5 Luật BVDLCN 2025)"
UNCHECKED = "theo các bản tóm tắt đã công bố, chưa đối chiếu với văn bản"
THIRD_PARTY = "có bên xử lý hoặc bên thứ ba cùng thực hiện"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("subject_request", "sar_answer_stop", "third_party", 20, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: rút đồng ý, hạn chế, phản đối, {THIRD_PARTY}: 20 ngày; {UNCHECKED}"),
    ("subject_request", "sar_answer_access", "third_party", 15, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: xem, cung cấp, chỉnh sửa, {THIRD_PARTY}: 15 ngày; {UNCHECKED}"),
    ("subject_request", "sar_answer_delete", "third_party", 30, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: xóa, {THIRD_PARTY}: 30 ngày; {UNCHECKED}"),
]  # fmt: skip


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
        DeadlineRule.objects.filter(subject=subject, step=step, variant=variant).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0028_escalation_reason_code")]
    operations = [
        migrations.AlterField(
            model_name="deadlinerule",
            name="variant",
            field=models.CharField(
                choices=[
                    ("normal", "thông thường"),
                    ("complex", "phức tạp"),
                    ("remote", "vùng sâu, vùng xa"),
                    ("remote_complex", "vùng sâu, vùng xa và phức tạp"),
                    ("third_party", "có bên xử lý hoặc bên thứ ba cùng thực hiện"),
                ],
                default="normal",
                max_length=16,
                verbose_name="trường hợp",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
