"""Decisions on cases (on a complaint, a denunciation's conclusion, a termination) and discipline
decisions now take their number from the unit's outgoing register when they are issued.

Those numbered by hand before keep their numbers; the register's counter for their unit, kind and
year is moved past them, so it never hands out a number already used by hand."""

import re

from django.db import migrations

TYPED = re.compile(r"^\s*0*(\d{1,6})\s*/\s*(QĐ|KL)\b")


def counters_past_typed_numbers(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    DisciplineProceeding = apps.get_model("cases", "DisciplineProceeding")
    RegisterCounter = apps.get_model("papers", "RegisterCounter")
    highest: dict[tuple[int, str, int], int] = {}

    def seen(unit_id: int, number: str, year: int) -> None:
        match = TYPED.match(number or "")
        if match:
            key = (unit_id, match.group(2), year)
            highest[key] = max(highest.get(key, 0), int(match.group(1)))

    for unit_id, number, decided_on in (
        Case.objects.exclude(decision_number="")
        .exclude(decided_on__isnull=True)
        .values_list("unit_id", "decision_number", "decided_on")
    ):
        seen(unit_id, number, decided_on.year)
    for unit_id, number, decided_at in (
        DisciplineProceeding.objects.exclude(decision_number="")
        .exclude(decided_at__isnull=True)
        .values_list("unit_id", "decision_number", "decided_at")
    ):
        seen(unit_id, number, decided_at.year)
    for (unit_id, doc_kind, year), last in highest.items():
        counter, _created = RegisterCounter.objects.get_or_create(
            unit_id=unit_id, book="out", doc_kind=doc_kind, year=year, defaults={"last": last}
        )
        if counter.last < last:
            RegisterCounter.objects.filter(pk=counter.pk).update(last=last)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_discipline_from_inspection"),
        ("papers", "0002_seed"),
    ]

    operations = [
        migrations.RunPython(counters_past_typed_numbers, migrations.RunPython.noop),
    ]
