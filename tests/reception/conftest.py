"""A reception session of the health-sector union on a working-day morning, received by its leader and chair;
and one after Nghị định 154/2026/NĐ-CP came into force (01/07/2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.reception.services import reception_session_schedule
from core import clock
from tests.builders import at, make_session, make_visit

# Wednesday 05/08/2026: + 03 working days is Monday 10/08/2026.
AUGUST_DAY = dt.date(2026, 8, 5)


def august_session(cast, unit=None, day=AUGUST_DAY, receivers=None, **kw):
    """A morning session (8 to 11) on `day`: the chair schedules their own unit's, the administrator another's."""
    return reception_session_schedule(
        actor=cast.chair if unit is None else cast.admin,
        unit=unit or cast.sector,
        starts_at=at(day, 8),
        ends_at=at(day, 11),
        place="Phòng tiếp công dân",
        receivers=receivers or [cast.leader, cast.chair],
        **kw,
    )


@pytest.fixture
def session(cast, frozen_clock):
    return make_session(cast)


@pytest.fixture
def visit(cast, session):
    return make_visit(cast, session)


@pytest.fixture
def august(cast, frozen_clock):
    clock.set_now(at(AUGUST_DAY, 8))
    return august_session(cast)
