"""Forms as a screen reader meets them: every field labelled, errors tied to their field and announced.

Plain Django test client (no browser): the markup is what assistive technology reads.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from tests.builders import (
    conclude,
    later,
    make_case,
    make_supervision,
    open_ad_hoc,
    raise_flag,
    recommend,
    walk_to_reporting,
)
from workflows.services.absences import absence_record

pytestmark = pytest.mark.django_db


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.repeated_ids: set[str] = set()
        self.alerts = 0
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.repeated_ids.add(a["id"])
            self.ids.add(a["id"])
        if a.get("role") == "alert":
            self.alerts += 1
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit", "button"}:
            self.controls.append({**a, "_wrapped": self._label_depth > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1


class _Tables(HTMLParser):
    """Each table of a page: its id (or its position) and whether it has a header row of column headers."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._open: list[dict] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._open.append({"name": a.get("id") or f"table {len(self.tables) + len(self._open) + 1}", "heads": 0})
        elif tag == "thead":
            self._in_head = True
        elif tag == "th" and self._in_head and a.get("scope") == "col" and self._open:
            self._open[-1]["heads"] += 1

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())


def _tables(response) -> list[dict]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def _parse(response) -> _Fields:
    parser = _Fields()
    parser.feed(response.content.decode())
    return parser


def _unlabelled(parsed: _Fields) -> list[str]:
    return [
        c.get("name", "?")
        for c in parsed.controls
        if not (c.get("id") in parsed.label_for or c["_wrapped"] or c.get("aria-label") or c.get("aria-labelledby"))
    ]


@pytest.mark.parametrize(
    "who,path",
    [
        ("intake", "/cases/new/"),
        ("officer", "/cases/"),
        ("inspector", "/inspections/flags/new/"),
        ("inspector", "/inspections/flags/"),
        ("auditor", "/audit/"),
        (None, "/cases/public/submit/"),
        (None, "/cases/public/status/"),
        (None, "/login/"),
    ],
)
def test_every_form_field_has_a_label(client, cast, who, path):
    if who:
        client.force_login(getattr(cast, who))
    response = client.get(path)
    assert response.status_code == 200
    parsed = _parse(response)
    assert parsed.controls, path
    assert not _unlabelled(parsed), f"{path}: trường không có nhãn {_unlabelled(parsed)}"


@pytest.mark.parametrize(
    "who,path,data",
    [
        ("intake", "/cases/new/", {"kind": "complaint"}),
        (None, "/cases/public/submit/", {"kind": "complaint"}),
        ("inspector", "/inspections/flags/new/", {"severity": "high"}),
    ],
)
def test_errors_are_announced_and_tied_to_their_field(client, cast, who, path, data):
    if who:
        client.force_login(getattr(cast, who))
    response = client.post(path, data)
    assert response.status_code in (200, 400)
    parsed = _parse(response)
    invalid = [c for c in parsed.controls if c.get("aria-invalid") == "true"]
    assert invalid, f"{path}: không trường nào được đánh dấu lỗi"
    for control in invalid:
        described = (control.get("aria-describedby") or "").split()
        assert described and all(i in parsed.ids for i in described), (path, control.get("name"), described)
    if path.startswith("/cases/"):
        assert parsed.alerts >= 1, f"{path}: lỗi không được đọc lên (role=alert)"


def test_each_action_form_of_a_case_labels_its_own_fields(client, cast):
    """A new letter offers several actions, each asking for a reason or a subject area: each field has an
    id of its own, so that its label names it and not the same field of the first form on the page."""
    case = make_case(cast)
    client.force_login(cast.intake)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    parsed = _parse(response)
    names = [c.get("name") for c in parsed.controls]
    assert names.count("subject_area") >= 2, names  # the page does hold several forms asking the same
    assert not parsed.repeated_ids, f"id dùng nhiều lần: {sorted(parsed.repeated_ids)}"
    assert not _unlabelled(parsed), _unlabelled(parsed)


def _each_field_its_own_label(client, user, path: str) -> list[str | None]:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    parsed = _parse(response)
    assert not parsed.repeated_ids, f"{path}: id dùng nhiều lần {sorted(parsed.repeated_ids)}"
    assert not _unlabelled(parsed), f"{path}: trường không có nhãn {_unlabelled(parsed)}"
    return [c.get("name") for c in parsed.controls]


def test_pages_of_several_action_forms_label_each_field_of_their_own(client, cast):
    """A flag's subject area and its discipline proposal each ask for a reason; the unit's representative
    is offered to acknowledge the notice and to send documents, each with files; a concluded inspection
    offers several actions to confirm; the absences page records an absence and an acting appointment,
    each naming a person, and a substitute to choose on each row: every field has an id of its own."""
    flag = raise_flag(cast)
    assert (
        _each_field_its_own_label(client, cast.chair, reverse("inspections:flag_detail", args=[flag.pk])).count(
            "reason"
        )
        >= 2
    )

    notified = inspections.inspection_notify(
        inspection=open_ad_hoc(cast, [raise_flag(cast)]), text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    path = reverse("inspections:inspection_detail", args=[notified.pk])
    assert _each_field_its_own_label(client, cast.subject_rep, path).count("files") >= 2

    concluded = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    path = reverse("inspections:inspection_detail", args=[concluded.pk])
    assert _each_field_its_own_label(client, cast.chair, path).count("confirm") >= 2

    reporting = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    _each_field_its_own_label(client, cast.chair, reverse("inspections:inspection_detail", args=[reporting.pk]))
    _each_field_its_own_label(
        client, cast.subject_rep, reverse("inspections:recommendation_detail", args=[recommend(cast, concluded).pk])
    )
    _each_field_its_own_label(client, cast.chair, reverse("supervision:detail", args=[make_supervision(cast).pk]))

    absence_record(actor=cast.inspector, user=cast.inspector, starts_on=later(1), ends_on=later(5), reason="Nghỉ phép")
    absence_record(actor=cast.inspector2, user=cast.inspector2, starts_on=later(2), ends_on=later(6), reason="Ốm")
    names = _each_field_its_own_label(client, cast.chair, "/absences/")
    assert names.count("user") >= 2 and names.count("substitute") >= 3, names


def test_search_results_name_their_columns(client, cast):
    """A screen reader reads each cell of a result under its column's name: every kind's table has them."""
    make_case(cast, title="Chi sai quỹ tại Bệnh viện")
    flag = raise_flag(cast)
    open_ad_hoc(cast, [flag])
    make_supervision(cast)
    client.force_login(cast.chair)
    tables = _tables(client.get(reverse("search:search"), {"q": "benh vien"}))
    assert len(tables) == 4, tables
    assert all(t["heads"] >= 3 for t in tables), tables


def test_an_inspections_checklist_findings_and_recommendations_name_their_columns(client, cast):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    recommend(cast, inspection)
    client.force_login(cast.chair)
    tables = _tables(client.get(reverse("inspections:inspection_detail", args=[inspection.pk])))
    assert len(tables) >= 3, tables
    assert all(t["heads"] >= 3 for t in tables), tables


def test_a_recommendations_reports_name_their_columns(client, cast):
    rec = recommend(cast, conclude(cast, open_ad_hoc(cast, [raise_flag(cast)])))
    client.force_login(cast.chair)
    tables = _tables(client.get(reverse("inspections:recommendation_detail", args=[rec.pk])))
    assert tables and all(t["heads"] >= 3 for t in tables), tables
