"""Two sweeps at the same moment on PostgreSQL: each breach is claimed, escalated and announced once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from casework.audit.models import AuditEvent
from core import clock
from notifications.models import Notification
from tests.concurrency import at_once
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import deadline_open
from workflows.sweep import sweep_run


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED and real concurrency need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_escalate_each_breach_once(policy_v1, cast, fake_target):
    clock.set_now(at(2))
    for n in range(12):
        deadline_open(
            target=("tests.fake", str(n)), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
        )
    now = at(13)
    clock.set_now(now)
    results = at_once(lambda: sweep_run(now=now), lambda: sweep_run(now=now))

    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(r.breached for r in results) == 12
    assert sum(r.escalated for r in results) == 12
    assert sum(r.errors for r in results) == 0
    assert Escalation.objects.count() == 12
    assert Deadline.objects.filter(target_type="tests.fake", status="breached").count() == 12
    assert AuditEvent.objects.filter(action="deadline.breach").count() == 12
    assert Notification.objects.filter(user=cast.leader, key__endswith=":open").count() == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_leaders_deciding_at_the_same_moment_one_wins(policy_v1, cast, fake_target):
    from casework.org.models import Role
    from core.errors import ConcurrentChange
    from tests.factories import UserFactory
    from workflows.services.escalations import escalation_decide, escalation_open

    second = UserFactory(roles=[(Role.BCH_MEMBER, cast.sector)])
    clock.set_now(at(2))
    escalation = escalation_open(target=("tests.fake", "1"), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    results = at_once(
        lambda: escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason="Quyết định"),
        lambda: escalation_decide(escalation=escalation, actor=second, decision="return", reason="Quyết định"),
    )
    outcomes = ["conflict" if isinstance(r, ConcurrentChange) else "ok" for r in results]
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, ConcurrentChange)]
    assert sorted(outcomes) == ["conflict", "ok"]
    assert len(fake_target.decisions) == 1
    escalation.refresh_from_db()
    assert escalation.decision == fake_target.decisions[0]["decision"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED and real concurrency need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_reminder_once(policy_v1, cast, fake_target):
    clock.set_now(at(2))
    for n in range(12):
        deadline_open(
            target=("tests.fake", str(n)), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
        )
    now = at(9, 8, 30)  # the "3 days before" reminders are due
    clock.set_now(now)
    results = at_once(lambda: sweep_run(now=now), lambda: sweep_run(now=now))
    assert sum(r.reminded for r in results) == 12
    assert AuditEvent.objects.filter(action="deadline.remind").count() == 12
    assert Notification.objects.filter(user=cast.officer, key__endswith=":remind:3").count() == 12
    assert Notification.objects.filter(user=cast.chair, key__endswith=":remind:3").count() == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_decision_racing_the_silence_sweep_neither_deadlocks_nor_does_both(policy_v1, cast, fake_target):
    from core.errors import ConcurrentChange
    from workflows.services.escalations import escalation_decide, escalation_open

    clock.set_now(at(2))
    escalation = escalation_open(target=("tests.fake", "1"), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    now = at(20)  # past the 10-working-day decide limit (16/03)
    clock.set_now(now)
    barrier = threading.Barrier(2)
    outcomes = {}

    def sweep() -> None:
        try:
            barrier.wait()
            outcomes["sweep"] = sweep_run(now=now)
        finally:
            connections.close_all()

    def decide() -> None:
        try:
            barrier.wait()
            escalation_decide(escalation=escalation, actor=cast.province_leader, decision="approve", reason="Đồng ý")
            outcomes["decide"] = "ok"
        except ConcurrentChange:
            outcomes["decide"] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep), threading.Thread(target=decide)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    escalation.refresh_from_db()
    assert outcomes["sweep"].errors == 0
    if outcomes["decide"] == "ok":
        assert (escalation.status, escalation.level, outcomes["sweep"].moved_up) == ("decided", cast.sector, 0)
    else:
        assert (escalation.status, escalation.level, outcomes["sweep"].moved_up) == ("pending", cast.province, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED and real concurrency need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_bring_each_step_done_late_to_leadership_once(policy_v1, cast, fake_target):
    from workflows.services.deadlines import deadline_close

    clock.set_now(at(2))
    for n in range(8):
        deadline_open(
            target=("tests.fake", str(n)), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
        )
    now = at(13)
    clock.set_now(now)
    for n in range(8):  # each step done past its due moment, no sweep between
        deadline_close(target=("tests.fake", str(n)), step="accept")
    results = at_once(lambda: sweep_run(now=now), lambda: sweep_run(now=now))

    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(r.escalated for r in results) == 8 and sum(r.errors for r in results) == 0
    assert Escalation.objects.filter(status=Escalation.Status.OVERTAKEN, automatic=True).count() == 8
    assert not Deadline.objects.filter(breach_unswept=True).exists()
    assert Notification.objects.filter(user=cast.leader, key__endswith=":late_stop").count() == 8
