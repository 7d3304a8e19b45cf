"""The coverage figures of one period agree wherever they are read: the page, the API, the command's
JSON and the quarterly report; a flag raised on the quarter's last evening (local
time) belongs to that quarter everywhere, and its inspection in the next quarter counts where it was raised."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.inspections import selectors
from casework.reports.selectors import quarterly_report
from core import clock
from tests import builders

pytestmark = pytest.mark.django_db
ICT = dt.timezone(dt.timedelta(hours=7))


def test_a_flag_raised_on_the_quarters_last_evening_counts_in_that_quarter_everywhere(client, cast, frozen_clock):
    clock.set_now(dt.datetime(2026, 3, 31, 23, 30, tzinfo=ICT))  # 16:30 UTC: the same day in UTC and ICT
    late_evening = builders.raise_flag(cast)
    clock.set_now(dt.datetime(2026, 4, 1, 0, 30, tzinfo=ICT))  # 17:30 UTC on 31/3: already Q2 in Vietnam
    after_midnight = builders.raise_flag(cast)
    builders.conclude(cast, builders.open_ad_hoc(cast, [late_evening]))
    q1 = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 3, 31)}
    page = selectors.coverage_by_unit(user=cast.chair, unit=cast.sector, **q1)["totals"]
    assert (page["raised"], page["inspected"]) == (1, 1)
    api = client
    api.force_login(cast.chair)
    body = api.get(
        "/api/reports/coverage/", {"unit": cast.sector.pk, "date_from": "2026-01-01", "date_to": "2026-03-31"}
    )
    assert body.json()["totals"]["raised"] == 1 and body.json()["totals"]["inspected"] == 1
    out = io.StringIO()
    call_command(
        "coverage_report", "--unit", "S", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "json", stdout=out
    )
    assert json.loads(out.getvalue())["total"]["flags"]["inspected"] == [late_evening.pk]
    # Quarter I's report reads it as it stood at the close of 31/03: in progress, its inspection
    # concluded only after (the coverage figures above read it now).
    figures = quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.chair).figures
    assert (figures["flags_raised"], figures["flags_inspected"], figures["flags_in_progress"]) == (1, 0, 1)
    q2 = quarterly_report(unit=cast.sector, year=2026, quarter=2, user=cast.chair).figures
    assert (q2["flags_raised"], q2["flags_in_progress"]) == (1, 1)
    html = api.get(
        reverse("inspections:coverage"),
        {"unit": cast.sector.pk, "date_from": "2026-04-01", "date_to": "2026-06-30", "bucket": "in_progress"},
    ).content.decode()
    assert after_midnight.reference in html and late_evening.reference not in html
