"""The decision handling the violation denounced is published within 07 working days of the day it was issued:
"Trong thời hạn 07 ngày làm việc kể từ ngày ra kết luận nội dung tố cáo, quyết định xử lý hành vi vi phạm bị tố cáo
... người có thẩm quyền xử lý kỷ luật ... có trách nhiệm công khai quyết định xử lý hành vi vi phạm bị tố cáo" (Luật
Tố cáo 2018, Luật số 25/2018/QH14, Đ.40 khoản 1; Điều 18.5.LQ.40 of the Bộ pháp điển), by the forms of khoản 2 as
detailed by Nghị định 31/2019/NĐ-CP Đ.6 (Điều 18.5.NĐ.4.6; Nghị định 156/2026/NĐ-CP leaves it as it is). The clock is
denunciation/publish_discipline, one per discipline decision on the case ("publish_discipline:<n>",
casework.cases.services.publicity), opened at the decision only for a case whose version holds the row, stopped
when the publication is recorded; its breach escalates like the others.

Added as workflows 0035 adds its row (`rule_add`): in place in a version no case uses, in a copy of the newest
version in force from the next day when that one is in use; the versions in use keep their rows."""

from importlib import import_module

from django.db import migrations

SUBJECT, STEP, VARIANT = "denunciation", "publish_discipline", "normal"
SOURCE = (
    "Luật Tố cáo 2018 Đ.40 khoản 1 (công khai quyết định xử lý hành vi vi phạm bị tố cáo); Nghị định "
    "31/2019/NĐ-CP Đ.6"
)
ROW = {"days": 7, "day_unit": "working", "reminder_offsets": [2, 1, 0], "on_breach": "escalate", "source": SOURCE}
NOTE = (
    "Thêm thời hạn công khai quyết định xử lý kỷ luật người bị tố cáo: 07 ngày làm việc kể từ ngày ra quyết định "
    "(Luật Tố cáo 2018 Đ.40 khoản 1; Nghị định 31/2019/NĐ-CP Đ.6)"
)


def forwards(apps, schema_editor):
    rules = import_module("workflows.migrations.0035_conclusion_publication_rule")
    rules.rule_add(apps, subject=SUBJECT, step=STEP, variant=VARIANT, row=ROW, note=NOTE)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0040_complaint_decision_publication_source"),
        ("cases", "0045_discipline_publication"),
        ("audit", "0007_stored_canonical_text"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
