"""A thematic supervision of the hospital's union by the health sector's committee (tests/builders.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections import services as inspections
from casework.supervision import services
from casework.supervision.models import Supervision
from tests.builders import SUPERVISION_START, make_supervision


@pytest.fixture
def supervision(cast, frozen_clock) -> Supervision:
    return make_supervision(cast)


@pytest.fixture
def started(cast, supervision) -> Supervision:
    return services.supervision_start(supervision=supervision, actor=cast.inspector)


@pytest.fixture
def approved_plan(cast, frozen_clock):
    """An approved plan of the sector: a supervision of the hospital and an inspection of the clinic."""
    plan = inspections.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    supervised = inspections.plan_item_add(
        plan=plan,
        kind="supervision",
        subject_unit=cast.hospital,
        topics=["charter"],
        starts_on=SUPERVISION_START,
        ends_on=SUPERVISION_START + dt.timedelta(days=30),
        team_lead=cast.inspector2,
        actor=cast.inspector,
    )
    inspected = inspections.plan_item_add(
        plan=plan,
        subject_unit=cast.clinic,
        topics=["finance_books"],
        starts_on=SUPERVISION_START,
        ends_on=SUPERVISION_START + dt.timedelta(days=30),
        team_lead=cast.inspector,
        actor=cast.inspector,
    )
    inspections.plan_submit(plan=plan, actor=cast.inspector)
    inspections.plan_approve(plan=plan, actor=cast.leader)
    return plan, supervised, inspected
