"""A new limit counted again from the clock's start (a complaint found complex: Luật Khiếu nại 2011 Đ.28)
keeps the time the clock spent paused out of the count (Luật Tố cáo 2018 Đ.34 khoản 2; Luật Khiếu nại
Đ.11a added by Luật 136/2025/QH15): counted in the unit of the limit in force, also when the new limit's
row counts in the other unit; and a new limit given while paused moves on by that pause at its resume."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from tests.workflows.conftest import at
from workflows.models import Deadline, DeadlineRule
from workflows.services.deadlines import deadline_open, deadline_pause, deadline_relimit, deadline_resume

pytestmark = pytest.mark.django_db

TARGET = ("tests.fake", "1")


def _open(cast) -> Deadline:
    # petition/accept: 10 calendar days from Mon 02/03/2026 → Thu 12/03.
    clock.set_now(at(2))
    deadline = deadline_open(target=TARGET, unit=cast.sector, step="accept", subject="petition")
    assert deadline.due_on == dt.date(2026, 3, 12)
    return deadline


def _paused(start: int, end: int) -> None:
    clock.set_now(at(start))
    deadline_pause(target=TARGET, step="accept")
    clock.set_now(at(end))
    deadline_resume(target=TARGET, step="accept")


def _rule(deadline: Deadline, variant: str, days: int, unit: str) -> DeadlineRule:
    return DeadlineRule.objects.create(
        version=deadline.rule.version, subject="petition", step="accept", variant=variant, days=days, day_unit=unit
    )


def test_days_paused_before_the_new_limit_are_not_counted_against_it(cast):
    deadline = _open(cast)
    _paused(4, 9)  # Wed 04/03 to Mon 09/03: 5 calendar days
    clock.set_now(at(10))
    deadline = deadline_relimit(target=TARGET, step="accept", days=20)
    # 20 days from 02/03 and the 5 paused: Fri 27/03.
    assert (deadline.due_on, deadline.paused_days, deadline.status) == (dt.date(2026, 3, 27), 5, "open")


def test_a_new_limit_given_while_paused_moves_on_by_that_pause_at_its_resume(cast):
    deadline = _open(cast)
    clock.set_now(at(4))
    deadline_pause(target=TARGET, step="accept")
    clock.set_now(at(6))
    deadline = deadline_relimit(target=TARGET, step="accept", days=20)
    # 20 days from 02/03: Sun 22/03, carried to Mon 23/03 (Bộ luật Dân sự 2015 Đ.148); still paused.
    assert (deadline.due_on, deadline.status) == (dt.date(2026, 3, 23), "paused")
    clock.set_now(at(9))
    (deadline,) = deadline_resume(target=TARGET, step="accept")
    # The 5 days paused (04/03 to 09/03) on the limit's last day, 22/03: Fri 27/03.
    assert (deadline.due_on, deadline.paused_days) == (dt.date(2026, 3, 27), 5)


def test_days_paused_on_a_calendar_clock_count_in_working_days_under_a_working_day_limit(cast):
    deadline = _open(cast)
    _paused(6, 9)  # Fri 06/03 to Mon 09/03: 3 calendar days, 1 working day (Monday)
    assert Deadline.objects.get(pk=deadline.pk).paused_days == 3
    clock.set_now(at(10))
    deadline = deadline_relimit(target=TARGET, step="accept", rule=_rule(deadline, "complex", 12, "working"))
    # 12 working days from 02/03 and the 1 working day paused: 13 working days, Thu 19/03.
    assert (deadline.day_unit, deadline.due_on, deadline.paused_days) == ("working", dt.date(2026, 3, 19), 1)


def test_days_paused_on_a_working_day_clock_count_in_calendar_days_under_a_calendar_limit(cast):
    deadline = _open(cast)
    deadline = deadline_relimit(target=TARGET, step="accept", rule=_rule(deadline, "complex", 5, "working"))
    assert deadline.due_on == dt.date(2026, 3, 9)
    _paused(4, 9)  # Wed 04/03 to Mon 09/03: 3 working days, 5 calendar days
    assert Deadline.objects.get(pk=deadline.pk).paused_days == 3
    clock.set_now(at(10))
    deadline = deadline_relimit(target=TARGET, step="accept", rule=_rule(deadline, "remote", 20, "calendar"))
    # 20 calendar days from 02/03 and the 5 paused: Fri 27/03.
    assert (deadline.day_unit, deadline.due_on, deadline.paused_days) == ("calendar", dt.date(2026, 3, 27), 5)
    # A later pause and its resume go on from there in calendar days.
    _paused(11, 13)
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.paused_days) == (dt.date(2026, 3, 30), 7)  # Sun 29/03 carried to Mon 30/03


def test_a_pause_that_came_after_the_limit_ran_out_is_not_counted_under_the_new_limit(cast, fake_target):
    deadline = _open(cast)
    clock.set_now(at(13))  # past 12/03, no pass of the sweep since
    Deadline.objects.filter(pk=deadline.pk).update(status=Deadline.Status.PAUSED, paused_at=clock.now())
    clock.set_now(at(16))
    deadline = deadline_relimit(target=TARGET, step="accept", rule=_rule(deadline, "complex", 15, "working"))
    # Its breach is recorded; the late pause counts for nothing: 15 working days from 02/03, Mon 23/03.
    assert (deadline.due_on, deadline.paused_days, deadline.status) == (dt.date(2026, 3, 23), 0, "open")
