"""A leader deciding an escalation at the same moment as the sweep closes it as overtaken (its breached clock
stopped), on PostgreSQL: exactly one of them takes effect, with no deadlock and no error. The sweep takes
the trail's head, then the decide clock and the escalation without waiting; the leader takes the decide
clock, the escalation, then the head: whichever comes second finds it done (ConcurrentChange) or skips it."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from casework.audit.models import AuditEvent
from core import clock
from core.errors import ConcurrentChange
from tests.concurrency import at_once, one_holding
from tests.workflows.conftest import at
from workflows import escalations as registry
from workflows import sweep
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import deadline_close, deadline_open
from workflows.services.escalations import ESCALATION_TARGET, escalation_decide
from workflows.sweep import sweep_run

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3


def _decide_clocks(escalation: Escalation):
    return Deadline.objects.filter(target_type=ESCALATION_TARGET, target_id=str(escalation.pk), step="decide")


def _overtaken_pending(cast, decide_clock: str, n: int = 0) -> tuple[Escalation, Any]:
    """An automatic escalation still pending whose breached clock has just stopped, and the leader who
    decides it. A sector's waits on an open decide clock; the province's, at the top, on one run out
    (nobody above to move it to: leadership is only told it is overdue), which a leader deciding does not lock."""
    unit, leader = (cast.sector, cast.leader) if decide_clock == "open" else (cast.province, cast.province_leader)
    clock.set_now(at(2) + dt.timedelta(days=30 * n))
    target = ("tests.fake", f"race-{n}")
    late = deadline_open(target=target, unit=unit, step="accept", subject="petition", assignee=cast.officer)
    clock.set_now(late.due_at + dt.timedelta(hours=1))
    assert sweep_run().escalated == 1
    escalation = Escalation.objects.get(deadline=late)
    if decide_clock == "breached":
        clock.set_now(_decide_clocks(escalation).get().due_at + dt.timedelta(hours=1))
        assert sweep_run().breached == 1
        assert _decide_clocks(escalation).get().status == Deadline.Status.BREACHED
    deadline_close(target=target, step="accept")  # the late step is done
    clock.set_now(clock.now() + dt.timedelta(minutes=1))
    return escalation, leader


@pytest.mark.parametrize("decide_clock", ["open", "breached"])
def test_a_leader_deciding_while_the_sweep_closes_it_as_overtaken(policy_v1, cast, fake_target, decide_clock):
    outcomes = []
    for n in range(ROUNDS):
        escalation, leader = _overtaken_pending(cast, decide_clock, n)
        now = clock.now()

        swept, decided = at_once(
            lambda now=now: sweep_run(now=now),
            lambda e=escalation, who=leader: escalation_decide(
                escalation=e, actor=who, decision="approve", reason="Đồng ý"
            ),
        )

        assert not isinstance(swept, Exception) and swept.errors == 0
        assert not isinstance(decided, Exception) or isinstance(decided, ConcurrentChange)
        escalation.refresh_from_db()
        events = [
            action
            for action, after in AuditEvent.objects.filter(
                action__in=["escalation.overtaken", "escalation.approve"]
            ).values_list("action", "after")
            if after["escalation"] == escalation.pk
        ]
        if isinstance(decided, ConcurrentChange):
            assert swept.overtaken == 1 and escalation.status == Escalation.Status.OVERTAKEN
            assert events == ["escalation.overtaken"]
        else:
            assert swept.overtaken == 0 and escalation.status == Escalation.Status.DECIDED
            assert events == ["escalation.approve"]
        assert not _decide_clocks(escalation).filter(status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED])
        outcomes.append(escalation.status)
        # A sweep after the race finds nothing more to do with it.
        assert sweep_run(now=now + dt.timedelta(minutes=1)).overtaken == 0
    assert len(fake_target.decisions) == outcomes.count(Escalation.Status.DECIDED)


@pytest.mark.parametrize("decide_clock", ["open", "breached"])
def test_the_sweep_skips_an_escalation_a_leader_is_deciding(policy_v1, cast, fake_target, decide_clock):
    """The leader holds the escalation (and its open decide clock) and has not written the trail yet: the
    sweep, holding the trail's head, never waits for them; it leaves the escalation to them."""
    escalation, leader = _overtaken_pending(cast, decide_clock)
    now = clock.now()
    held, release = threading.Event(), threading.Event()

    def decide_then_hold(**kwargs: Any) -> None:
        held.set()
        release.wait(timeout=30)  # the decision's transaction stays open, its rows locked
        fake_target.on_decision(**kwargs)

    registry.register_escalation_handler(fake_target.type, decide_then_hold)
    decided, swept, done_meanwhile = one_holding(
        lambda: escalation_decide(escalation=escalation, actor=leader, decision="approve", reason="Đồng ý"),
        lambda: sweep_run(now=now),
        held,
        release,
    )

    assert done_meanwhile  # the sweep never waited for the leader
    assert not isinstance(swept, Exception) and (swept.overtaken, swept.errors) == (0, 0)
    assert not isinstance(decided, Exception), decided
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.DECIDED and len(fake_target.decisions) == 1
    assert not AuditEvent.objects.filter(action="escalation.overtaken").exists()
    assert sweep_run(now=now + dt.timedelta(minutes=1)).overtaken == 0


@pytest.mark.parametrize("decide_clock", ["open", "breached"])
def test_a_leader_deciding_while_the_sweep_holds_it_is_told_it_is_done(
    policy_v1, cast, fake_target, decide_clock, monkeypatch
):
    """The sweep holds the trail's head, the decide clock and the escalation: the leader waits, holding
    nothing the sweep needs, and then finds it closed as overtaken."""
    escalation, leader = _overtaken_pending(cast, decide_clock)
    now = clock.now()
    held, release = threading.Event(), threading.Event()
    overtake = sweep.escalation_overtake

    def hold_then_overtake(claimed: Escalation) -> None:
        held.set()
        release.wait(timeout=30)  # the sweep's transaction stays open, its rows locked
        overtake(claimed)

    monkeypatch.setattr(sweep, "escalation_overtake", hold_then_overtake)
    swept, decided, _done = one_holding(
        lambda: sweep_run(now=now),
        lambda: escalation_decide(escalation=escalation, actor=leader, decision="approve", reason="Đồng ý"),
        held,
        release,
    )

    assert not isinstance(swept, Exception) and (swept.overtaken, swept.errors) == (1, 0)
    assert isinstance(decided, ConcurrentChange), decided
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.OVERTAKEN and fake_target.decisions == []
    assert not AuditEvent.objects.filter(action="escalation.approve").exists()
