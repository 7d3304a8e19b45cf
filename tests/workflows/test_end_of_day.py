"""A limit counted in days ends at 24:00 of its last day (Bộ luật Dân sự 2015 Đ.148 khoản 1 and khoản 6): a step
done at any instant of its due day is in time, the sweep breaches its clock only from 00:00 of the next day."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from casework.inspections import selectors
from core import clock
from tests import builders
from workflows.calendar import WorkingCalendar, end_of_day
from workflows.models import Deadline
from workflows.services.deadlines import reminder_at
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

migration = import_module("workflows.migrations.0039_limits_end_at_midnight")


def _local(day: dt.date, *clock_time: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(*clock_time)))


def _clock(flag) -> Deadline:
    return Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk), step="open_inspection")


def test_a_day_ends_at_its_last_microsecond_in_the_project_time_zone():
    day = dt.date(2026, 4, 30)
    assert timezone.localtime(end_of_day(day)).replace(tzinfo=None) == dt.datetime(2026, 4, 30, 23, 59, 59, 999999)
    assert end_of_day(day) + dt.timedelta(microseconds=1) == _local(day + dt.timedelta(days=1), 0, 0)


def test_a_step_done_in_the_last_second_of_its_due_day_is_in_time(cast, frozen_clock):
    flag, other = builders.raise_flag(cast), builders.raise_flag(cast, unit=cast.clinic)
    due_on = _clock(flag).due_on
    assert _clock(flag).due_at == end_of_day(due_on)
    clock.set_now(_local(due_on, 23, 59, 59, 500000))

    result = sweep_run()

    assert result.breached == 0
    assert {_clock(flag).status, _clock(other).status} == {Deadline.Status.OPEN}
    assert selectors.flag_bucket(flag=flag) == "in_progress"
    assert selectors.coverage_trail_disagreements() == []
    builders.open_ad_hoc(cast, [flag])  # the step the clock runs for, done at 23:59:59.5
    done = _clock(flag)
    assert (done.status, done.breached_at) == (Deadline.Status.MET, None)
    assert selectors.coverage_trail_disagreements() == []

    clock.set_now(_local(due_on + dt.timedelta(days=1), 0, 0))
    result = sweep_run()

    late = _clock(other)
    assert (result.breached, late.status, late.breached_at) == (1, Deadline.Status.BREACHED, clock.now())
    assert _clock(flag).status == Deadline.Status.MET


def test_a_reminder_is_due_at_eight_sharp(cast, frozen_clock):
    deadline = _clock(builders.raise_flag(cast))
    at = timezone.localtime(reminder_at(deadline, 0, WorkingCalendar.load()))
    assert (at.date(), at.time()) == (deadline.due_on, dt.time(8, 0, 0, 0))
    assert timezone.localtime(deadline.next_reminder_at).time() == dt.time(8, 0, 0, 0)


def test_the_migration_moves_the_instants_set_at_the_old_close_of_a_day(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    running, stopped, live = _clock(flag), *(_clock(builders.raise_flag(cast)) for _ in range(2))
    old_close = _local(running.due_on, 23, 59, 59)
    received = _local(stopped.due_on - dt.timedelta(days=2), 23, 59, 59)
    Deadline.objects.filter(pk=running.pk).update(due_at=old_close)
    # A clock stopped late before the sweep (its breach at its due moment), by a paper received at a day's close.
    Deadline.objects.filter(pk=stopped.pk).update(
        due_at=_local(stopped.due_on, 23, 59, 59),
        status=Deadline.Status.MET,
        breached_at=_local(stopped.due_on, 23, 59, 59),
        closed_at=received,
    )
    # Instants read from the clock stay as they are, a due moment not at the close of its due day too.
    Deadline.objects.filter(pk=live.pk).update(
        due_at=_local(live.due_on - dt.timedelta(days=1), 23, 59, 59),
        breached_at=_local(live.due_on, 23, 59, 58),
        closed_at=_local(live.due_on, 23, 59, 59, 1),
    )
    untouched = Deadline.objects.filter(pk=live.pk).values("due_at", "breached_at", "closed_at").get()
    # The proof holds a running clock's due moment to the close of its due day: the old close disagrees.
    assert flag.reference in dict(selectors.coverage_trail_disagreements())

    migration.forwards(apps, None)

    running.refresh_from_db()
    stopped.refresh_from_db()
    assert running.due_at == end_of_day(running.due_on)
    assert (stopped.due_at, stopped.breached_at) == (end_of_day(stopped.due_on),) * 2
    assert stopped.closed_at == end_of_day(stopped.due_on - dt.timedelta(days=2))
    assert Deadline.objects.filter(pk=live.pk).values("due_at", "breached_at", "closed_at").get() == untouched
    assert flag.reference not in dict(selectors.coverage_trail_disagreements())

    migration.backwards(apps, None)

    running.refresh_from_db()
    stopped.refresh_from_db()
    assert running.due_at == old_close
    assert (stopped.due_at, stopped.breached_at, stopped.closed_at) == (
        _local(stopped.due_on, 23, 59, 59),
        _local(stopped.due_on, 23, 59, 59),
        received,
    )
    assert Deadline.objects.filter(pk=live.pk).values("due_at", "breached_at", "closed_at").get() == untouched
