"""A complaint's decision is sent to the complainant and the others the law names within 3 working
days of the first-round decision (Luật Khiếu nại 2011 Đ.32) and 7 days of the second-round one (Đ.41 khoản 1):
a clock opens with the decision, "thông báo kết quả" stops it, and a missed one is reminded and breached."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Kind, Outcome, Status
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_approve,
    case_assign,
    case_close,
    case_complaint_second,
    case_decide,
    case_notify_result,
    case_propose,
    case_start_verification,
)
from casework.cases.services.common import available_actions
from casework.org.models import Role
from core import clock
from core.errors import TransitionNotAllowed
from notifications.models import Notification
from tests.builders import DECISION_PARTS, decided, dialogued
from tests.factories import UserFactory
from workflows.models import Deadline
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

THURSDAY = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội; no holiday near


def sending(case) -> Deadline:
    (clock_,) = [d for d in case_deadlines(case=case) if d.step == "send_decision"]
    return clock_


def test_the_first_round_decision_must_be_sent_within_three_working_days(cast):
    clock.set_now(THURSDAY)
    case = decided(cast)
    deadline = sending(case)
    # The day of the decision is not counted; the weekend is not a working day: Fri, Mon, Tue.
    assert (deadline.status, deadline.due_on, deadline.day_unit) == ("open", dt.date(2026, 10, 20), "working")
    assert deadline.rule.source == "Luật Khiếu nại 2011 Đ.32"
    clock.advance(dt.timedelta(days=1))
    case = case_notify_result(case=case, actor=cast.officer)
    assert sending(case).status == Deadline.Status.MET


def test_a_complaint_is_not_closed_before_its_decision_is_sent(cast):
    """The file keeps the decision and the complainant's next step runs from receiving it (Luật Khiếu
    nại 2011 Đ.33 khoản 1, Đ.34): closing is not offered, and refused, until the sending is recorded;
    the sending's clock runs on meanwhile."""
    clock.set_now(THURSDAY)
    case = decided(cast)
    assert "close" not in available_actions(case, cast.officer)
    with pytest.raises(TransitionNotAllowed):
        case_close(case=case, actor=cast.officer)
    case.refresh_from_db()
    assert (case.status, sending(case).status) == (Status.DECIDED, Deadline.Status.OPEN)


def test_a_decision_sent_late_stays_sent_late_on_its_day_when_the_file_is_closed(cast):
    clock.set_now(THURSDAY)
    case = decided(cast)
    clock.set_now(dt.datetime(2026, 10, 21, 2, 0, tzinfo=dt.UTC))  # Wednesday: past the limit
    sweep_deadlines()
    clock.set_now(dt.datetime(2026, 10, 22, 2, 0, tzinfo=dt.UTC))
    case = case_notify_result(case=case, actor=cast.officer)
    sent_at = clock.now()
    clock.advance(dt.timedelta(days=5))
    case = case_close(case=case, actor=cast.officer)
    deadline = sending(case)
    assert (case.status, deadline.status, deadline.closed_at) == (Status.CLOSED, Deadline.Status.MET, sent_at)
    assert deadline.breached_at is not None


def test_a_decision_not_sent_in_time_is_reminded_then_breached(cast):
    clock.set_now(THURSDAY)
    case = decided(cast)
    clock.set_now(dt.datetime(2026, 10, 19, 2, 0, tzinfo=dt.UTC))  # Monday, one working day left
    sweep_deadlines()
    titles = list(Notification.objects.filter(user=cast.officer).values_list("title", flat=True))
    assert any(t.startswith("Nhắc hạn") and case.reference in t for t in titles), titles
    clock.set_now(dt.datetime(2026, 10, 21, 2, 0, tzinfo=dt.UTC))  # Wednesday: past the limit
    sweep_deadlines()
    assert sending(case).status == Deadline.Status.BREACHED


def test_the_second_round_decision_has_seven_days_its_end_carried_past_the_weekend_and_holidays(cast):
    """Đ.41 khoản 1: "Trong thời hạn 07 ngày" (calendar days; Đ.32 says "03 ngày làm việc"). Decided on
    Tuesday 25/08/2026, the seventh day is Tuesday 1/9, National Day, followed by 2/9: the limit ends on
    Thursday 3/9 (Bộ luật Dân sự 2015 Đ.148). Seven working days would have run to Tuesday 8/9 (the
    weekend, the day off of 31/8 and both holidays not counted). The first round was decided and sent on
    Thursday 20/08, the second received and accepted that day, its dialogue held on the 25th."""
    clock.set_now(dt.datetime(2026, 8, 20, 2, 0, tzinfo=dt.UTC))
    first = decided(cast)
    case_notify_result(case=first, actor=cast.officer)
    intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    chair = UserFactory(roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    officer = UserFactory(roles=[(Role.CASE_OFFICER, cast.province)])
    from casework.cases.services import case_accept

    second = case_complaint_second(first=first, actor=intake, received_on=clock.today(), content="Không đồng ý")
    second = case_accept(case=second, actor=intake, legal_ground="Luật Khiếu nại 2011 Đ.36", subject_area="khac")
    clock.set_now(dt.datetime(2026, 8, 25, 2, 0, tzinfo=dt.UTC))  # the dialogue's notice went out on the 20th
    second = case_assign(case=second, actor=chair, assignee=officer)
    second = case_start_verification(case=second, actor=officer)
    second = dialogued(second, officer)
    second = case_propose(case=second, actor=officer, proposal="Giữ nguyên.", outcome=Outcome.UNFOUNDED)
    second = case_approve(case=second, actor=cast.province_leader)
    second = case_decide(
        case=second, actor=officer, **DECISION_PARTS, decision_text="Giữ nguyên quyết định.", outcome=Outcome.UNFOUNDED
    )
    deadline = sending(second)
    assert (deadline.day_unit, deadline.days, deadline.due_on) == ("calendar", 7, dt.date(2026, 9, 3))
    assert deadline.rule.source == "Luật Khiếu nại 2011 Đ.41 khoản 1"
    # The first round's limit stays in working days (Đ.32): Fri 21, Sat 22 (a working day of the 2026
    # swap), Mon 24/8.
    first_sending = Deadline.objects.get(target_type="cases.case", target_id=str(first.pk), step="send_decision")
    assert (first_sending.day_unit, first_sending.due_on) == ("working", dt.date(2026, 8, 24))
    # Still open on the morning of the 3rd, run out at its close.
    clock.set_now(dt.datetime(2026, 9, 3, 2, 0, tzinfo=dt.UTC))
    sweep_deadlines()
    assert sending(second).status == Deadline.Status.OPEN
    clock.set_now(dt.datetime(2026, 9, 4, 2, 0, tzinfo=dt.UTC))
    sweep_deadlines()
    assert sending(second).status == Deadline.Status.BREACHED


def test_a_denunciation_conclusion_opens_no_complaint_clock(cast):
    case = decided(cast, kind=Kind.DENUNCIATION)
    assert [d for d in case_deadlines(case=case) if d.step == "send_decision"] == []


def test_a_breach_reaches_the_leadership_who_cannot_extend_what_the_law_does_not(cast):
    """The breach opens an escalation; the law gives no extension for sending, so the leaders'
    "extend" is refused with the reason and nothing changes; another decision is recorded on the case."""
    from casework.audit.models import AuditEvent
    from core.errors import ValidationFailed
    from workflows.models import Escalation
    from workflows.services.escalations import escalation_decide

    clock.set_now(THURSDAY)
    case = decided(cast)
    clock.set_now(dt.datetime(2026, 10, 21, 2, 0, tzinfo=dt.UTC))
    sweep_deadlines()
    escalation = Escalation.objects.get(target_type="cases.case", target_id=str(case.pk))
    assert escalation.deadline.step == "send_decision"
    with pytest.raises(ValidationFailed):
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="extend",
            reason="Gia hạn",
            new_due_on=dt.date(2026, 11, 2),
        )
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING and sending(case).status == Deadline.Status.BREACHED
    escalation_decide(escalation=escalation, actor=cast.leader, decision="return", reason="Gửi ngay quyết định")
    assert AuditEvent.objects.filter(target_id=str(case.pk), action="case.escalation_return").exists()
