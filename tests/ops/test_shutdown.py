"""A worker stopped in the middle of a delivery or a sweep loses nothing and duplicates nothing on restart.

The stop is simulated with KeyboardInterrupt (what SIGINT raises, and what a cold Celery shutdown
amounts to): a BaseException, so no `except Exception` in the code under test swallows it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from casework.audit.models import AuditEvent
from casework.ops.chain_check import audit_chain_ok
from core import clock
from notifications.delivery import LEASE, outbox_deliver_due
from notifications.models import Notification, OutboxMessage
from notifications.services import notify
from tests.factories import UserFactory
from tests.workflows.conftest import at, fake_target  # noqa: F401 - the fixture, used by name
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import deadline_open
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _queue(n: int) -> list[str]:
    users = [UserFactory(email=f"u{i}@example.test") for i in range(n)]
    for i, user in enumerate(users):
        notify(users=[user], title=f"Thông báo {i}", body="Nội dung", key=f"ops-shutdown-{i}")
    keys = sorted(OutboxMessage.objects.values_list("key", flat=True))
    assert len(keys) == n
    return keys


def _sent_keys() -> Counter:
    return Counter(message.extra_headers["X-Casework-Key"] for message in mail.outbox)


def _stop_on_call(monkeypatch, number: int, *, after_sending: bool = False) -> None:
    """The worker dies at the `number`-th send: before handing the message over, or just after."""
    real = EmailBackend.send_messages
    calls = {"n": 0}

    def send_messages(self, messages):
        calls["n"] += 1
        if calls["n"] == number:
            if after_sending:
                real(self, messages)
            raise KeyboardInterrupt
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


def test_delivery_stopped_midway_sends_each_message_exactly_once(frozen_clock, monkeypatch):
    keys = _queue(4)
    _stop_on_call(monkeypatch, 3)
    with pytest.raises(KeyboardInterrupt):
        outbox_deliver_due()
    assert len(mail.outbox) == 2
    monkeypatch.undo()

    # Restart at once: the message the dead worker had claimed waits for its lease, the rest go.
    outbox_deliver_due()
    assert len(mail.outbox) == 3
    clock.advance(LEASE + dt.timedelta(seconds=1))
    outbox_deliver_due()
    outbox_deliver_due()

    assert _sent_keys() == Counter({key: 1 for key in keys})
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.SENT}


def test_delivery_stopped_after_the_server_took_the_message_loses_nothing(frozen_clock, monkeypatch):
    # The one window no outbox can close: the SMTP server accepted, the worker died before marking.
    # The message is sent again after the lease (at-least-once) with the same Message-ID, which
    # lets mail systems drop the copy; nothing is lost.
    keys = _queue(3)
    _stop_on_call(monkeypatch, 2, after_sending=True)
    with pytest.raises(KeyboardInterrupt):
        outbox_deliver_due()
    monkeypatch.undo()
    clock.advance(LEASE + dt.timedelta(seconds=1))
    outbox_deliver_due()

    sent = _sent_keys()
    assert set(sent) == set(keys)
    (twice,) = [key for key, n in sent.items() if n == 2]
    message_ids = {m.extra_headers["Message-ID"] for m in mail.outbox if m.extra_headers["X-Casework-Key"] == twice}
    assert len(message_ids) == 1
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.SENT}


def test_sweep_stopped_midway_breaches_and_escalates_each_deadline_once(cast, fake_target, monkeypatch):  # noqa: F811
    import workflows.services.breach as breach

    clock.set_now(at(2))
    deadlines = [
        deadline_open(
            target=("tests.fake", str(n)), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
        )
        for n in range(4)
    ]
    clock.set_now(at(25))  # all four are past due
    real_open, calls = breach.escalation_open, {"n": 0}

    def escalation_open(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # stopped inside the third deadline's transaction
        return real_open(**kwargs)

    monkeypatch.setattr(breach, "escalation_open", escalation_open)
    with pytest.raises(KeyboardInterrupt):
        sweep_run()
    assert Escalation.objects.count() == 2
    # The interrupted row rolled back whole: still open, no breach event, no notification.
    fake_deadlines = Deadline.objects.filter(target_type="tests.fake")
    assert fake_deadlines.filter(status=Deadline.Status.OPEN).count() == 2
    monkeypatch.undo()

    sweep_run()
    sweep_run()

    assert Escalation.objects.count() == 4
    assert sorted(Escalation.objects.values_list("deadline_id", flat=True)) == sorted(d.pk for d in deadlines)
    assert set(fake_deadlines.values_list("status", flat=True)) == {Deadline.Status.BREACHED}
    breach_events = Counter(AuditEvent.objects.filter(action="deadline.breach").values_list("target_id", flat=True))
    assert breach_events == Counter({str(n): 1 for n in range(4)})
    breach_notes = Counter(Notification.objects.filter(key__endswith=":breach").values_list("user_id", "key"))
    assert breach_notes and set(breach_notes.values()) == {1}
    assert len({key for _user, key in breach_notes}) == 4
    ok, summary = audit_chain_ok()
    assert ok, summary
