"""Figures in tables are right-aligned: every cell holding only a number (or n/m, n%) carries class "num"."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests import builders

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^\d[\d.,]*(\s*/\s*\d[\d.,]*)?(\s*\(\d[\d.,]*%\))?$")


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []  # (class, text) of each <td>/<th> in a table.table
        self._in_table = 0
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "table" in (a.get("class") or "").split():
            self._in_table += 1
        elif tag in ("td", "th") and self._in_table:
            self._cell = [a.get("class") or "", ""]

    def handle_endtag(self, tag):
        if tag == "table" and self._in_table:
            self._in_table -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.cells.append((self._cell[0], self._cell[1].strip()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data


def _unaligned(html: str) -> list[str]:
    parser = _Cells()
    parser.feed(html)
    numeric = [(cls, text) for cls, text in parser.cells if NUMBER.match(text)]
    assert numeric, "the page shows no figures in a table"
    return [text for cls, text in numeric if "num" not in cls.split()]


def test_the_quarterly_figures_and_the_coverage_table_align_their_numbers(client, cast, frozen_clock):
    builders.make_case(cast)
    builders.raise_flag(cast)
    client.force_login(cast.chair)
    for path in ("/reports/quarterly/?unit=S&year=2026&quarter=1", "/inspections/coverage/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not _unaligned(response.content.decode()), path


def test_the_leadership_queue_aligns_the_days_waited(client, cast, frozen_clock):
    import datetime as dt

    from core import clock
    from workflows.sweep import sweep_run

    builders.raise_flag(cast)
    clock.advance(dt.timedelta(days=60))
    sweep_run()
    client.force_login(cast.leader)
    html = client.get("/escalations/").content.decode()
    assert not _unaligned(html)
    assert re.search(r'<th scope="col" class="num"[^>]*><a [^>]*>Chờ \(ngày\)', html)  # its header too, sortable


def test_a_reference_heading_its_row_is_marked_never_to_break_at_its_hyphens(client, cast, frozen_clock):
    """Each list's first column holds the reference ("DH-00005", "KN-2026-00001"), in a cell of class "ref"
    (kept on one line: a narrow column otherwise broke it at the hyphen)."""
    case = builders.make_case(cast)
    flag = builders.raise_flag(cast)
    client.force_login(cast.chair)
    for path, reference in (
        ("/cases/", case.reference),
        ("/inspections/flags/", flag.reference),
        (f"/search/?q={flag.reference}", flag.reference),
    ):
        parser = _Cells()
        parser.feed(client.get(path).content.decode())
        cells = [cls for cls, text in parser.cells if text == reference]
        assert cells and all("ref" in cls.split() for cls in cells), path
