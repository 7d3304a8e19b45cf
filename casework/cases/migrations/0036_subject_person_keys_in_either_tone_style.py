"""The name recusal matches a case's person denounced or complained about by reads its tone marks where
the school placement puts them ("Hòa" and "Hoà" are one name, `casework.search.text.tone_marks_placed`):
the person named in either style is recused (Luật Tố cáo 2018 Đ.9 khoản 1 điểm b, Đ.47). The keys stored
from a name as typed are computed again."""

import unicodedata

from django.db import migrations

_HONORIFICS = ("đồng chí", "đ/c", "ông", "bà", "anh", "chị", "cô", "chú")


def _key(name):
    from casework.search.text import tone_marks_placed

    text = " ".join(tone_marks_placed(unicodedata.normalize("NFC", name or "")).casefold().split())
    for honorific in _HONORIFICS:
        if text.startswith(honorific + " "):
            return text[len(honorific) + 1 :]
    return text


def recompute_keys(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(subject_person="").only("pk", "subject_person", "subject_person_key").iterator():
        key = _key(case.subject_person)
        if key != case.subject_person_key:
            Case.objects.filter(pk=case.pk).update(subject_person_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0035_complaint_suspension_force_majeure"),
    ]

    operations = [migrations.RunPython(recompute_keys, migrations.RunPython.noop)]
