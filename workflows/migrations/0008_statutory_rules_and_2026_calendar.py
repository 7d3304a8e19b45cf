"""The statutory rows the procedures need (Luật Tố cáo 2018 Đ.24, 29; Luật Khiếu nại 2011 Đ.33)
and the government's 2026 working-day swap (Công văn 12729/VPCP-KGVX, 25/12/2025), which the
`holidays` package lacks. Administrators edit both afterwards."""

import datetime as dt

from django.db import migrations

KN = "Luật Khiếu nại 2011"
TC = "Luật Tố cáo 2018"

# subject, step, variant, days, unit, reminder offsets, on breach, source
RULES = [
    ("denunciation", "accept", "complex", 10, "working", [2, 1, 0], "escalate",
     f"{TC} Đ.24 (cần xác minh danh tính người tố cáo hoặc nhiều địa điểm)"),
    ("denunciation", "transfer", "normal", 5, "working", [1, 0], "escalate", f"{TC} Đ.24 (chuyển đơn)"),
    ("denunciation", "notify_denounced", "normal", 5, "working", [1, 0], "escalate",
     f"{TC} Đ.29 (thông báo cho người bị tố cáo)"),
    ("complaint_2", "lodge_second", "normal", 30, "calendar", [], "notify", f"{KN} Đ.33"),
    ("complaint_2", "lodge_second", "remote", 45, "calendar", [], "notify", f"{KN} Đ.33 (vùng sâu, vùng xa)"),
]

NOTICES = [
    (2026, "Công văn 12729/VPCP-KGVX", dt.date(2025, 12, 25), [
        (dt.date(2026, 1, 2), "holiday", "Nghỉ bù Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)"),
        (dt.date(2026, 1, 10), "working", "Làm bù cho thứ Sáu 02/01/2026"),
    ]),
]


def forwards(apps, schema_editor):
    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    CalendarNotice = apps.get_model("workflows", "CalendarNotice")
    CalendarDay = apps.get_model("workflows", "CalendarDay")
    # Initial processing is Đ.24 (Đ.29 is the notice of acceptance).
    DeadlineRule.objects.filter(subject="denunciation", step="accept", variant="normal", source=f"{TC} Đ.29").update(
        source=f"{TC} Đ.24"
    )
    for version in PolicyVersion.objects.all():
        for subject, step, variant, days, unit, reminders, on_breach, source in RULES:
            DeadlineRule.objects.get_or_create(
                version=version, subject=subject, step=step, variant=variant,
                defaults={"days": days, "day_unit": unit, "reminder_offsets": reminders,
                          "on_breach": on_breach, "source": source},
            )
    for year, document, issued_on, days in NOTICES:
        notice, _ = CalendarNotice.objects.get_or_create(
            year=year, defaults={"document": document, "issued_on": issued_on}
        )
        for day, kind, name in days:
            CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "name": name, "notice": notice})


def backwards(apps, schema_editor):
    apps.get_model("workflows", "CalendarDay").objects.filter(notice__year=2026).delete()
    apps.get_model("workflows", "CalendarNotice").objects.filter(year=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0007_calendar_notice")]
    operations = [migrations.RunPython(forwards, backwards)]
