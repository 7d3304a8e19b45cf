"""Recusal by name matches every person a case's "person denounced or complained about" names, however the
letter writes them: "Ông Nguyễn Văn Bị, Chủ tịch CĐCS", "Nguyễn Văn Bị (kế toán)", "Nguyễn Văn Bị - thủ quỹ",
"Nguyễn Văn Bị và Trần Thị Cố" (Luật Tố cáo 2018 Đ.9 khoản 1 điểm b, Đ.47; Luật Khiếu nại 2011 Đ.9).
The one key of the whole text gives way to the keys of its segments, stored "|key1|key2|" so that one
`LIKE '%|key|%'` finds a name on SQLite and PostgreSQL alike; every case's keys are computed."""

import re
import unicodedata

from django.db import migrations, models

_HONORIFICS = ("đồng chí", "đ/c", "ông", "bà", "anh", "chị", "cô", "chú")
_SEGMENTS = re.compile(r"[,;/:()\[\]&–—]| -|- | và | (?=(?:ông|bà|đồng chí) )")
_COMRADE = re.compile(r"(?<!\w)đ/c(?!\w)")


def _key(name):
    from casework.search.text import tone_marks_placed

    text = unicodedata.normalize("NFC", (name or "").replace("|", " "))
    text = " ".join(tone_marks_placed(text).casefold().split())
    for honorific in _HONORIFICS:
        if text.startswith(honorific + " "):
            return text[len(honorific) + 1 :]
    return text


def _joined(text):
    folded = _COMRADE.sub("đồng chí", " ".join(unicodedata.normalize("NFC", text or "").casefold().split()))
    keys = sorted({k for k in (_key(s.strip(" .\"“”'")) for s in _SEGMENTS.split(folded)) if k})
    return f"|{'|'.join(keys)}|" if keys else ""


def recompute_keys(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(subject_person="").only("pk", "subject_person").iterator():
        Case.objects.filter(pk=case.pk).update(subject_person_keys=_joined(case.subject_person))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0036_subject_person_keys_in_either_tone_style"),
    ]

    operations = [
        migrations.RemoveField(model_name="case", name="subject_person_key"),
        migrations.AddField(
            model_name="case",
            name="subject_person_keys",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(recompute_keys, migrations.RunPython.noop),
    ]
