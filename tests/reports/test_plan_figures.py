"""The planned inspections of the quarterly report count the plan's inspections, not its supervisions."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections import services as inspections
from casework.reports.selectors import quarterly_consolidated, quarterly_report

pytestmark = pytest.mark.django_db


def test_a_planned_supervision_is_not_counted_as_a_planned_inspection(cast, frozen_clock):
    plan = inspections.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    for kind, unit in (("supervision", cast.hospital), ("inspection", cast.clinic)):
        inspections.plan_item_add(
            plan=plan,
            kind=kind,
            subject_unit=unit,
            topics=["charter"],
            starts_on=dt.date(2026, 3, 9),
            ends_on=dt.date(2026, 3, 20),
            team_lead=cast.inspector2,
            actor=cast.inspector,
        )
    inspections.plan_submit(plan=plan, actor=cast.inspector)
    inspections.plan_approve(plan=plan, actor=cast.leader)
    report = quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    assert (report.figures["plan_items"], report.figures["plan_items_done"]) == (1, 0)
    consolidated = quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    assert consolidated.totals["plan_items"] == 1
