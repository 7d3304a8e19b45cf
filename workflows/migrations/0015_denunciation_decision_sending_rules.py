"""The clock of a denunciation's suspension and termination decisions (Luật Tố cáo 2018, Luật số
25/2018/QH14, Đ.34 khoản 4): "Quyết định tạm đình chỉ, đình chỉ việc giải quyết tố cáo phải nêu rõ lý
do, trách nhiệm của cơ quan, tổ chức, cá nhân có liên quan và gửi đến người tố cáo, người bị tố cáo
trong thời hạn 05 ngày làm việc kể từ ngày ra quyết định."

Text as codified in the Bộ pháp điển, đề mục 18.5 "Tố cáo" (Điều 18.5.LQ.34). Added to every policy
version; administrators edit them afterwards."""

from django.db import migrations

TC = "Luật Tố cáo 2018"

# subject, step, variant, days, unit, reminder offsets, on breach, source
RULES = [
    ("denunciation", "send_suspension", "normal", 5, "working", [2, 1, 0], "escalate", f"{TC} Đ.34 khoản 4"),
    ("denunciation", "send_termination", "normal", 5, "working", [2, 1, 0], "escalate", f"{TC} Đ.34 khoản 4"),
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
        subject="denunciation", step__in=["send_suspension", "send_termination"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0014_escalation_one_pending_by_hand")]
    operations = [migrations.RunPython(forwards, backwards)]
