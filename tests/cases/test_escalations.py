"""Leadership decisions on escalated cases change the case through the case services."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.models import Kind, Outcome, Status
from casework.cases.selectors import case_next_due
from casework.cases.services import (
    case_accept,
    case_assign,
    case_propose,
    case_start_verification,
)
from core import clock
from tests.builders import decided, explained
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db


def _proposed(cast, make_case, kind=Kind.COMPLAINT):
    case = case_accept(subject_area="khac", case=make_case(kind=kind), actor=cast.intake, legal_ground="x")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    return case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.FOUNDED)


def _resolve(case):
    from casework.cases.selectors import case_deadlines

    return next(d for d in case_deadlines(case=case) if d.step == "resolve")


def _escalate(cast, case):
    return escalation_open(target=case, unit=case.unit, reason="Cần lãnh đạo cho ý kiến", actor=cast.officer)


def test_approve_decision_approves_the_proposal(cast, make_case):
    case = _proposed(cast, make_case)
    escalation = _escalate(cast, case)
    escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason="Đồng ý đề xuất")
    case.refresh_from_db()
    assert case.status == Status.APPROVED
    assert (
        audit_events_for(target_type="cases.case", target_id=case.pk)
        .filter(action="case.approve", actor=cast.leader)
        .exists()
    )


def test_return_decision_sends_the_case_back(cast, make_case):
    case = _proposed(cast, make_case)
    escalation_decide(escalation=_escalate(cast, case), actor=cast.leader, decision="return", reason="Xác minh thêm")
    case.refresh_from_db()
    assert case.status == Status.VERIFYING


def test_extend_decision_on_a_denunciation_is_counted(cast, make_case):
    from casework.cases.services import case_complexity_decide

    case = case_accept(subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="x")
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nội dung", criteria=["places"]
    )
    due = _resolve(case).due_on
    new_due = due + dt.timedelta(days=30)
    escalation_decide(
        escalation=_escalate(cast, case),
        actor=cast.leader,
        decision="extend",
        reason="Vụ việc phức tạp",
        new_due_on=new_due,
    )
    case.refresh_from_db()
    assert case.extensions == 1
    deadline = _resolve(case)
    assert deadline.due_on == new_due and deadline.extensions == 1


def test_discipline_decision_is_recorded_on_the_case(cast, frozen_clock):
    # Discipline follows the conclusion (Luật Tố cáo 2018 Đ.36 khoản 1).
    case = decided(cast, kind=Kind.DENUNCIATION)
    escalation_decide(
        escalation=_escalate(cast, case),
        actor=cast.leader,
        decision="discipline",
        reason="Bỏ phiếu kín",
        discipline="canh_cao",
    )
    case.refresh_from_db()
    assert case.discipline_proposal == "canh_cao"


def test_breached_accept_step_can_be_extended_by_leadership(cast, make_case):
    case = make_case(kind=Kind.PETITION)  # no statute for petitions: the committee's limits move
    clock.advance(dt.timedelta(days=15))
    new_due = clock.today() + dt.timedelta(days=5)
    escalation_decide(
        escalation=_escalate(cast, case),
        actor=cast.leader,
        decision="extend",
        reason="Chờ bổ sung hồ sơ",
        new_due_on=new_due,
    )
    assert case_next_due(case=case).due_on == new_due


def _denunciation_with_expertise(cast, make_case, *, sent: bool):
    """A complex denunciation being verified, with a request for an expert assessment whose conclusion is
    asked for long after the resolution's due day (its clock the case's latest), sent or not."""
    from casework.cases.models import ExpertiseRequest
    from casework.cases.services import case_complexity_decide, case_expertise_request, case_expertise_sent

    case = case_accept(subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="x")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nội dung", criteria=["places"]
    )
    case = case_expertise_request(
        case=case,
        actor=cast.chair,
        body="Viện Khoa học hình sự",
        content="Giám định chữ ký trên các phiếu chi.",
        due_on=clock.today() + dt.timedelta(days=120),
    )
    if sent:
        request = ExpertiseRequest.objects.get(case=case)
        case = case_expertise_sent(case=case, actor=cast.officer, request=request.pk, sent_on=clock.today())
    return case


def _expertise_clock(case):
    from casework.cases.selectors import case_deadlines

    return next(d for d in case_deadlines(case=case) if d.step == "expertise:1")


def test_an_extension_with_no_clock_named_moves_the_resolution_never_an_expertise_clock(cast, make_case):
    case = _denunciation_with_expertise(cast, make_case, sent=False)
    expertise_due = _expertise_clock(case).due_on
    new_due = _resolve(case).due_on + dt.timedelta(days=30)
    escalation_decide(
        escalation=_escalate(cast, case), actor=cast.leader, decision="extend", reason="Phức tạp", new_due_on=new_due
    )
    assert (_resolve(case).due_on, _resolve(case).extensions) == (new_due, 1)
    # The expert body's day is the requester's, never moved by the case's extension.
    assert (_expertise_clock(case).due_on, _expertise_clock(case).extensions) == (expertise_due, 0)


def test_extending_a_resolution_clock_paused_for_an_assessment_keeps_it_paused(cast, make_case):
    case = _denunciation_with_expertise(cast, make_case, sent=True)
    assert _resolve(case).status == "paused"
    new_due = _resolve(case).due_on + dt.timedelta(days=30)
    escalation_decide(
        escalation=_escalate(cast, case), actor=cast.leader, decision="extend", reason="Phức tạp", new_due_on=new_due
    )
    case.refresh_from_db()
    resolve = _resolve(case)
    # Extended once (by the case's service, not again by the escalation), and still standing still.
    assert (resolve.status, resolve.due_on, resolve.extensions, case.extensions) == ("paused", new_due, 1, 1)
    assert resolve.paused_at is not None and resolve.next_reminder_at is None
