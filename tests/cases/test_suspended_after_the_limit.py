"""A complaint suspended (tạm đình chỉ) only after its resolution limit ran out: the pause stops the counting of a
limit still running (Luật 136/2025/QH15: the time paused is not counted), it revives none that ran out. Its
breach stands as the sweep marks it, whether or not a pass came round between the due moment and the
suspension: recorded, told, brought to leadership once; the clock is neither paused nor moved by the resume,
and nobody is reminded of a limit gone by. Walked with an injected clock."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.models import Status, SuspensionGround
from casework.cases.services import (
    case_complexity_decide,
    case_resume,
    case_suspend,
)
from core import clock
from notifications.models import Notification
from tests.builders import at, case_clock, clock_at
from tests.cases.test_complex_after_limit import _verifying
from workflows.automatic_reasons import STEP_NAME, STEP_OVERDUE
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, DeadlineChange, Escalation
from workflows.selectors import escalation_list_awaiting
from workflows.services.deadlines import reminder_at, reminder_offsets
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _state(case, deadline: Deadline) -> dict:
    """The clock, and what the trail and the notices hold of its breach."""
    deadline.refresh_from_db()
    events = audit_events_for(target_type="cases.case", target_id=case.pk)
    escalations = Escalation.objects.filter(deadline=deadline).order_by("pk")
    return {
        "clock": (
            deadline.status,
            deadline.due_on,
            deadline.cycle,
            deadline.paused_at,
            deadline.paused_days,
            deadline.next_reminder_at,
            deadline.reminders_sent,
        ),
        "history": list(deadline.changes.values_list("kind", "due_on_before", "due_on_after")),
        "breaches": [
            e.after["reason_params"]["due_on"]
            for e in events.filter(action="deadline.breach")
            if e.after["deadline"] == deadline.pk
        ],
        "escalations": [(e.breach_seq, e.status, e.reason_code, e.reason_params) for e in escalations],
        "opened": sum(e.after["deadline"] == deadline.pk for e in events.filter(action="escalation.open")),
        "told": sorted(
            (n.user.username, n.key.replace(str(deadline.pk), "N"))
            for n in Notification.objects.filter(key__startswith=f"deadline:{deadline.pk}:").select_related("user")
        ),
    }


@pytest.mark.parametrize("swept_first", [True, False], ids=["swept-first", "not-swept"])
def test_a_complaint_suspended_after_its_limit_ran_out_keeps_that_breach_whether_or_not_the_sweep_came_first(
    cast, swept_first
):
    case = _verifying(cast)
    deadline = case_clock(case, "resolve")
    assert deadline.due_on == dt.date(2026, 7, 31)  # 30 calendar days; reminders 5, 1 and 0 days before
    for moment in sorted({reminder_at(deadline, o, WorkingCalendar.load()) for o in reminder_offsets(deadline)}):
        clock.set_now(moment)
        sweep_run()
    clock_at(dt.date(2026, 8, 1), 8)
    if swept_first:
        assert sweep_run().escalated == 1
    clock_at(dt.date(2026, 8, 1), 10)
    case.refresh_from_db()

    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ kết quả")

    escalation = Escalation.objects.get(deadline=deadline)
    suspended = {
        "clock": (Deadline.Status.BREACHED, dt.date(2026, 7, 31), 0, None, 0, None, [5, 1, 0]),
        "history": [],
        "breaches": ["2026-07-31"],
        "escalations": [(0, "pending", STEP_OVERDUE, {STEP_NAME: "resolve", "due_on": "2026-07-31"})],
        "opened": 1,
        "told": sorted(
            (user.username, key)
            for user in (cast.officer, cast.chair)
            for key in ("deadline:N:breach", "deadline:N:remind:5", "deadline:N:remind:1", "deadline:N:remind:0")
        ),
    }
    assert _state(case, deadline) == suspended
    assert list(escalation_list_awaiting(user=cast.leader).filter(deadline=deadline)) == [escalation]
    clock_at(dt.date(2026, 8, 1), 11)
    sweep_run()
    assert _state(case, deadline) == suspended

    # Resumed three weeks on: the limit that ran out stays run out, nothing moved, nothing told again.
    clock_at(dt.date(2026, 8, 24))
    case.refresh_from_db()
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")

    assert _state(case, deadline) == suspended
    clock_at(dt.date(2026, 8, 25))
    sweep_run()  # the other clocks (the sending of the decisions, leadership's) go on as they stand
    assert _state(case, deadline) == suspended


def test_a_complaint_suspended_before_its_limit_ran_out_is_paused_and_moved_on_by_the_pause(cast):
    case = _verifying(cast)
    deadline = case_clock(case, "resolve")
    clock_at(dt.date(2026, 7, 31), 10)  # its last day
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ kết quả")
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.PAUSED
    clock_at(dt.date(2026, 8, 10))
    sweep_run()
    case.refresh_from_db()
    case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")
    deadline.refresh_from_db()
    # Ten days paused (31/07 to 10/08): due 10/08, a Monday.
    assert (deadline.status, deadline.due_on, deadline.paused_days) == (Deadline.Status.OPEN, dt.date(2026, 8, 10), 10)
    assert list(deadline.changes.values_list("kind", flat=True)) == [
        DeadlineChange.Kind.PAUSE,
        DeadlineChange.Kind.RESUME,
    ]
    assert not Escalation.objects.filter(deadline=deadline).exists()


@pytest.mark.parametrize("swept_first", [True, False], ids=["swept-first", "not-swept"])
def test_a_complaint_run_out_suspended_then_found_complex_starts_its_new_run_paused_until_the_case_resumes(
    cast, swept_first
):
    """Its 30 days ran out on 31/07; suspended on 01/08 (its breach recorded, not paused); found complex on 05/08,
    the 45 days end on 17/08, still ahead: the clock runs again, but not while the case stays suspended
    (Luật 136/2025/QH15: the time suspended is not counted). It starts that run paused, is neither reminded
    nor breached while the suspension lasts, and resumes with the case, moved on by the days it stood."""
    case = _verifying(cast)
    deadline = case_clock(case, "resolve")
    clock_at(dt.date(2026, 8, 1), 8)
    if swept_first:
        assert sweep_run().escalated == 1
    clock_at(dt.date(2026, 8, 1), 10)
    case.refresh_from_db()
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ kết quả")
    clock_at(dt.date(2026, 8, 5), 10)
    case.refresh_from_db()

    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nơi phải xác minh", grounds=["places"]
    )

    assert case.status == Status.SUSPENDED
    state = _state(case, deadline)
    # 45 days end on Saturday 15/08, carried to Monday 17/08; a new run (cycle 1), paused from its start.
    assert state["clock"] == (Deadline.Status.PAUSED, dt.date(2026, 8, 17), 1, at(dt.date(2026, 8, 5), 10), 0, None, [])
    assert state["history"] == [
        (DeadlineChange.Kind.RELIMIT, dt.date(2026, 7, 31), dt.date(2026, 8, 17)),
        (DeadlineChange.Kind.PAUSE, dt.date(2026, 8, 17), dt.date(2026, 8, 17)),
    ]
    assert DeadlineChange.objects.get(deadline=deadline, kind=DeadlineChange.Kind.RELIMIT).rearmed
    # The breach of the first run stands, once, whether or not the sweep came first.
    assert (state["breaches"], state["opened"]) == (["2026-07-31"], 1)
    assert [e[:2] for e in state["escalations"]] == [(0, "pending")]
    # Past the new due day, still suspended: not reminded, not breached (the sweep goes on with the case's
    # other clocks: the sending of the suspension, leadership's).
    for day in (12, 16, 18, 24):
        clock_at(dt.date(2026, 8, day), 9)
        sweep_run()
    assert _state(case, deadline) == state

    # Resumed on 25/08, twenty days after the new run started: it runs on, moved on by those twenty days.
    clock_at(dt.date(2026, 8, 25), 9)
    case.refresh_from_db()
    case = case_resume(case=case, actor=cast.chair, reason="Đã có kết quả")

    deadline.refresh_from_db()
    # 15/08 (the 45th day) + 20 days = Friday 04/09.
    assert (deadline.status, deadline.due_on, deadline.paused_days, deadline.cycle) == (
        Deadline.Status.OPEN,
        dt.date(2026, 9, 4),
        20,
        1,
    )
    assert deadline.next_reminder_at is not None
    clock_at(dt.date(2026, 9, 5))
    sweep_run()
    assert list(Escalation.objects.filter(deadline=deadline).values_list("breach_seq", flat=True).order_by("pk")) == [
        0,
        1,
    ]
