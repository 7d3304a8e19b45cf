"""Quarterly figures against the hand-built data set, the consolidated view and scope."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.reports.figures import FIGURE_KEYS, figures_sum
from casework.reports.selectors import quarterly_consolidated, quarterly_report
from core.errors import OutOfScope
from tests.reports.conftest import EXPECTED_C, EXPECTED_H, EXPECTED_S

pytestmark = pytest.mark.django_db


def expected(*parts):
    total = dict.fromkeys(FIGURE_KEYS, 0)
    for part in parts:
        for key, value in part.items():
            total[key] += value
    return total


def test_sector_report_counts_its_whole_subtree(cast, dataset, frozen_clock):
    report = quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    assert report.figures == expected(EXPECTED_S, EXPECTED_H, EXPECTED_C)
    assert report.on_time_rate == 50.0


def test_grassroots_report_counts_only_its_own_unit(cast, dataset, frozen_clock):
    report = quarterly_report(unit=cast.hospital, year=2026, quarter=1, user=dataset.h_leader)
    assert report.figures == expected(EXPECTED_H)


def test_previous_quarter_sees_only_the_old_letter(cast, dataset, frozen_clock):
    report = quarterly_report(unit=cast.sector, year=2025, quarter=4, user=cast.leader)
    assert report.figures["received_total"] == 1
    assert report.figures["channel_letter"] == 1
    # On 31/12/2025 the clinic letter was 30 days old and its 10-day accept clock already past.
    assert (report.figures["open_total"], report.figures["open_le30"], report.figures["open_overdue"]) == (1, 1, 1)


def test_figures_come_from_a_fixed_number_of_aggregate_queries(cast, dataset, frozen_clock):
    with CaptureQueriesContext(connection) as small:
        quarterly_report(unit=cast.hospital, year=2026, quarter=1, user=cast.leader)
    with CaptureQueriesContext(connection) as large:
        quarterly_report(unit=cast.province, year=2026, quarter=1, user=cast.province_leader)
    # The same queries whatever the number of rows: no per-row Python work.
    assert len(small.captured_queries) == len(large.captured_queries)
    # Seven aggregates, two more by subject area (letters, flags), the taxonomy (areas and their
    # versions), plus the role look-ups that build each scope filter.
    assert len(large.captured_queries) <= 21


def test_consolidated_view_has_a_row_per_child_and_sums_them(cast, dataset, frozen_clock):
    data = quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    rows = {row.unit.code: row for row in data.rows}
    assert list(rows) == ["S", "H", "C"]
    assert rows["S"].own_level and rows["S"].figures == expected(EXPECTED_S)
    assert rows["H"].figures == expected(EXPECTED_H)
    assert rows["C"].figures == expected(EXPECTED_C)
    assert data.totals == figures_sum([r.figures for r in data.rows])
    assert data.totals == quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader).figures


def test_the_consolidated_view_reads_the_same_queries_whatever_the_number_of_units(cast, dataset, frozen_clock):
    """Each child's breakdown by area names its areas from one reading of the taxonomy: a unit more
    is no query more (an area read per unit came to 69 queries on the demo's sector)."""
    from casework.org.models import Unit
    from casework.org.services import unit_create

    with CaptureQueriesContext(connection) as few:
        quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    for n in range(4):
        unit_create(code=f"CS{n}", name=f"CĐCS {n}", kind=Unit.Kind.GRASSROOTS, parent=cast.sector)
    with CaptureQueriesContext(connection) as many:
        data = quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    assert len(data.rows) == 3 + 4
    # Outside a request each scope filter reads the roles again (the page reads them once: 19 there).
    assert len(many.captured_queries) == len(few.captured_queries) <= 23


def test_a_unit_outside_the_users_scope_is_out_of_scope(cast, dataset, frozen_clock):
    with pytest.raises(OutOfScope):
        quarterly_report(unit=cast.other_sector, year=2026, quarter=1, user=cast.leader)
    with pytest.raises(OutOfScope):
        quarterly_report(unit=cast.sector, year=2026, quarter=1, user=dataset.h_leader)
    with pytest.raises(OutOfScope):
        quarterly_report(unit=cast.hospital, year=2026, quarter=1, user=cast.outsider)


def test_the_on_time_rate_on_the_quarterly_page_names_its_numerator_and_denominator(
    client, cast, dataset, frozen_clock
):
    """Every percentage shown names its numerator and denominator (docs/domain.md): 1 of 2 on time."""
    client.force_login(cast.leader)
    page = client.get(reverse("reports:quarterly"), {"unit": "S", "year": 2026, "quarter": 1}).content.decode()
    assert "<strong>50,0%</strong> (1/2 đơn đã giải quyết đúng hạn)" in page
