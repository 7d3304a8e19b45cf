"""The coverage page reads its figures in a number of queries that does not grow with the units it lists:
each flag's bucket is one expression, counted per unit and bucket in one grouped query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.inspections import selectors
from tests.builders import open_ad_hoc, raise_flag
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _page_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("inspections:coverage"))
    assert page.status_code == 200
    return len(captured.captured_queries), page.content.decode()


def test_the_coverage_pages_queries_do_not_grow_with_its_units(client, cast, frozen_clock):
    open_ad_hoc(cast, [raise_flag(cast)])
    client.force_login(cast.inspector)
    _page_queries(client)  # what a first request caches (roles, settings) is not counted
    one_unit, _page = _page_queries(client)
    assert len(selectors.coverage_by_unit(user=cast.inspector)["rows"]) == 1

    for n in range(4):
        unit = make_unit(parent=cast.sector, name=f"CĐCS Trạm y tế {n}", code=f"T{n}")
        raise_flag(cast, unit=unit)
        raise_flag(cast, unit=unit)
    raise_flag(cast, unit=cast.clinic)
    six_units, page = _page_queries(client)

    report = selectors.coverage_by_unit(user=cast.inspector)
    assert len(report["rows"]) == 6 and report["totals"]["raised"] == 10
    assert all(f"CĐCS Trạm y tế {n}" in page for n in range(4))
    assert six_units == one_unit
