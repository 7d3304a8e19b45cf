"""The clocks of a data subject's request (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 5, detailed by Nghị định
356/2025/NĐ-CP Điều 5, in force 01/01/2026): the acknowledgement within 02 working days of receipt, then the
answer within the days Điều 5 sets for the right asked: 10 days to see, be given or correct one's data, 15 to
withdraw consent, restrict or object, 20 to delete (15, 20 and 30 when a processor or a third party must act
too; one extension of at most 10, 15 or 20 days). Added to every policy version that lacks them. A breach is
told to the request's unit (its administrators: casework.privacy.selectors.subject_request_not_told); no
escalation. The figures are as published notes of the decree give them, which agree with each other; the
decree's own text could not be read here, so each row's source says so and administrators can correct it in
the policy (docs/retention.md)."""

from django.db import migrations

DECREE = "Nghị định 356/2025/NĐ-CP Điều 5 (chi tiết Đ.4 k5 Luật BVDLCN 2025)"
UNCHECKED = "theo các bản tóm tắt đã công bố, chưa đối chiếu với văn bản"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("subject_request", "sar_acknowledge", "normal", 2, "working", [1, 0], "notify",
     f"{DECREE}: phản hồi trong 02 ngày làm việc; {UNCHECKED}"),
    ("subject_request", "sar_answer_stop", "normal", 15, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: rút đồng ý, hạn chế, phản đối: 15 ngày; {UNCHECKED}"),
    ("subject_request", "sar_answer_access", "normal", 10, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: xem, cung cấp, chỉnh sửa: 10 ngày; {UNCHECKED}"),
    ("subject_request", "sar_answer_delete", "normal", 20, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: xóa: 20 ngày; {UNCHECKED}"),
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
    dependencies = [("workflows", "0026_breach_unswept")]
    operations = [migrations.RunPython(forwards, backwards)]
