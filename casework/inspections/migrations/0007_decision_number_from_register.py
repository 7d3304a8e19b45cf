"""An inspection decision's number now comes from the unit's outgoing register when it is issued.

The register restarts each year, so the same symbol recurs in later years: uniqueness is the
register's (papers_number_once), no longer the inspection's. Decisions numbered by hand before
keep their numbers; the register's counter for their unit and year is moved past them, so it
never hands out a number already used by hand."""

import re

from django.db import migrations

TYPED = re.compile(r"^\s*0*(\d{1,6})\s*/\s*QĐ\b")


def counters_past_typed_numbers(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    RegisterCounter = apps.get_model("papers", "RegisterCounter")
    highest: dict[tuple[int, int], int] = {}
    typed = Inspection.objects.exclude(decision_number="").exclude(decided_at__isnull=True)
    for unit_id, number, decided_at in typed.values_list("unit_id", "decision_number", "decided_at"):
        match = TYPED.match(number)
        if match:
            key = (unit_id, decided_at.year)
            highest[key] = max(highest.get(key, 0), int(match.group(1)))
    for (unit_id, year), last in highest.items():
        counter, _created = RegisterCounter.objects.get_or_create(
            unit_id=unit_id, book="out", doc_kind="QĐ", year=year, defaults={"last": last}
        )
        if counter.last < last:
            RegisterCounter.objects.filter(pk=counter.pk).update(last=last)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_subject_area"),
        ("papers", "0002_seed"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="inspection", name="insp_decision_unique"),
        migrations.RunPython(counters_past_typed_numbers, migrations.RunPython.noop),
    ]
