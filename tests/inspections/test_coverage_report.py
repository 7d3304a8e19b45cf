"""coverage_report prints the table and fails when a flag is unaccounted for."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework import clock
from casework.inspections import selectors
from tests.inspections.conftest import conclude, open_ad_hoc, raise_flag
from workflows.sweep import sweep_run


def _run(*args):
    out = StringIO()
    call_command("coverage_report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_buckets_sum_to_all_flags_raised(cast, frozen_clock):
    conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    open_ad_hoc(cast, [raise_flag(cast)], number="06/QĐ-UBKT")
    raise_flag(cast, unit=cast.clinic)
    raise_flag(cast, unit=cast.other_grassroots, actor=cast.admin)
    report = selectors.coverage_by_unit(user=None)
    totals = report["totals"]
    assert totals["raised"] == 4
    assert (totals["inspected"], totals["open_in_time"], totals["unaccounted"]) == (1, 3, 0)
    assert sum(totals[b] for b in selectors.BUCKETS) == totals["raised"]
    output = _run()
    assert "TỔNG CỘNG" in output and "Đủ 100%" in output
    assert "EG" not in _run("--unit", "S")


def test_command_fails_on_an_overdue_flag_not_escalated(cast, frozen_clock):
    raise_flag(cast)
    clock.advance(dt.timedelta(days=40))
    with pytest.raises(CommandError, match="1 dấu hiệu"):
        _run()
    sweep_run()
    assert "Đủ 100%" in _run()


def test_period_filter(cast, frozen_clock):
    raise_flag(cast)
    clock.advance(dt.timedelta(days=3))
    raise_flag(cast)
    today = clock.today().isoformat()
    report = selectors.coverage_by_unit(user=None, date_from=clock.today())
    assert report["totals"]["raised"] == 1
    assert "TỔNG CỘNG" in _run("--from", today, "--to", today)
    with pytest.raises(CommandError):
        _run("--unit", "NOPE")
