"""A leadership extension, decided on an escalation raised by hand or given directly on a case, on a target
whose clock ran out before any pass of the sweep marked it: the extension records the breach that happened
(marked, escalated once, as the sweep records it), and that breach's escalation is answered by the same
decision, so the leadership queue holds nothing left to decide about it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from casework.audit.models import AuditEvent
from casework.audit.verification import audit_chain_verify
from casework.cases.models import Case, Kind
from casework.cases.services import case_extend
from core import clock
from core.errors import ConcurrentChange, TransitionNotAllowed
from notifications.models import Notification, OutboxMessage
from tests.builders import case_clock, make_case
from tests.concurrency import at_once
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation
from workflows.selectors import escalation_list_for_user
from workflows.services.deadlines import deadline_due_record, deadline_open
from workflows.services.escalations import escalation_decide, escalation_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def ran_out(cast, fake_target):
    """The fake target's accept clock, due 05/03 (petition: 3 working days), run out with no sweep since."""
    clock.set_now(at(2))
    deadline = deadline_open(
        target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
    )
    clock.set_now(at(13))
    assert deadline.due_at < clock.now()
    return deadline


def _raise_by_hand(cast) -> Escalation:
    return escalation_open(
        target=("tests.fake", "1"), unit=cast.sector, reason="Cần thêm thời gian xác minh", actor=cast.officer
    )


def test_an_extension_on_an_escalation_by_hand_answers_the_breach_it_records(cast, fake_target, ran_out):
    by_hand = _raise_by_hand(cast)
    escalation_decide(
        escalation=by_hand,
        actor=cast.leader,
        decision="extend",
        reason="Cho thêm thời gian xác minh",
        new_due_on=dt.date(2026, 3, 27),
    )
    ran_out.refresh_from_db()
    assert (ran_out.status, ran_out.due_on, ran_out.extensions, ran_out.cycle) == ("open", dt.date(2026, 3, 27), 1, 1)
    # The breach happened and is on record, escalated once, as a pass of the sweep would have escalated it.
    assert AuditEvent.objects.filter(action="deadline.breach", target_id="1").count() == 1
    (breach,) = Escalation.objects.filter(automatic=True, deadline=ran_out)
    assert breach.breach_seq == 0
    # Answered by the leadership's extension: nothing about that breach waits in the queue.
    assert (breach.status, breach.decision, breach.decided_by, breach.new_due_on) == (
        "decided",
        "extend",
        cast.leader,
        dt.date(2026, 3, 27),
    )
    assert breach.decided_at == clock.now()
    assert not Escalation.objects.filter(status="pending").exists()
    assert not escalation_list_for_user(user=cast.leader).filter(status="pending").exists()
    decided = [event.after["escalation"] for event in AuditEvent.objects.filter(action="escalation.extend")]
    assert sorted(decided) == sorted([by_hand.pk, breach.pk])
    # No decide clock left running for it, and the sweep has nothing to move up or escalate later.
    assert not Deadline.objects.filter(
        target_type="workflows.escalation", status__in=["open", "paused", "breached"]
    ).exists()
    clock.set_now(at(26))
    result = sweep_run()
    assert (result.moved_up, result.escalated) == (0, 0)


def test_the_new_run_past_the_extension_is_a_new_breach_escalated_again(cast, fake_target, ran_out):
    escalation_decide(
        escalation=_raise_by_hand(cast),
        actor=cast.leader,
        decision="extend",
        reason="Cho thêm thời gian xác minh",
        new_due_on=dt.date(2026, 3, 27),
    )
    clock.set_now(at(30))
    assert sweep_run().escalated == 1
    second = Escalation.objects.get(status="pending")
    assert (second.automatic, second.breach_seq) == (True, 1)


def test_the_breach_a_pass_escalated_while_the_one_by_hand_waited_is_answered_alike(cast, fake_target, ran_out):
    """The same queue whether or not a pass came round between the due moment and the decision."""
    clock.set_now(at(4))
    by_hand = _raise_by_hand(cast)
    clock.set_now(at(13))
    assert sweep_run().escalated == 1
    escalation_decide(
        escalation=by_hand,
        actor=cast.leader,
        decision="extend",
        reason="Cho thêm thời gian xác minh",
        new_due_on=dt.date(2026, 3, 27),
    )
    breach = Escalation.objects.get(automatic=True)
    assert (breach.status, breach.decision, breach.breach_seq) == ("decided", "extend", 0)
    assert not Escalation.objects.filter(status="pending").exists()
    # Leadership heard of it while it waited: the pass that raised it told them.
    assert Notification.objects.filter(key=f"escalation:{breach.pk}:open", user=cast.leader).exists()


def test_leaders_are_not_asked_to_decide_the_breach_the_extension_answers_at_once(cast, fake_target, ran_out):
    """The breach the extension records is answered in the same decision: no "awaiting decision" notice for it,
    in the app or by e-mail, while the one raised by hand was announced as usual."""
    by_hand = _raise_by_hand(cast)
    assert Notification.objects.filter(key=f"escalation:{by_hand.pk}:open", user=cast.leader).exists()
    escalation_decide(
        escalation=by_hand,
        actor=cast.leader,
        decision="extend",
        reason="Cho thêm thời gian xác minh",
        new_due_on=dt.date(2026, 3, 27),
    )
    (breach,) = Escalation.objects.filter(automatic=True, deadline=ran_out)
    assert breach.status == "decided"
    assert not Notification.objects.filter(key__startswith=f"escalation:{breach.pk}:").exists()
    assert not OutboxMessage.objects.filter(key__startswith=f"escalation:{breach.pk}:").exists()
    # The breach itself is told to the people of the clock, as a pass of the sweep tells it.
    assert Notification.objects.filter(key=f"deadline:{ran_out.pk}:breach").exists()


def test_a_breach_escalation_above_the_deciders_level_is_left_to_its_leadership(cast, fake_target, ran_out):
    clock.set_now(at(4))
    by_hand = _raise_by_hand(cast)
    clock.set_now(at(13))
    sweep_run()
    breach = Escalation.objects.get(automatic=True)
    Escalation.objects.filter(pk=breach.pk).update(level=cast.province)
    escalation_decide(
        escalation=by_hand,
        actor=cast.leader,
        decision="extend",
        reason="Cho thêm thời gian xác minh",
        new_due_on=dt.date(2026, 3, 27),
    )
    breach.refresh_from_db()
    assert breach.status == "pending"


def test_the_breach_the_extension_leaves_to_another_leadership_is_announced_to_it(cast, fake_target):
    """The clock runs at a unit the decider does not lead: the breach the extension records waits on that
    unit's leadership, who are told so in the same decision."""
    clock.set_now(at(2))
    elsewhere = deadline_open(
        target=("tests.fake", "1"), unit=cast.other_sector, step="accept", subject="petition", assignee=cast.officer
    )
    clock.set_now(at(13))
    escalation_decide(
        escalation=_raise_by_hand(cast),
        actor=cast.leader,
        decision="extend",
        reason="Cho thêm thời gian xác minh",
        new_due_on=dt.date(2026, 3, 27),
    )
    breach = Escalation.objects.get(automatic=True, deadline=elsewhere)
    assert (breach.status, breach.level) == ("pending", cast.other_sector)
    told = Notification.objects.filter(key=f"escalation:{breach.pk}:open")
    assert told.exists()
    assert not told.filter(user=cast.leader).exists()


# A leader extending a case's clock directly (case_extend, outside any escalation) decides its breach alike.


def _complex_denunciation_ran_out(cast):
    """A complex denunciation (one extension, Luật Tố cáo 2018 Đ.30) whose resolution clock ran out two days
    ago, with no pass of the sweep since; its notices of acceptance sent in time (Đ.29)."""
    from casework.cases.services import (
        case_accept,
        case_accept_notice_sent,
        case_complexity_decide,
        case_denounced_notice_sent,
    )

    clock.set_now(at(2))
    case = case_accept(
        subject_area="khac", case=make_case(cast, kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    case = case_accept_notice_sent(case=case, actor=cast.intake)
    case = case_denounced_notice_sent(case=case, actor=cast.intake)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều nội dung", criteria=["places"]
    )
    resolve = case_clock(case, "resolve")
    clock.set_now(resolve.due_at + dt.timedelta(days=2))
    return case, resolve


def test_a_leader_extending_a_case_directly_answers_the_breach_it_records(cast):
    case, resolve = _complex_denunciation_ran_out(cast)
    case = case_extend(case=case, actor=cast.leader, reason="Quyết định gia hạn số 1")
    resolve.refresh_from_db()
    assert (resolve.status, resolve.extensions, resolve.cycle) == ("open", 1, 1)
    assert resolve.due_at > clock.now()
    # The breach happened and is on record, escalated once, as a pass of the sweep would have escalated it.
    assert AuditEvent.objects.filter(action="deadline.breach", target_id=str(case.pk)).count() == 1
    (breach,) = Escalation.objects.filter(automatic=True, deadline=resolve)
    assert breach.breach_seq == 0
    # Answered by the extension: decided by the leader, for the extension's reason, to its new due day.
    assert (breach.status, breach.decision, breach.decided_by, breach.new_due_on, breach.decided_at) == (
        "decided",
        "extend",
        cast.leader,
        resolve.due_on,
        clock.now(),
    )
    assert breach.decision_reason == "Quyết định gia hạn số 1"
    assert not Escalation.objects.filter(status="pending").exists()
    assert not escalation_list_for_user(user=cast.leader).filter(status="pending").exists()
    # Its own decision event, as a decision on an escalation records it, and the chain holds.
    (event,) = AuditEvent.objects.filter(action="escalation.extend")
    assert (event.actor, event.after["escalation"], event.after["deadline"]) == (cast.leader, breach.pk, resolve.pk)
    assert event.after["due"] == deadline_due_record(resolve)
    assert audit_chain_verify().ok
    # Leaders are never asked to decide it: no "awaiting decision" notice, in the app or by e-mail.
    assert not Notification.objects.filter(key__startswith=f"escalation:{breach.pk}:").exists()
    assert not OutboxMessage.objects.filter(key__startswith=f"escalation:{breach.pk}:").exists()
    assert Notification.objects.filter(key=f"deadline:{resolve.pk}:breach").exists()
    assert not Deadline.objects.filter(
        target_type="workflows.escalation", status__in=["open", "paused", "breached"]
    ).exists()
    # A later pass finds nothing to escalate or move up before the new due day.
    clock.set_now(resolve.due_at - dt.timedelta(hours=1))
    result = sweep_run()
    assert (result.escalated, result.moved_up) == (0, 0)
    assert Escalation.objects.filter(automatic=True, deadline=resolve).count() == 1


def test_the_new_due_day_of_a_direct_extension_passing_is_a_new_breach_escalated_again(cast):
    case, resolve = _complex_denunciation_ran_out(cast)
    case_extend(case=case, actor=cast.leader, reason="Quyết định gia hạn số 1")
    resolve.refresh_from_db()
    clock.set_now(resolve.due_at + dt.timedelta(hours=1))
    assert sweep_run().escalated == 1
    second = Escalation.objects.get(status="pending")
    assert (second.automatic, second.deadline, second.breach_seq) == (True, resolve, 1)
    assert Notification.objects.filter(key=f"escalation:{second.pk}:open", user=cast.leader).exists()


def test_a_direct_extension_answers_the_breach_a_pass_escalated(cast):
    """The same queue whether or not a pass came round between the due moment and the extension."""
    case, resolve = _complex_denunciation_ran_out(cast)
    assert sweep_run().escalated == 1
    breach = Escalation.objects.get(automatic=True, deadline=resolve)
    assert Notification.objects.filter(key=f"escalation:{breach.pk}:open", user=cast.leader).exists()
    case_extend(case=Case.objects.get(pk=case.pk), actor=cast.leader, reason="Quyết định gia hạn số 1")
    breach.refresh_from_db()
    assert (breach.status, breach.decision, breach.decided_by, breach.breach_seq) == (
        "decided",
        "extend",
        cast.leader,
        0,
    )
    decided = [event.after["escalation"] for event in AuditEvent.objects.filter(action="escalation.extend")]
    assert decided == [breach.pk]
    assert Escalation.objects.filter(automatic=True, deadline=resolve).count() == 1
    assert audit_chain_verify().ok


needs_row_locks = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_leaders_extending_a_ran_out_case_at_once_leave_one_escalation_of_its_breach(cast):
    case, resolve = _complex_denunciation_ran_out(cast)
    copies = [Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)]
    outcomes = at_once(
        lambda: case_extend(case=copies[0], actor=cast.leader, reason="Quyết định gia hạn số 1"),
        lambda: case_extend(case=copies[1], actor=cast.province_leader, reason="Quyết định gia hạn số 1"),
    )
    # One extension (a complex denunciation has one, Đ.30); the other leader is refused, nothing half done.
    assert sum(isinstance(o, Case) for o in outcomes) == 1
    assert all(isinstance(o, Case | TransitionNotAllowed | ConcurrentChange) for o in outcomes), outcomes
    resolve.refresh_from_db()
    assert (resolve.extensions, resolve.cycle) == (1, 1)
    (breach,) = Escalation.objects.filter(automatic=True, deadline=resolve)
    assert (breach.breach_seq, breach.status, breach.decision) == (0, "decided", "extend")
    assert not Escalation.objects.filter(status="pending").exists()
    assert audit_chain_verify().ok


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_a_direct_extension_and_a_decision_on_its_breach_at_once_leave_one_escalation_decided(cast):
    """One leader extends the case while another decides the breach's escalation a pass raised: neither waits
    on the other for ever, the breach keeps its one escalation, and nothing about it is left pending."""
    case, resolve = _complex_denunciation_ran_out(cast)
    sweep_run()
    breach = Escalation.objects.get(automatic=True, deadline=resolve)
    new_due_on = resolve.due_on + dt.timedelta(days=20)
    outcomes = at_once(
        lambda: case_extend(case=Case.objects.get(pk=case.pk), actor=cast.leader, reason="Quyết định gia hạn số 1"),
        lambda: escalation_decide(
            escalation=breach,
            actor=cast.province_leader,
            decision="extend",
            reason="Cho thêm thời gian",
            new_due_on=new_due_on,
        ),
    )
    assert any(isinstance(o, Case | Escalation) for o in outcomes), outcomes
    assert all(isinstance(o, Case | Escalation | TransitionNotAllowed | ConcurrentChange) for o in outcomes), outcomes
    breach.refresh_from_db()
    assert (breach.status, breach.decision) == ("decided", "extend")
    assert Escalation.objects.filter(automatic=True, deadline=resolve).count() == 1
    assert not Escalation.objects.filter(status="pending").exists()
    assert audit_chain_verify().ok
