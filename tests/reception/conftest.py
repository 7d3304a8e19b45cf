"""A reception session of the health-sector union on a working-day morning, received by its leader and chair."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casework.reception.services import reception_entry_record, reception_session_schedule
from core import clock


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


SESSION_DAY = dt.date(2026, 3, 5)


def make_session(cast):
    return reception_session_schedule(
        actor=cast.chair,
        unit=cast.sector,
        starts_at=at(SESSION_DAY, 8),
        ends_at=at(SESSION_DAY, 11, 30),
        place="Phòng tiếp công dân, tầng 1",
        receivers=[cast.leader, cast.chair],
    )


def make_visit(cast, session):
    """A denunciation told in person by Trần Thị Bình; the clock stands at the session's morning."""
    clock.set_now(at(SESSION_DAY, 9))
    return reception_entry_record(
        session=session,
        actor=cast.leader,
        full_name="Trần Thị Bình",
        address="12 Lê Lợi, TP Thái Bình",
        id_number="034190001234",
        people_count=2,
        content="Chủ tịch CĐCS Bệnh viện chi sai quỹ phúc lợi năm 2025.",
        classification="denunciation",
        handling_route="guided",
    )


@pytest.fixture
def session(cast, frozen_clock):
    return make_session(cast)


@pytest.fixture
def visit(cast, session):
    return make_visit(cast, session)
