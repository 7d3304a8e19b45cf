"""coverage_report prints the table and fails when a flag is unaccounted for."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework.inspections import selectors, services
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag
from workflows.models import Escalation
from workflows.sweep import sweep_run


def _run(*args):
    out = StringIO()
    call_command("coverage_report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_buckets_sum_to_all_flags_raised(cast, frozen_clock):
    conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    open_ad_hoc(cast, [raise_flag(cast)])
    raise_flag(cast, unit=cast.clinic)
    raise_flag(cast, unit=cast.other_grassroots, actor=cast.admin)
    report = selectors.coverage_by_unit(user=None)
    totals = report["totals"]
    assert totals["raised"] == 4
    assert (totals["inspected"], totals["in_progress"], totals["unaccounted"]) == (1, 3, 0)
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


def _json(*args):
    out = StringIO()
    try:
        call_command("coverage_report", "--format", "json", *args, stdout=out, stderr=StringIO())
        failed = False
    except CommandError:
        failed = True
    return json.loads(out.getvalue()), failed


def test_an_inspection_opened_and_never_decided_is_not_in_time_a_year_later(cast, frozen_clock):
    flag = raise_flag(cast)
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[flag]
    )
    assert selectors.flag_bucket(flag=flag) == "in_progress"
    a_year_on = (clock.now() + dt.timedelta(days=400)).isoformat()
    document, failed = _json("--now", a_year_on)
    assert failed and document["total"]["flags"]["unaccounted"] == [flag.pk]
    clock.advance(dt.timedelta(days=400))
    sweep_run()
    escalation = Escalation.objects.get(target_type="inspections.inspection", target_id=str(inspection.pk))
    assert escalation.deadline.step == "decision"
    assert selectors.flag_bucket(flag=flag) == "overdue_escalated"
    document, failed = _json()
    assert not failed and document["total"]["flags"]["overdue_escalated"] == [flag.pk]


def test_a_decided_inspection_whose_step_breached_is_not_in_time(cast, frozen_clock):
    flag = raise_flag(cast)
    inspection = open_ad_hoc(cast, [flag])
    clock.advance(dt.timedelta(days=30))  # the notice (7 working days) is late
    assert selectors.flag_bucket(flag=flag) == "unaccounted"
    sweep_run()
    assert selectors.flag_bucket(flag=flag) == "overdue_escalated"
    # The late step is done afterwards: the breach stays on record, the flag does not turn "in time".
    services.inspection_notify(inspection=inspection, text="Thông báo kiểm tra", actor=cast.inspector)
    assert selectors.flag_bucket(flag=flag) == "overdue_escalated"
    report = selectors.coverage_by_unit(user=None)["totals"]
    assert (report["in_progress"], report["overdue_escalated"], report["unaccounted"]) == (0, 1, 0)


def test_json_lists_every_bucket_with_counts_that_add_up(cast, frozen_clock):
    done = raise_flag(cast)
    conclude(cast, open_ad_hoc(cast, [done]))
    running = raise_flag(cast, unit=cast.clinic)
    document, failed = _json()
    assert not failed
    total = document["total"]
    assert set(total) == {"raised", *selectors.BUCKETS, "flags"}
    assert (total["raised"], total["inspected"], total["in_progress"]) == (2, 1, 1)
    assert sum(total[b] for b in selectors.BUCKETS) == total["raised"]
    assert total["flags"]["inspected"] == [done.pk] and total["flags"]["in_progress"] == [running.pk]
    by_unit = {u["unit"]: u for u in document["units"]}
    assert by_unit[cast.hospital.code]["flags"]["inspected"] == [done.pk]
    assert by_unit[cast.clinic.code]["in_progress"] == 1
    # As of 40 days on, the clinic's flag is overdue and nobody escalated it: the command fails.
    document, failed = _json("--now", (clock.now() + dt.timedelta(days=40)).isoformat())
    assert failed and document["total"]["flags"]["unaccounted"] == [running.pk]
    with pytest.raises(CommandError, match="--now"):
        call_command("coverage_report", "--now", "not-a-date", stdout=StringIO())
