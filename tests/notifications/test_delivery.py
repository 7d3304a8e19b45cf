"""Outbox delivery: once only, back-off, the user's e-mail choice, and a broker that is down."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from celery import Celery
from django.core import mail
from django.db import connection, transaction

from casework.org.models import Role
from core import clock
from notifications import tasks
from notifications.delivery import MAX_ATTEMPTS, outbox_deliver_due
from notifications.models import Notification, OutboxMessage
from notifications.services import notify, user_set_channel, user_set_email_notifications
from tests.concurrency import at_once
from tests.factories import UserFactory, make_unit


@pytest.mark.django_db
def test_a_message_is_sent_once_even_when_delivery_runs_again(frozen_clock):
    user = UserFactory()
    with transaction.atomic():
        notify(users=[user], title="Nhắc hạn", body="Hồ sơ 1", url="/cases/1/", key="deadline:1:remind:3")
        notify(users=[user], title="Nhắc hạn", body="Hồ sơ 1", url="/cases/1/", key="deadline:1:remind:3")
    assert OutboxMessage.objects.count() == 1
    assert outbox_deliver_due() == 1
    assert outbox_deliver_due() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email] and "/cases/1/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["X-Casework-Key"] == f"deadline:1:remind:3:email:{user.pk}"


@pytest.mark.django_db
def test_failures_back_off_and_finally_give_up(frozen_clock):
    user = UserFactory()
    notify(users=[user], title="T", key="k1")
    with mock.patch("notifications.delivery._send", side_effect=OSError("SMTP down")):
        assert outbox_deliver_due() == 0
        message = OutboxMessage.objects.get()
        assert (message.status, message.attempts, message.last_error) == ("pending", 1, "SMTP down")
        assert message.next_attempt_at == clock.now() + dt.timedelta(minutes=2)
        assert outbox_deliver_due() == 0  # not due yet: no attempt
        assert OutboxMessage.objects.get().attempts == 1
        for _ in range(MAX_ATTEMPTS - 1):
            clock.advance(dt.timedelta(hours=7))
            outbox_deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_worker_that_died_mid_send_is_retried_after_its_lease(frozen_clock):
    user = UserFactory()
    notify(users=[user], title="T", key="k2")
    OutboxMessage.objects.update(status="sending", next_attempt_at=clock.now() + dt.timedelta(minutes=5))
    assert outbox_deliver_due() == 0  # still leased by the other worker
    clock.advance(dt.timedelta(minutes=6))
    assert outbox_deliver_due() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_email_off_means_in_app_only_and_stops_queued_mail(frozen_clock):
    quiet, loud = UserFactory(email_notifications=False), UserFactory()
    notify(users=[quiet, loud], title="T", key="k3")
    assert Notification.objects.filter(key="k3").count() == 2
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [loud.email]
    user_set_email_notifications(user=loud, enabled=False)  # changes mind before delivery
    assert outbox_deliver_due() == 0
    assert OutboxMessage.objects.get().status == "skipped"
    assert mail.outbox == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real workers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_message_once():
    users = [UserFactory() for _ in range(10)]
    with mock.patch("notifications.services.outbox_kick"), transaction.atomic():  # leave them queued
        for n, user in enumerate(users):
            notify(users=[user], title=f"T{n}", key=f"k-par-{n}")
    assert OutboxMessage.objects.filter(status="pending").count() == 10
    sent = at_once(outbox_deliver_due, outbox_deliver_due)
    assert sum(sent) == 10
    assert len(mail.outbox) == 10
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


@pytest.mark.django_db(transaction=True)
def test_broker_down_then_up(settings, sms_provider, zalo_provider):
    """With the broker refusing connections the state change commits and e-mail, SMS and Zalo wait;
    back up, each goes out once."""
    user = UserFactory(roles=[(Role.CASE_OFFICER, make_unit())])
    user_set_channel(user=user, channel="sms", address="0912345678", enabled=True)
    user_set_channel(user=user, channel="zalo", address="123", enabled=True)
    down = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    down.conf.update(
        task_always_eager=False,
        broker_connection_timeout=1,
        broker_connection_retry=False,
        broker_transport_options={"max_retries": 0, "socket_connect_timeout": 1},
        task_publish_retry=False,
    )

    def delay_on_down_broker(*args, **kwargs):
        return down.send_task("notifications.tasks.outbox_deliver")

    with mock.patch.object(tasks.outbox_deliver, "apply_async", side_effect=delay_on_down_broker) as delay:
        with transaction.atomic():
            notify(users=[user], title="Quá hạn", key="deadline:7:breach")
        # the on_commit kick hit the dead broker, was swallowed, and nothing rolled back
        assert delay.call_count == 1
    assert Notification.objects.filter(user=user, key="deadline:7:breach").exists()
    assert dict(OutboxMessage.objects.values_list("channel", "status")) == {
        "email": "pending", "sms": "pending", "zalo": "pending",
    }  # fmt: skip
    assert mail.outbox == [] and sms_provider.requests == [] and zalo_provider.requests == []

    # Broker back (tasks run again): the next kick, or the periodic job, delivers the backlog once.
    tasks.outbox_deliver.delay()
    assert len(mail.outbox) == 1
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    from casework.web.schedule import run_periodic_jobs

    run_periodic_jobs()
    assert len(mail.outbox) == 1
    assert (len(sms_provider.requests), len(zalo_provider.requests)) == (1, 1)


@pytest.mark.django_db
def test_the_task_retries_when_delivery_itself_fails():
    with mock.patch("notifications.tasks.outbox_deliver_due", side_effect=RuntimeError("db down")):
        with mock.patch.object(tasks.outbox_deliver, "retry", side_effect=RuntimeError("retry scheduled")) as retry:
            with pytest.raises(RuntimeError, match="retry scheduled"):
                tasks.outbox_deliver.run()
    assert retry.call_args.kwargs["countdown"] == 30
