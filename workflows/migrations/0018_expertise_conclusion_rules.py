"""The clock of an expert assessment's conclusion: the written request names "thời hạn đề nghị gửi kết
luận giám định" (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP, for a
denunciation; Thông tư 07/2013/TT-TTCP Đ.15 khoản 2, "thời hạn có kết luận giám định", for a
complaint). The request sets the due day; the rule gives the day the form proposes (30 days), the
reminders before it and what a breach does (the officer and the chair are told: the late party is the
body asked to assess, not the committee). One clock per request ("expertise:<n>"). Added to every
policy version; administrators edit them afterwards."""

from django.db import migrations

TC = "Nghị định 31/2019/NĐ-CP Đ.15 khoản 2 (sửa đổi bởi Nghị định 156/2026/NĐ-CP)"
KN = "Thông tư 07/2013/TT-TTCP Đ.15 khoản 2"

# subject, step, variant, days, unit, reminder offsets, on breach, source
RULES = [
    ("denunciation", "expertise", "normal", 30, "calendar", [3, 1, 0], "notify", TC),
    ("complaint_1", "expertise", "normal", 30, "calendar", [3, 1, 0], "notify", KN),
    ("complaint_2", "expertise", "normal", 30, "calendar", [3, 1, 0], "notify", KN),
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
    apps.get_model("workflows", "DeadlineRule").objects.filter(step="expertise").delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0017_complaint_decision_sending_rules")]
    operations = [migrations.RunPython(forwards, backwards)]
