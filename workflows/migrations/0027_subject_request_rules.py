"""The clocks of a data subject's request (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 5, detailed by Nghị định
356/2025/NĐ-CP, in force 01/01/2026): the acknowledgement within 02 working days of receipt, then the answer
within the days set for the right asked. Added to every policy version that lacks them. A breach is told to
the request's unit (its administrators: casework.privacy.selectors.subject_request_not_told); no escalation.

Only the 02 working days and the 15 days (20 when a processor or a third party must stop; one extension of at
most 15) of a withdrawal of consent, a restriction or an objection are confirmed, by the published summaries
of the decree, not by its text; the article and clause could not be read here. The days for access,
correction and deletion are not confirmed at all: the shortest figure the summaries give (10 days) is seeded,
with the source saying so, for administrators to correct in the policy (docs/security.md)."""

from django.db import migrations

DECREE = "Nghị định 356/2025/NĐ-CP (chi tiết Đ.4 k5 Luật BVDLCN 2025)"
UNCONFIRMED = "điều, khoản chưa đối chiếu với văn bản"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("subject_request", "sar_acknowledge", "normal", 2, "working", [1, 0], "notify",
     f"{DECREE}: phản hồi trong 02 ngày làm việc; {UNCONFIRMED}"),
    ("subject_request", "sar_answer_stop", "normal", 15, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: rút đồng ý, hạn chế, phản đối: 15 ngày; {UNCONFIRMED}"),
    ("subject_request", "sar_answer_access", "normal", 10, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: xem, cung cấp, chỉnh sửa: CHƯA XÁC NHẬN số ngày, tạm 10 ngày"),
    ("subject_request", "sar_answer_delete", "normal", 10, "calendar", [3, 1, 0], "notify",
     f"{DECREE}: xóa: CHƯA XÁC NHẬN số ngày, tạm 10 ngày"),
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
