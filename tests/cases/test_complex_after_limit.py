"""A complaint found complex after its ordinary limit ran out takes the longer limit all the same (Luật Khiếu
nại 2011 Đ.28: the limit of a complex case is the longer one): its breached clock runs again when the new
due day is still ahead, stays breached (with the breach the sweep dated) when that day has gone by too; the
move is in the clock's history either way. A denunciation's initial processing extended after its 7 working
days ran out (Luật Tố cáo 2018 Đ.24) is counted the same way. A clock that runs again is reminded again and,
run out again, brought to leadership again. Walked with an injected clock."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.models import Kind
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_processing_extend,
    case_start_verification,
)
from core import clock
from notifications.models import Notification
from tests.builders import at, case_clock, clock_at, make_case
from workflows.automatic_reasons import STEP_NAME, STEP_OVERDUE
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, DeadlineChange, Escalation
from workflows.selectors import escalation_list_awaiting
from workflows.services.deadlines import reminder_at, reminder_offsets
from workflows.sweep import sweep_deadlines, sweep_run

pytestmark = pytest.mark.django_db


def _verifying(cast):
    clock_at(dt.date(2026, 7, 1))
    case = case_accept(
        case=make_case(cast, received_on=clock.today()), actor=cast.intake, legal_ground="Đ.27", subject_area="khac"
    )
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


def _breached(case, step: str) -> Deadline:
    """The step's clock run out and marked so by the sweep, the morning after its due day."""
    clock_at(case_clock(case, step).due_on + dt.timedelta(days=1))
    sweep_deadlines()
    deadline = case_clock(case, step)
    assert deadline.status == Deadline.Status.BREACHED and deadline.breached_at is not None
    return deadline


def _reminded_through(deadline: Deadline) -> None:
    """The sweep at each of the clock's reminder moments, up to its due day."""
    calendar = WorkingCalendar.load()
    for moment in sorted({reminder_at(deadline, offset, calendar) for offset in reminder_offsets(deadline)}):
        clock.set_now(moment)
        sweep_deadlines()


def _keys(user, deadline: Deadline, part: str) -> set[str]:
    return set(
        Notification.objects.filter(
            user=user, key__startswith=f"deadline:{deadline.pk}:", key__contains=part
        ).values_list("key", flat=True)
    )


def _longer_due(deadline: Deadline, days: int) -> dt.date:
    return WorkingCalendar.load().due_date(deadline.starts_on, days, deadline.day_unit)


def test_art28_a_complaint_found_complex_after_its_limit_ran_out_runs_again_on_the_longer_limit(cast, client):
    case = _verifying(cast)
    before = _breached(case, "resolve")
    assert before.days == 30
    case.refresh_from_db()
    client.force_login(cast.leader)
    assert f'action="/cases/{case.pk}/action/complexity/"' in client.get(f"/cases/{case.pk}/").content.decode()

    response = client.post(
        f"/cases/{case.pk}/action/complexity/",
        {"version": case.version, "complexity": "complex", "reason": "Nhiều nơi phải xác minh", "grounds": "places"},
    )

    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.is_complex
    after = case_clock(case, "resolve")
    assert (after.pk, after.days, after.due_on) == (before.pk, 45, _longer_due(before, 45))
    assert after.due_on > clock.today()
    # Runs again, no longer late: the sweep reminds it and breaches it again only past the new day.
    assert (after.status, after.breached_at) == (Deadline.Status.OPEN, None)
    assert after.next_reminder_at is not None
    change = DeadlineChange.objects.get(deadline=after)
    assert (change.kind, change.due_on_before, change.due_on_after) == (
        DeadlineChange.Kind.RELIMIT,
        before.due_on,
        after.due_on,
    )
    api = APIClient()
    api.force_authenticate(cast.leader)
    shown = {d["step"]: d for d in api.get(f"/api/cases/{case.pk}/").json()["deadlines"]}["resolve"]
    assert shown["due_on"] == after.due_on.isoformat()
    clock_at(after.due_on + dt.timedelta(days=1))
    sweep_deadlines()
    assert case_clock(case, "resolve").status == Deadline.Status.BREACHED


def test_art28_a_complaint_found_complex_after_the_longer_limit_too_stays_breached(cast):
    case = _verifying(cast)
    before = _breached(case, "resolve")
    clock_at(_longer_due(before, 45) + dt.timedelta(days=3))
    case.refresh_from_db()
    api = APIClient()
    api.force_authenticate(cast.leader)

    response = api.post(
        f"/api/cases/{case.pk}/complexity/",
        {"version": case.version, "complexity": "complex", "reason": "Nhiều nơi", "grounds": ["places"]},
        format="json",
    )

    assert response.status_code == 200, response.content
    after = case_clock(case, "resolve")
    assert (after.days, after.due_on) == (45, _longer_due(before, 45))
    # Late under either limit: still breached, with the moment the sweep saw it run out.
    assert (after.status, after.breached_at) == (Deadline.Status.BREACHED, before.breached_at)
    assert after.next_reminder_at is None
    change = DeadlineChange.objects.get(deadline=after)
    assert (change.kind, change.due_on_before, change.due_on_after) == (
        DeadlineChange.Kind.RELIMIT,
        before.due_on,
        after.due_on,
    )
    # Found not complex after all: back to 30 days, still breached, its breach kept.
    case.refresh_from_db()
    case = case_complexity_decide(case=case, actor=cast.leader, complexity="normal", reason="Đã rõ")
    again = case_clock(case, "resolve")
    assert (again.days, again.due_on, again.status, again.breached_at) == (
        30,
        before.due_on,
        Deadline.Status.BREACHED,
        before.breached_at,
    )


def test_art24_a_denunciation_s_initial_processing_extended_after_its_7_days_ran_out_runs_to_the_10th(cast):
    clock_at(dt.date(2026, 7, 1))
    case = make_case(cast, kind=Kind.DENUNCIATION, received_on=clock.today())
    before = _breached(case, "accept")
    assert before.days == 7
    case.refresh_from_db()

    case = case_processing_extend(case=case, actor=cast.intake, reason="Cần xác minh danh tính người tố cáo")

    after = case_clock(case, "accept")
    assert (after.days, after.due_on) == (10, _longer_due(before, 10))
    assert (after.status, after.breached_at) == (Deadline.Status.OPEN, None)
    assert DeadlineChange.objects.filter(deadline=after, kind=DeadlineChange.Kind.RELIMIT).count() == 1


def test_art28_a_complaint_run_out_then_found_complex_is_reminded_again_and_escalated_again_when_late_again(cast):
    case = _verifying(cast)
    first = case_clock(case, "resolve")
    assert first.due_on == dt.date(2026, 7, 31)  # 30 calendar days; reminders 5, 1 and 0 days before
    _reminded_through(first)
    sent = {f"deadline:{first.pk}:remind:{offset}" for offset in (5, 1, 0)}
    assert _keys(cast.officer, first, ":remind:") == _keys(cast.chair, first, ":remind:") == sent
    before = _breached(case, "resolve")
    escalation = Escalation.objects.get(deadline=before)
    assert (escalation.breach_seq, escalation.status) == (0, Escalation.Status.PENDING)
    case.refresh_from_db()

    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nơi phải xác minh", grounds=["places"]
    )

    after = case_clock(case, "resolve")
    # 45 days end on Saturday 15/08, carried to Monday 17/08 (Bộ luật Dân sự 2015 Đ.148).
    assert (after.status, after.due_on, after.cycle, after.extensions) == ("open", dt.date(2026, 8, 17), 1, 0)
    assert DeadlineChange.objects.get(deadline=after).rearmed
    # Reminded again before the new due day, under keys of its own: the 1-day reminder falls on Sunday
    # 16/08 and goes out with the due day's on Monday morning.
    _reminded_through(after)
    again = {f"deadline:{after.pk}:x1:remind:{offset}" for offset in (5, 0)}
    assert _keys(cast.officer, after, ":x1:remind:") == _keys(cast.chair, after, ":x1:remind:") == again
    assert Notification.objects.filter(key__in=again, body__contains="17/08/2026").count() == 4

    clock_at(after.due_on + dt.timedelta(days=1))
    sweep_deadlines()

    assert case_clock(case, "resolve").status == Deadline.Status.BREACHED
    escalations = list(Escalation.objects.filter(deadline=after).order_by("pk"))
    assert [(e.breach_seq, e.status) for e in escalations] == [(0, "pending"), (1, "pending")]
    second = escalations[1]
    assert second.pk != escalation.pk and second.automatic
    # The breach is told to the officer and the chair, the escalation to leadership.
    assert {cast.officer, cast.chair} <= {
        n.user for n in Notification.objects.filter(key=f"deadline:{after.pk}:x1:breach")
    }
    assert Notification.objects.filter(user=cast.leader, key=f"escalation:{second.pk}:open").exists()
    # Swept again: nothing told twice, nothing escalated twice.
    told = Notification.objects.count()
    sweep_deadlines()
    sweep_deadlines()
    assert (Notification.objects.count(), Escalation.objects.filter(deadline=after).count()) == (told, 2)


def test_art28_found_complex_after_the_longer_limit_too_is_the_same_breach_escalated_once(cast):
    case = _verifying(cast)
    before = _breached(case, "resolve")
    clock_at(_longer_due(before, 45) + dt.timedelta(days=3))
    case.refresh_from_db()

    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nơi", grounds=["places"]
    )

    after = case_clock(case, "resolve")
    assert (after.status, after.cycle) == (Deadline.Status.BREACHED, 0)
    assert not DeadlineChange.objects.get(deadline=after).rearmed
    sweep_deadlines()
    assert list(Escalation.objects.filter(deadline=after).values_list("breach_seq", flat=True)) == [0]


def _breach_record(case, deadline: Deadline, leader) -> dict:
    """What the trail, the notices and `leader`'s queue hold of the clock's breaches."""
    events = audit_events_for(target_type="cases.case", target_id=case.pk)
    escalations = Escalation.objects.filter(deadline=deadline).order_by("pk")
    return {
        "breaches": [
            (e.after["step"], e.after["reason_params"]["due_on"]) for e in events.filter(action="deadline.breach")
        ],
        "escalations": [(e.breach_seq, e.status, e.reason_code, e.reason_params) for e in escalations],
        "opened": events.filter(action="escalation.open").count(),
        "told": sorted(
            (n.user.username, n.key.replace(str(deadline.pk), "N"))
            for n in Notification.objects.filter(key__startswith=f"deadline:{deadline.pk}:").select_related("user")
        ),
        "queue": list(escalation_list_awaiting(user=leader).filter(deadline=deadline)),
    }


@pytest.mark.parametrize("swept_first", [True, False], ids=["swept-first", "not-swept"])
def test_art28_found_complex_after_its_limit_ran_out_records_that_breach_whether_or_not_the_sweep_came_first(
    cast, swept_first
):
    """Its ordinary limit ran out on 31/07; found complex on the morning of 01/08, before or after the sweep's
    pass: the same breach (of the 30 days, in the clock's first run) in the trail, told to the officer and
    the chair, in leadership's queue; then the clock runs on the 45 days in a run of its own."""
    case = _verifying(cast)
    first = case_clock(case, "resolve")
    assert first.due_on == dt.date(2026, 7, 31)
    clock_at(dt.date(2026, 8, 1), 8)
    if swept_first:
        assert sweep_run().escalated == 1
    clock_at(dt.date(2026, 8, 1), 10)
    case.refresh_from_db()

    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nơi phải xác minh", grounds=["places"]
    )

    after = case_clock(case, "resolve")
    assert (after.pk, after.status, after.due_on, after.cycle, after.breached_at, after.reminders_sent) == (
        first.pk,
        Deadline.Status.OPEN,
        dt.date(2026, 8, 17),
        1,
        None,
        [],
    )
    assert after.next_reminder_at == reminder_at(after, 5, WorkingCalendar.load())
    record = _breach_record(case, after, cast.leader)
    escalation = Escalation.objects.get(deadline=after)
    assert record == {
        "breaches": [("resolve", "2026-07-31")],
        "escalations": [(0, "pending", STEP_OVERDUE, {STEP_NAME: "resolve", "due_on": "2026-07-31"})],
        "opened": 1,
        "told": sorted([(cast.officer.username, "deadline:N:breach"), (cast.chair.username, "deadline:N:breach")]),
        "queue": [escalation],
    }
    # In the trail the breach comes before the new limit, as a pass before it would have put it.
    actions = [
        e.action
        for e in audit_events_for(target_type="cases.case", target_id=case.pk).filter(
            action__in=["deadline.breach", "escalation.open", "case.complexity"]
        )
    ]
    assert actions == ["deadline.breach", "escalation.open", "case.complexity"]
    # The sweep afterwards records that breach no second time.
    clock_at(dt.date(2026, 8, 1), 11)
    swept = sweep_run()
    assert (swept.breached, swept.escalated) == (0, 0)
    assert _breach_record(case, after, cast.leader) == record
    # The new run, run out, is a breach of its own.
    clock_at(dt.date(2026, 8, 18))
    assert sweep_run().escalated == 1
    assert list(Escalation.objects.filter(deadline=after).values_list("breach_seq", flat=True).order_by("pk")) == [0, 1]


@pytest.mark.parametrize("swept_first", [True, False], ids=["swept-first", "not-swept"])
def test_art28_found_complex_after_the_longer_limit_too_the_breach_is_recorded_at_once_either_way(cast, swept_first):
    case = _verifying(cast)
    first = case_clock(case, "resolve")
    clock_at(dt.date(2026, 8, 20), 8)
    if swept_first:
        sweep_run()
    clock_at(dt.date(2026, 8, 20), 10)
    case.refresh_from_db()

    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nơi", grounds=["places"]
    )

    after = case_clock(case, "resolve")
    assert (after.status, after.cycle, after.next_reminder_at) == (Deadline.Status.BREACHED, 0, None)
    assert after.breached_at == (at(dt.date(2026, 8, 20), 8) if swept_first else at(dt.date(2026, 8, 20), 10))
    assert _breach_record(case, after, cast.leader)["breaches"] == [("resolve", first.due_on.isoformat())]
    assert sweep_run().breached == 0
    assert list(Escalation.objects.filter(deadline=after).values_list("breach_seq", flat=True)) == [0]
