"""The one extension of the answer to a data subject's request (Nghị định 356/2025/NĐ-CP Điều 5, as the published
notes of the decree give it, like 0027 and 0029): at most 10 days to see, be given or correct one's data, 15 to
withdraw consent, restrict or object, 20 to delete. Each cap is a rule row of its own step (`sar_extend_access`,
`sar_extend_stop`, `sar_extend_delete`), as a denunciation's extension is (`denunciation/extend`, 0002): its days
are the most one extension may add, no clock runs on it. Added to every policy version that lacks them; each
row's source says the figures were not checked against the decree's own text (docs/retention.md)."""

from django.db import migrations

DECREE = "Nghị định 356/2025/NĐ-CP Điều 5 (chi tiết Đ.4 k5 Luật BVDLCN 2025)"
UNCHECKED = "theo các bản tóm tắt đã công bố, chưa đối chiếu với văn bản"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("subject_request", "sar_extend_access", "normal", 10, "calendar", [], "notify",
     f"{DECREE}: gia hạn một lần, xem, cung cấp, chỉnh sửa: tối đa 10 ngày; {UNCHECKED}"),
    ("subject_request", "sar_extend_stop", "normal", 15, "calendar", [], "notify",
     f"{DECREE}: gia hạn một lần, rút đồng ý, hạn chế, phản đối: tối đa 15 ngày; {UNCHECKED}"),
    ("subject_request", "sar_extend_delete", "normal", 20, "calendar", [], "notify",
     f"{DECREE}: gia hạn một lần, xóa: tối đa 20 ngày; {UNCHECKED}"),
]  # fmt: skip


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
        DeadlineRule.objects.filter(subject=subject, step=step, variant=variant).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0029_subject_request_third_party_rules")]
    operations = [migrations.RunPython(forwards, backwards)]
