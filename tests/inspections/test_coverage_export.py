"""The coverage page's export: its figures (each share with numerator and denominator) and its flags with
their bucket, unit and clocks, for the same filters and scope as the page, from the same selector."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of
from casework.inspections import selectors
from tests.builders import conclude, open_ad_hoc, raise_flag

pytestmark = pytest.mark.django_db

EXPORT = "inspections:coverage_export"


def _sheets(response) -> tuple[list[tuple], list[tuple]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    figures, flags = book.worksheets
    return list(figures.iter_rows(values_only=True)), list(flags.iter_rows(values_only=True))


@pytest.fixture
def flags(cast, frozen_clock):
    open_flag = raise_flag(cast)
    inspected = raise_flag(cast)
    conclude(cast, open_ad_hoc(cast, [inspected]))
    clinic = raise_flag(cast, unit=cast.clinic)
    elsewhere = raise_flag(cast, unit=cast.other_grassroots, actor=cast.admin)
    return {"open": open_flag, "inspected": inspected, "clinic": clinic, "elsewhere": elsewhere}


def test_the_workbook_holds_the_figures_and_every_flag_with_bucket_unit_and_clocks(client, cast, flags):
    client.force_login(cast.auditor)
    page = client.get(reverse("inspections:coverage")).content.decode()
    assert reverse(EXPORT, args=["xlsx"]) in page
    figures, listed = _sheets(client.get(reverse(EXPORT, args=["xlsx"])))
    header = next(r for r in figures if r[0] == "Đơn vị")
    assert header[2] == "Phát hiện" and "Đã kiểm tra / phát hiện" in header
    hospital = next(r for r in figures if r[1] == "H")
    totals = next(r for r in figures if r[0] == "Tổng cộng")
    ratio = header.index("Đã kiểm tra / phát hiện")
    assert (hospital[2], hospital[ratio], hospital[ratio + 1]) == (2, "1/2", 50.0)
    assert (totals[2], totals[ratio]) == (3, "1/3")
    bucket = header.index(str(selectors.BUCKET_LABELS["inspected"]))
    assert (hospital[bucket], totals[bucket]) == (1, 1)
    rows = {r[0]: r for r in listed if r[0] and str(r[0]).startswith("DH-")}
    assert set(rows) == {flags[k].reference for k in ("open", "inspected", "clinic")}
    open_row = rows[flags["open"].reference]
    assert open_row[1:3] == ("CĐCS Bệnh viện", "H")
    assert open_row[5] == "Đang xử lý, trong mọi thời hạn"
    clocks = selectors.coverage_clocks([flags["open"]])[flags["open"].pk]
    assert clocks and open_row[7].count("\n") + 1 == len(clocks) and f"hạn {clocks[0].due_on:%d/%m/%Y}" in open_row[7]
    assert rows[flags["inspected"].reference][5] == "Đã kiểm tra, có kết luận"
    flags["inspected"].refresh_from_db()
    assert rows[flags["inspected"].reference][6] == flags["inspected"].inspection.reference
    (event,) = AuditEvent.objects.filter(action="report.export")
    assert event.after["kind"] == "coverage_xlsx"
    kind = next(c for c in changes_of(event) if c.field == "kind")
    assert kind.after == "Báo cáo bao phủ dấu hiệu vi phạm (Excel)"


def test_a_drilled_bucket_exports_the_flags_the_page_lists(client, cast, flags):
    client.force_login(cast.auditor)
    query = {"bucket": "in_progress", "drill_unit": cast.hospital.pk}
    page = client.get(reverse("inspections:coverage"), query).content.decode()
    assert flags["open"].reference in page and flags["clinic"].reference not in page
    assert "Thời hạn đang tính" in page
    _figures, listed = _sheets(client.get(reverse(EXPORT, args=["xlsx"]), query))
    assert [r[0] for r in listed if r[0] and str(r[0]).startswith("DH-")] == [flags["open"].reference]


def test_a_reader_never_exports_a_unit_outside_their_scope(client, cast, flags):
    """The other sector's flag is counted nowhere for the sector's auditor, even when the filter or the
    drill-down names its unit."""
    client.force_login(cast.auditor)
    for query in (
        {},
        {"unit": cast.other_grassroots.pk},
        {"unit": cast.province.pk},
        {"bucket": "in_progress", "drill_unit": cast.other_grassroots.pk},
    ):
        figures, listed = _sheets(client.get(reverse(EXPORT, args=["xlsx"]), query))
        text = repr(figures) + repr(listed)
        assert "CĐCS Trường học" not in text and flags["elsewhere"].reference not in text, query
        assert next(r for r in figures if r[0] == "Tổng cộng")[2] == 3
        document = client.get(reverse(EXPORT, args=["json"]), query).json()
        assert document["totals"]["raised"] == 3
        assert "EG" not in {row["unit__code"] for row in document["rows"]}
    client.force_login(cast.outsider)
    assert client.get(reverse(EXPORT, args=["xlsx"])).status_code == 404


def test_the_json_is_what_the_api_answers(client, cast, flags):
    client.force_login(cast.auditor)
    for query in ({}, {"unit": cast.hospital.pk}):
        response = client.get(reverse(EXPORT, args=["json"]), query)
        assert response["Content-Disposition"].endswith('.json"')
        assert json.loads(response.content) == client.get("/api/reports/coverage/", query).json()
    assert client.get(reverse(EXPORT, args=["pdf"])).status_code == 404
