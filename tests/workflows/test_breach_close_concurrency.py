"""The sweep marking a clock breached at the same moment as its step's end stops it, on PostgreSQL: the
clock ends stopped (met late, its breach recorded), never left breached and read as running."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.db.models import F

from casework.inspections import services as inspection_services
from core import clock
from tests.builders import open_ad_hoc, raise_flag
from tests.concurrency import at_once, one_holding
from tests.workflows.conftest import at
from workflows.models import Deadline
from workflows.services import breach
from workflows.services.deadlines import deadline_close, deadline_open
from workflows.sweep import sweep_run

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_a_sweep_and_the_steps_ending_at_once_leave_every_clock_stopped(policy_v1, cast, fake_target):
    clock.set_now(at(2))
    for n in range(12):
        deadline_open(
            target=("tests.fake", str(n)), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
        )
    now = at(13)  # past the 10-day limit: each clock is due for its breach
    clock.set_now(now)

    @transaction.atomic
    def steps_end() -> int:
        return sum(deadline_close(target=("tests.fake", str(n)), step="accept") for n in range(12))

    swept, closed = at_once(lambda: sweep_run(now=now), steps_end)

    assert not isinstance(swept, Exception) and not isinstance(closed, Exception)
    assert swept.errors == 0 and closed == 12  # every clock stopped by its step, breached first or not
    assert not Deadline.objects.filter(target_type="tests.fake").exclude(status=Deadline.Status.MET).exists()
    clocks = Deadline.objects.filter(target_type="tests.fake")
    # Each breach the sweep made stays recorded on the stopped clock (its moment: the sweep's); a clock its
    # step stopped first was late all the same, and records its due moment (deadline_close).
    assert clocks.filter(breached_at=now).count() == swept.breached
    assert clocks.filter(breached_at=F("due_at")).count() == 12 - swept.breached


def test_a_step_ending_while_the_sweep_holds_its_breached_clock_stops_it_once_the_sweep_commits(
    policy_v1, cast, monkeypatch
):
    """The interleaving at_once may not hit: the sweep has marked the clock breached and not committed;
    the step's end waits for that row, then finds it breached, and stops it all the same."""
    clock.set_now(at(2))
    inspection = open_ad_hoc(cast, [raise_flag(cast)])  # decided: the notice clock runs
    notice = Deadline.objects.get(target_type="inspections.inspection", target_id=str(inspection.pk), step="notice")
    now = notice.due_at + dt.timedelta(days=1)
    clock.set_now(now)
    held, release = threading.Event(), threading.Event()
    notify = breach.notify

    def notify_then_hold(**kwargs):
        notify(**kwargs)
        held.set()
        release.wait(timeout=30)  # the sweep's transaction stays open, the breached row locked

    monkeypatch.setattr(breach, "notify", notify_then_hold)
    swept, notified, done_meanwhile = one_holding(
        lambda: sweep_run(now=now),
        lambda: inspection_services.inspection_notify(
            inspection=inspection, text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
        ),
        held,
        release,
    )

    assert not done_meanwhile  # the step waited for the row the sweep held
    assert swept.breached == 1 and swept.errors == 0
    assert not isinstance(notified, Exception), notified
    notice.refresh_from_db()
    assert (notice.status, notice.breached_at, notice.closed_at) == (Deadline.Status.MET, now, now)
    from casework.audit.models import AuditEvent

    step = AuditEvent.objects.get(
        action="inspection.notify", target_type="inspections.inspection", target_id=str(inspection.pk)
    )
    assert step.after["closed"] == ["notice"]  # the coverage proof's record of the stop
