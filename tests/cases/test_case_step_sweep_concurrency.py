"""The sweep escalating a case's breached clock at the same moment as a step on that case, on PostgreSQL:
no deadlock, and both take effect. A case step locks the case's row only (of self): the sweep's audit
event and escalation reference the case's unit (a key-share lock on the unit row), which a step holding
the unit's row for update would keep waiting while itself waiting for the audit chain the sweep holds."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from casework.cases.models import Case, IdentityGrant, Kind, Outcome, Status
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_decide,
    case_identity_grant,
    case_propose,
    case_start_verification,
    resolution,
)
from casework.cases.services import identity as identity_services
from core import clock
from tests import builders
from tests.builders import DECISION_PARTS
from tests.concurrency import at_once, one_holding
from workflows.models import Deadline, Escalation
from workflows.sweep import sweep_run

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

REASON = "Cần bảo vệ người tố cáo khỏi bị trù dập"


def _accept_clock(case: Case) -> Deadline:
    return Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="accept")


def _past_the_accept_limit(cases: list[Case]) -> dt.datetime:
    now = max(_accept_clock(case).due_at for case in cases) + dt.timedelta(hours=2)
    clock.set_now(now)
    return now


def test_the_sweep_escalates_while_the_identity_step_holds_the_case(cast, make_case, monkeypatch):
    """The identity step has locked the case and not committed; the sweep breaches and escalates the
    case's clock meanwhile (its audit event and escalation name the case's unit), then the step goes on."""
    case = make_case(kind=Kind.DENUNCIATION)
    now = _past_the_accept_limit([case])
    held, release = threading.Event(), threading.Event()
    is_decider = identity_services.is_decider

    def decide_then_hold(case, user):
        held.set()
        release.wait(timeout=30)  # the step's transaction stays open, the case's row locked
        return is_decider(case, user)

    monkeypatch.setattr(identity_services, "is_decider", decide_then_hold)
    granted, swept, _done = one_holding(
        lambda: case_identity_grant(case=case, actor=cast.chair, grantee=cast.leader, reason=REASON),
        lambda: sweep_run(now=now),
        held,
        release,
    )

    assert not isinstance(granted, Exception), granted
    assert not isinstance(swept, Exception), swept
    assert swept.errors == 0 and swept.escalated == 1
    accept = _accept_clock(case)
    assert (accept.status, accept.breached_at) == (Deadline.Status.BREACHED, now)
    assert Escalation.objects.filter(target_type="cases.case", target_id=str(case.pk), deadline=accept).exists()
    assert IdentityGrant.objects.filter(case=case, user=cast.leader, granted_by=cast.chair).exists()


def test_the_sweep_and_case_steps_at_once_neither_deadlock_nor_lose_an_effect(cast, make_case):
    """Each case's identity grant and acceptance (which stops its accept clock) race the sweep breaching
    and escalating the same clocks: every step succeeds, and a clock the sweep breached first is
    escalated once and stopped by the acceptance, met late, its breach kept; one accepted first is met
    late at its due moment, not escalated."""
    cases = [make_case(kind=Kind.DENUNCIATION, title=f"Tố cáo số {n}") for n in range(6)]
    now = _past_the_accept_limit(cases)

    def grant_each() -> int:  # each grant its own transaction, as each is its own request
        for case in cases:
            case_identity_grant(case=case, actor=cast.chair, grantee=cast.leader, reason=REASON)
        return len(cases)

    def accept_each() -> int:
        for case in reversed(cases):
            case_accept(case=Case.objects.get(pk=case.pk), actor=cast.intake, legal_ground="Đ.29", subject_area="khac")
        return len(cases)

    swept, granted, accepted = at_once(lambda: sweep_run(now=now), grant_each, accept_each)

    for outcome in (swept, granted, accepted):
        assert not isinstance(outcome, Exception), outcome
    assert swept.errors == 0 and granted == accepted == len(cases)
    assert IdentityGrant.objects.filter(case__in=cases, user=cast.leader).count() == len(cases)
    for case in cases:
        case.refresh_from_db()
        accept = _accept_clock(case)
        escalations = Escalation.objects.filter(target_type="cases.case", target_id=str(case.pk), deadline=accept)
        assert case.status == Status.ACCEPTED
        assert accept.status == Deadline.Status.MET and accept.closed_at == now
        # Breached by the sweep (at its moment) and escalated; or stopped first, late at its due moment, its
        # breach then told by the sweep's pass over late stops, or left marked for the next pass when the
        # step stopped it after that pass had looked.
        assert accept.breached_at in (now, accept.due_at)
        if accept.breached_at == now:
            assert escalations.count() == 1 and not accept.breach_unswept
        else:
            assert escalations.count() + accept.breach_unswept == 1
    assert Escalation.objects.filter(target_type="cases.case").count() == swept.escalated


def test_a_step_stopping_its_clock_after_its_audit_event_while_the_sweep_breaches_it(cast, monkeypatch):
    """The decision writes its audit event (the trail's head locked), then stops the resolution clock; the
    sweep, breaching that clock meanwhile, waits for the trail's head without holding the clock, so the
    decision stops the clock and commits, and the sweep finds the clock no longer running."""
    case = builders.accepted(cast)
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = builders.dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    resolve = Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="resolve")
    now = resolve.due_at + dt.timedelta(hours=2)
    clock.set_now(now)
    held, release = threading.Event(), threading.Event()
    close = resolution.deadline_close

    def hold_then_close(**kwargs):
        held.set()
        release.wait(timeout=30)  # the decision's audit event is written, the trail's head locked
        return close(**kwargs)

    monkeypatch.setattr(resolution, "deadline_close", hold_then_close)
    decided, swept, _done = one_holding(
        lambda: case_decide(
            case=case,
            actor=cast.officer,
            **DECISION_PARTS,
            decision_text="Yêu cầu trả lại trợ cấp.",
            outcome=Outcome.PARTLY,
        ),
        lambda: sweep_run(now=now),
        held,
        release,
    )

    assert not isinstance(decided, Exception), decided
    assert not isinstance(swept, Exception), swept
    assert swept.errors == 0 and swept.breached == 0
    resolve.refresh_from_db()
    assert (resolve.status, resolve.closed_at) == (Deadline.Status.MET, now)
    assert Case.objects.get(pk=case.pk).status == Status.DECIDED
    # The decision stopped the clock late before the sweep marked it: the same pass tells its breach to
    # leadership, nothing left to decide.
    (escalation,) = Escalation.objects.filter(target_type="cases.case", target_id=str(case.pk))
    assert (escalation.status, escalation.reason_code, escalation.deadline_id) == (
        Escalation.Status.OVERTAKEN,
        "late_stop",
        resolve.pk,
    )
    assert swept.escalated == 1
