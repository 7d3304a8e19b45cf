"""The decision on a second-round complaint is made public within 15 days of the day it is made: "Trong thời hạn 15
ngày, kể từ khi có quyết định giải quyết khiếu nại, người có thẩm quyền giải quyết khiếu nại lần hai có trách nhiệm
công khai quyết định giải quyết khiếu nại" (Luật Khiếu nại 2011 Đ.41 khoản 2, 3; Điều 18.1.LQ.41 of the Bộ pháp điển;
detailed by Nghị định 75/2012/NĐ-CP Đ.12 khoản 1, Điều 18.1.NĐ.1.12, and Thông tư 07/2013/TT-TTCP Đ.22 khoản 3;
Nghị định 124/2020/NĐ-CP, as amended by Nghị định 155/2026/NĐ-CP, details Đ.41 khoản 3 with the same figures).
The law counts it in days, not working days. The clock is complaint_2/publish_decision
(casework.cases.services.publicity), opened at the decision only for a case whose version holds the row, stopped
when the publication is recorded; its breach escalates like the others.

Added as workflows 0035 adds its row (`rule_add`): in place in a version no case uses, in a copy of the newest
version in force from the next day when that one is in use; the versions in use keep their rows."""

from importlib import import_module

from django.db import migrations

SUBJECT, STEP, VARIANT = "complaint_2", "publish_decision", "normal"
SOURCE = (
    "Luật Khiếu nại 2011 Đ.41 khoản 2, 3 (công khai quyết định giải quyết khiếu nại lần hai); Nghị định "
    "75/2012/NĐ-CP Đ.12; Thông tư 07/2013/TT-TTCP Đ.22 khoản 3"
)
ROW = {"days": 15, "day_unit": "calendar", "reminder_offsets": [3, 1, 0], "on_breach": "escalate", "source": SOURCE}
NOTE = (
    "Thêm thời hạn công khai quyết định giải quyết khiếu nại lần hai: 15 ngày kể từ khi có quyết định (Luật Khiếu "
    "nại 2011 Đ.41; Nghị định 75/2012/NĐ-CP Đ.12)"
)


def forwards(apps, schema_editor):
    rules = import_module("workflows.migrations.0035_conclusion_publication_rule")
    rules.rule_add(apps, subject=SUBJECT, step=STEP, variant=VARIANT, row=ROW, note=NOTE)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0036_escalation_ending_named"),
        ("cases", "0039_denounced_explanation"),
        ("audit", "0007_stored_canonical_text"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
