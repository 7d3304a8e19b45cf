"""The clocks of a complaint's suspension and termination decisions (Mẫu số 14a) and its resumption
decision (Mẫu số 14b): Nghị định 124/2020/NĐ-CP Đ.28b (bổ sung bởi Nghị định 155/2026/NĐ-CP), khoản 1:
"... ban hành ngay quyết định tạm đình chỉ hoặc quyết định đình chỉ giải quyết khiếu nại ... và gửi cho
người khiếu nại, người đại diện người khiếu nại, người bị khiếu nại, người có quyền, nghĩa vụ liên
quan trong thời hạn 03 ngày làm việc, kể từ ngày ban hành"; khoản 2: the same for the decision to
resume. Both rounds of a complaint. Added to every policy version; administrators edit them afterwards."""

from django.db import migrations

SOURCE_1 = "Nghị định 124/2020/NĐ-CP Đ.28b khoản 1 (bổ sung bởi Nghị định 155/2026/NĐ-CP)"
SOURCE_2 = "Nghị định 124/2020/NĐ-CP Đ.28b khoản 2 (bổ sung bởi Nghị định 155/2026/NĐ-CP)"
STEPS = [("send_suspension", SOURCE_1), ("send_termination", SOURCE_1), ("send_resumption", SOURCE_2)]

# subject, step, variant, days, unit, reminder offsets, on breach, source
RULES = [
    (subject, step, "normal", 3, "working", [1, 0], "escalate", source)
    for subject in ("complaint_1", "complaint_2")
    for step, source in STEPS
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
    apps.get_model("workflows", "DeadlineRule").objects.filter(
        subject__in=["complaint_1", "complaint_2"], step__in=[step for step, _source in STEPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0016_deadlinechange")]
    operations = [migrations.RunPython(forwards, backwards)]
