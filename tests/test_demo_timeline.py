"""The demo happens on one timeline: every register it fills numbers its entries in the order of their dates, as
real use would (time only moves forward), and each denunciation names its own person denounced."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from casework.cases.models import Case, Kind
from casework.papers.models import IncomingEntry, Paper

pytestmark = pytest.mark.django_db


def _out_of_order(rows: list[tuple[tuple, int, object, str]]) -> list[str]:
    """Each (series, number, date, label) whose date is earlier than that of a smaller number of its series."""
    found = []
    by_series: dict[tuple, list[tuple[int, object, str]]] = defaultdict(list)
    for series, number, day, label in rows:
        by_series[series].append((number, day, label))
    for entries in by_series.values():
        entries.sort(key=lambda entry: entry[0])
        for (_n, before, first), (_m, after, then) in itertools.pairwise(entries):
            if after < before:
                found.append(f"{then} ({after}) after {first} ({before})")
    return found


def test_each_outgoing_register_numbers_its_papers_in_the_order_they_were_issued(demo_data):
    """Sổ văn bản đi: one series per unit, year and kind of paper (QĐ-BTV and QĐ-UBKT share the QĐ numbers); a
    greater number is never issued on an earlier day, nor at an earlier time."""
    papers = list(
        Paper.objects.values_list("unit_id", "year", "doc_kind", "number", "issued_on", "issued_at", "symbol")
    )
    assert len({(unit, year, kind) for unit, year, kind, *_rest in papers}) >= 3
    assert _out_of_order([((u, y, k), n, on, s) for u, y, k, n, on, _at, s in papers]) == []
    assert _out_of_order([((u, y, k), n, at, s) for u, y, k, n, _on, at, s in papers]) == []


def test_each_incoming_register_numbers_its_letters_in_the_order_they_were_received(demo_data):
    """Sổ văn bản đến: one series per unit and year, numbered in the order of the day each letter came in."""
    entries = list(IncomingEntry.objects.values_list("unit_id", "year", "number", "received_on", "case__reference"))
    assert len(entries) > 40
    assert _out_of_order([((unit, year), n, on, ref) for unit, year, n, on, ref in entries]) == []


def test_each_series_of_case_references_follows_the_day_each_letter_was_received(demo_data):
    """KN-2026-00001, KN-2026-00002, ...: one series per kind and year, allotted at intake, in the order of the
    day received, whatever unit registered it."""
    rows = []
    for reference, unit, received_on in Case.objects.values_list("reference", "unit_id", "received_on"):
        prefix, year, number = reference.rsplit("-", 2)
        rows.append(((prefix, year), int(number), received_on, reference))
        rows.append(((prefix, year, unit), int(number), received_on, reference))
    assert {series[0] for series, *_rest in rows} == {"KN", "TC", "KNPA"}
    assert _out_of_order(rows) == []


def test_no_two_denunciations_name_the_same_person_denounced(demo_data):
    """Each letter names its own person; the case a letter is transferred to, and a duplicate merged into the case
    it repeats, name the person of that letter."""
    matters: dict[str, set[int]] = defaultdict(set)
    denunciations = Case.objects.filter(kind=Kind.DENUNCIATION).exclude(subject_person="")
    for pk, origin, merged_into, name in denunciations.values_list("pk", "origin", "merged_into", "subject_person"):
        matters[name].add(origin or merged_into or pk)
    assert len(matters) >= 15
    assert sorted(name for name, letters in matters.items() if len(letters) > 1) == []
    assert "Ông Đỗ Văn Bị" not in matters
