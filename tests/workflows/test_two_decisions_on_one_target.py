"""Two leaders deciding two different escalations of the same case at the same moment, on PostgreSQL: one
raised by hand, the other raised by the sweep on the breach of the case's clock. A decision takes every
escalation of the target pending, in one order (workflows.services.escalations, its module docstring),
before the target: so neither ever holds what the other waits for. Both are applied, or the second is told
the first answered its escalation (ConcurrentChange); never a deadlock, the trail one chain, the breach
escalated once.

Each test holds the first decision inside its transaction, where it answers the breach its extension
ends (after it has locked the case), and starts the second, which runs until it waits on a lock the first
holds; then the first goes on. Without the one order the second holds the breach's escalation and waits on
the case, the first holds the case and waits on the breach's escalation: PostgreSQL finds the deadlock."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from casework.audit.models import AuditEvent
from casework.audit.verification import audit_chain_verify
from casework.cases.models import Case, Kind
from casework.cases.services import (
    case_accept,
    case_accept_notice_sent,
    case_complexity_decide,
    case_denounced_notice_sent,
)
from core import clock
from core.errors import ConcurrentChange
from tests.builders import case_clock, make_case
from tests.concurrency import one_holding
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation
from workflows.services import escalations as escalation_services
from workflows.services.escalations import escalation_decide, escalation_open
from workflows.sweep import sweep_run

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _two_escalations_of_one_case(cast) -> tuple[Case, Deadline, Escalation, Escalation]:
    """An especially complex denunciation (two extensions, Luật Tố cáo 2018 Đ.30), raised to leadership by
    hand while its resolution clock ran, then escalated by the sweep when that clock ran out."""
    clock.set_now(at(2))
    case = case_accept(
        subject_area="khac", case=make_case(cast, kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    case = case_accept_notice_sent(case=case, actor=cast.intake)
    case = case_denounced_notice_sent(case=case, actor=cast.intake)
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều nội dung, nhiều đơn vị",
        criteria=["places", "contents"],
    )
    resolve = case_clock(case, "resolve")
    clock.set_now(resolve.due_at - dt.timedelta(hours=2))
    by_hand = escalation_open(target=case, unit=case.unit, reason="Cần thêm thời gian xác minh", actor=cast.officer)
    clock.set_now(resolve.due_at + dt.timedelta(hours=1))
    assert sweep_run().escalated == 1
    breach = Escalation.objects.get(automatic=True, deadline=resolve)
    by_hand.refresh_from_db()
    assert by_hand.pk < breach.pk and by_hand.status == breach.status == "pending"
    assert by_hand.level == breach.level == case.unit
    return case, resolve, by_hand, breach


def _held_where_it_answers_the_breach(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The first decision to answer the breach its extension ends stops there (holding the case and its
    clock) until released; any other goes on."""
    held, release = threading.Event(), threading.Event()
    answer = escalation_services._answer_breach_escalations

    def hold_then_answer(*args: Any, **kwargs: Any) -> None:
        if not held.is_set():
            held.set()
            release.wait(timeout=30)
        answer(*args, **kwargs)

    monkeypatch.setattr(escalation_services, "_answer_breach_escalations", hold_then_answer)
    return held, release


def _extend(escalation: Escalation, actor: Any, new_due_on: dt.date):
    return lambda: escalation_decide(
        escalation=Escalation.objects.get(pk=escalation.pk),
        actor=actor,
        decision="extend",
        reason="Gia hạn giải quyết",
        new_due_on=new_due_on,
    )


def _one_chain_one_escalation_per_breach(resolve: Deadline) -> None:
    assert audit_chain_verify().ok
    assert Escalation.objects.filter(automatic=True, deadline=resolve, breach_seq=0).count() == 1
    assert not Escalation.objects.filter(status="pending").exists()


def test_the_breach_decided_while_the_extension_by_hand_answers_it_is_refused_not_deadlocked(cast, monkeypatch):
    case, resolve, by_hand, breach = _two_escalations_of_one_case(cast)
    held, release = _held_where_it_answers_the_breach(monkeypatch)

    first, second, done_meanwhile = one_holding(
        _extend(by_hand, cast.leader, resolve.due_on + dt.timedelta(days=20)),
        _extend(breach, cast.province_leader, resolve.due_on + dt.timedelta(days=10)),
        held,
        release,
    )

    assert not done_meanwhile  # the second waited for the first
    assert isinstance(first, Escalation), first
    assert isinstance(second, ConcurrentChange), second
    breach.refresh_from_db()
    # The extension by hand answered the breach: decided by its leader, to its new due day.
    assert (breach.status, breach.decision, breach.decided_by, breach.new_due_on) == (
        "decided",
        "extend",
        cast.leader,
        resolve.due_on + dt.timedelta(days=20),
    )
    resolve.refresh_from_db()
    assert (resolve.extensions, resolve.due_on) == (1, breach.new_due_on)
    assert Case.objects.get(pk=case.pk).extensions == 1
    decided = [event.after["escalation"] for event in AuditEvent.objects.filter(action="escalation.extend")]
    assert sorted(decided) == [by_hand.pk, breach.pk]
    _one_chain_one_escalation_per_breach(resolve)


def test_the_extension_by_hand_decided_while_the_breach_is_extended_is_applied_after_it(cast, monkeypatch):
    case, resolve, by_hand, breach = _two_escalations_of_one_case(cast)
    held, release = _held_where_it_answers_the_breach(monkeypatch)

    first, second, done_meanwhile = one_holding(
        _extend(breach, cast.province_leader, resolve.due_on + dt.timedelta(days=10)),
        _extend(by_hand, cast.leader, resolve.due_on + dt.timedelta(days=20)),
        held,
        release,
    )

    assert not done_meanwhile
    assert isinstance(first, Escalation), first
    assert isinstance(second, Escalation), second
    by_hand.refresh_from_db()
    breach.refresh_from_db()
    assert (breach.status, breach.decided_by, breach.new_due_on) == (
        "decided",
        cast.province_leader,
        resolve.due_on + dt.timedelta(days=10),
    )
    assert (by_hand.status, by_hand.decided_by, by_hand.new_due_on) == (
        "decided",
        cast.leader,
        resolve.due_on + dt.timedelta(days=20),
    )
    # Both extensions, in the order they were decided (the especially complex case has two, Đ.30).
    resolve.refresh_from_db()
    assert (resolve.extensions, resolve.due_on) == (2, by_hand.new_due_on)
    assert Case.objects.get(pk=case.pk).extensions == 2
    _one_chain_one_escalation_per_breach(resolve)
