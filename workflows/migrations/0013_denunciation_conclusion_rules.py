"""The clocks that follow a denunciation's conclusion (Luật Tố cáo 2018, Luật số 25/2018/QH14):

- Đ.35 khoản 3: "Chậm nhất là 05 ngày làm việc kể từ ngày ban hành kết luận nội dung tố cáo, người
  giải quyết tố cáo gửi kết luận nội dung tố cáo đến người bị tố cáo, cơ quan, tổ chức quản lý người
  bị tố cáo và cơ quan, tổ chức, cá nhân có liên quan; thông báo về kết luận nội dung tố cáo đến
  người tố cáo."
- Đ.36 khoản 1: "Chậm nhất là 07 ngày làm việc kể từ ngày ban hành kết luận nội dung tố cáo, người
  giải quyết tố cáo căn cứ vào kết luận nội dung tố cáo tiến hành việc xử lý …"

Text as codified in the Bộ pháp điển, đề mục 18.5 "Tố cáo" (Điều 18.5.LQ.35, 18.5.LQ.36). Added to
every policy version; administrators edit them afterwards."""

from django.db import migrations

TC = "Luật Tố cáo 2018"

# subject, step, variant, days, unit, reminder offsets, on breach, source
RULES = [
    ("denunciation", "send_conclusion", "normal", 5, "working", [2, 1, 0], "escalate", f"{TC} Đ.35 khoản 3"),
    ("denunciation", "handle_conclusion", "normal", 7, "working", [2, 1, 0], "escalate", f"{TC} Đ.36 khoản 1"),
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
        subject="denunciation", step__in=["send_conclusion", "handle_conclusion"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0012_decision_sending_rules")]
    operations = [migrations.RunPython(forwards, backwards)]
