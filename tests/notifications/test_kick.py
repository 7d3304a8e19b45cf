"""Delivery requests are throttled per process: the first commit of an interval asks at once, the
others share one request delayed to the interval's end, so no message waits more than the interval."""

from unittest import mock

import pytest

from core import task_kick
from notifications import tasks
from notifications.kick import outbox_kick


@pytest.fixture
def clock_and_calls(settings, monkeypatch):
    settings.OUTBOX_KICK_INTERVAL = 1.0
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker: requests are queued, not run inline
    monkeypatch.setattr(outbox_kick, "_next_free", 0.0)
    monkeypatch.setattr(outbox_kick, "_trailing_at", 0.0)
    now = [100.0]
    monkeypatch.setattr(task_kick.time, "monotonic", lambda: now[0])
    with mock.patch.object(tasks.outbox_deliver, "apply_async") as apply_async:
        yield now, apply_async


def countdowns(apply_async):
    return [call.kwargs["countdown"] for call in apply_async.call_args_list]


def test_a_burst_of_commits_makes_two_requests_and_none_waits_past_the_interval(clock_and_calls):
    now, apply_async = clock_and_calls
    outbox_kick()  # the first commit: at once
    now[0] += 0.25
    outbox_kick()  # the second: one request at the interval's end
    for _ in range(50):
        now[0] += 0.01
        outbox_kick()  # the rest of the burst: covered by that request
    assert countdowns(apply_async) == [None, pytest.approx(0.75)]
    now[0] = 101.5  # a commit after the interval asks at once again
    outbox_kick()
    assert countdowns(apply_async) == [None, pytest.approx(0.75), None]


def test_a_broker_that_is_down_does_not_fail_the_commit(clock_and_calls):
    _now, apply_async = clock_and_calls
    apply_async.side_effect = ConnectionError("broker down")
    outbox_kick()  # logged, not raised
    assert apply_async.call_count == 1


def test_without_a_broker_every_commit_delivers_inline(clock_and_calls, settings):
    now, apply_async = clock_and_calls
    settings.CELERY_TASK_ALWAYS_EAGER = True
    for _ in range(3):
        outbox_kick()
        now[0] += 0.1
    assert countdowns(apply_async) == [None, None, None]
