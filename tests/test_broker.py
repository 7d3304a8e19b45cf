"""A broker outage that users do not feel: a case step answers as fast as with the broker up, the
message waits in the outbox, and one failed publish spares the following requests the attempt."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from celery import Celery
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from casework.celery import app
from core.broker import BrokerCircuit, broker_circuit
from notifications import tasks
from notifications.models import OutboxMessage


@pytest.fixture
def broker_unreachable(settings):
    """Publishing goes to a Celery app configured from our settings (timeouts, no publish retry, no
    result backend) with REDIS_URL pointing at a closed local port; tasks are no longer eager."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    down = Celery("down", set_as_current=False)
    down.config_from_object("django.conf:settings", namespace="CELERY")
    down.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)

    def publish_to_the_down_broker(args=None, kwargs=None, **options):
        return down.send_task(tasks.outbox_deliver.name, args=args, kwargs=kwargs, **options)

    with mock.patch.object(tasks.outbox_deliver, "apply_async", side_effect=publish_to_the_down_broker) as publish:
        yield publish
    down.close()


@pytest.mark.django_db(transaction=True)
def test_a_case_step_with_the_broker_down_answers_within_a_second(cast, make_case, broker_unreachable):  # noqa: F811
    from casework.cases.services import case_accept

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cast.chair).key}")
    cases = [
        case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Luật Khiếu nại 2011")
        for _ in range(3)
    ]
    OutboxMessage.objects.all().delete()

    timings = []
    for case in cases:
        started = time.monotonic()
        response = client.post(f"/api/cases/{case.pk}/assign/", {"assignee": cast.officer.pk}, format="json")
        timings.append(time.monotonic() - started)
        assert response.status_code == 200, response.json()
    assert max(timings) < 1.0, timings
    # Committed, and the assignee's e-mail waits in the outbox for the periodic pass: nothing lost.
    assert OutboxMessage.objects.filter(status="pending").count() == 3
    # The first publish met the closed port; the circuit spared the other requests the attempt.
    assert broker_unreachable.call_count == 1
    assert broker_circuit.is_open


def test_one_failed_publish_spares_the_next_requests_until_the_cooldown_ends(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.BROKER_CIRCUIT_COOLDOWN = 30
    now = [100.0]
    circuit = BrokerCircuit(monotonic=lambda: now[0])
    with mock.patch.object(tasks.outbox_deliver, "apply_async", side_effect=ConnectionError("down")) as publish:
        assert circuit.publish("notifications.tasks.outbox_deliver") is False
        for _ in range(5):
            now[0] += 1
            assert circuit.publish("notifications.tasks.outbox_deliver") is False
        assert publish.call_count == 1  # the broker was tried once, not six times
        now[0] = 131.0  # cooldown over: one request tries again
        assert circuit.publish("notifications.tasks.outbox_deliver") is False
        assert publish.call_count == 2
    with mock.patch.object(tasks.outbox_deliver, "apply_async") as publish:
        assert circuit.publish("notifications.tasks.outbox_deliver") is False  # still open after the trial
        now[0] = 162.0
        assert circuit.publish("notifications.tasks.outbox_deliver") is True  # broker back: closed again
        assert circuit.publish("notifications.tasks.outbox_deliver") is True
        assert publish.call_count == 2


def test_reset_closes_the_circuit(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    circuit = BrokerCircuit()
    with mock.patch.object(tasks.outbox_deliver, "apply_async", side_effect=ConnectionError("down")):
        circuit.publish("notifications.tasks.outbox_deliver")
    assert circuit.is_open
    circuit.reset()
    assert not circuit.is_open
    with mock.patch.object(tasks.outbox_deliver, "apply_async") as publish:
        assert circuit.publish("notifications.tasks.outbox_deliver") is True
        publish.assert_called_once()


def test_no_result_backend_on_the_request_path():
    from django.conf import settings

    assert settings.CELERY_RESULT_BACKEND is None
    assert app.conf.task_ignore_result is True
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT < 1
    assert settings.CELERY_TASK_PUBLISH_RETRY is False
