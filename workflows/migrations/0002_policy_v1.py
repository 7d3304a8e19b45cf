"""Policy version 1: the statutory figures of DESIGN.md, and committee-set values where no
statute gives one. Administrators change them by adding a new version."""

import datetime as dt

from django.db import migrations

KN = "Luật Khiếu nại 2011"
TC = "Luật Tố cáo 2018"
UB = "Giá trị do UBKT quy định (QĐ 684/QĐ-TLĐ không quy định số ngày)"

# subject, step, variant, days, unit, reminder offsets (days before due), on breach, source
RULES = [
    ("complaint_1", "accept", "normal", 10, "calendar", [3, 1, 0], "escalate", f"{KN} Đ.27"),
    ("complaint_1", "resolve", "normal", 30, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.28"),
    ("complaint_1", "resolve", "complex", 45, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.28"),
    ("complaint_1", "resolve", "remote", 45, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.28"),
    ("complaint_1", "resolve", "remote_complex", 60, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.28"),
    ("complaint_2", "accept", "normal", 10, "calendar", [3, 1, 0], "escalate", f"{KN} Đ.36"),
    ("complaint_2", "resolve", "normal", 45, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.37"),
    ("complaint_2", "resolve", "complex", 60, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.37"),
    ("complaint_2", "resolve", "remote", 60, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.37"),
    ("complaint_2", "resolve", "remote_complex", 70, "calendar", [5, 1, 0], "escalate", f"{KN} Đ.37"),
    ("complaint", "limitation", "normal", 90, "calendar", [], "notify", f"{KN} Đ.9"),
    ("denunciation", "accept", "normal", 7, "working", [2, 1, 0], "escalate", f"{TC} Đ.29"),
    ("denunciation", "notify_accept", "normal", 5, "working", [1, 0], "escalate", f"{TC} Đ.29"),
    ("denunciation", "resolve", "normal", 30, "calendar", [5, 1, 0], "escalate", f"{TC} Đ.30"),
    ("denunciation", "extend", "normal", 30, "calendar", [], "notify", f"{TC} Đ.30 (mỗi lần gia hạn)"),
    ("petition", "accept", "normal", 10, "calendar", [3, 1, 0], "escalate", UB),
    ("petition", "resolve", "normal", 30, "calendar", [5, 1, 0], "escalate", UB),
    ("flag", "open_inspection", "normal", 30, "calendar", [7, 3, 1], "escalate", UB),
    ("inspection", "notice", "normal", 7, "working", [2, 0], "escalate", UB),
    ("inspection", "fieldwork", "normal", 30, "calendar", [5, 1], "escalate", UB),
    ("inspection", "conclusion", "normal", 15, "working", [3, 1], "escalate", UB),
    ("followup", "report", "normal", 30, "calendar", [7, 3, 1], "escalate", UB),
    ("followup", "verify", "normal", 10, "working", [2, 0], "escalate", UB),
    ("escalation", "decide", "normal", 10, "working", [3, 1], "escalate", UB),
]


def forwards(apps, schema_editor):
    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    version, _ = PolicyVersion.objects.get_or_create(
        number=1, defaults={"effective_from": dt.date(2020, 1, 1), "note": "Số liệu ban đầu theo luật và quy định"}
    )
    for subject, step, variant, days, unit, reminders, on_breach, source in RULES:
        DeadlineRule.objects.get_or_create(
            version=version, subject=subject, step=step, variant=variant,
            defaults={"days": days, "day_unit": unit, "reminder_offsets": reminders,
                      "on_breach": on_breach, "source": source},
        )


def backwards(apps, schema_editor):
    apps.get_model("workflows", "PolicyVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
