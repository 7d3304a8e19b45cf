"""The embedded scheduler runs each job at its own interval."""

import pytest

from casework.web import schedule


@pytest.fixture
def jobs(monkeypatch):
    calls = []
    monkeypatch.setattr(
        schedule,
        "PERIODIC_JOBS",
        [("tests.web.test_schedule.fast_job", 60), ("tests.web.test_schedule.slow_job", 3600)],
    )
    monkeypatch.setattr(schedule, "_beat", lambda *a, **k: None)
    monkeypatch.setattr("tests.web.test_schedule.CALLS", calls)
    return calls


CALLS: list = []


def fast_job():
    CALLS.append("fast")
    return "fast"


def slow_job():
    CALLS.append("slow")
    return "slow"


def test_each_job_waits_for_its_own_interval(jobs, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(schedule.time, "monotonic", lambda: now[0])
    last_run: dict = {}
    schedule.run_periodic_jobs(last_run=last_run)
    assert jobs == ["fast", "slow"]
    now[0] += 61
    schedule.run_periodic_jobs(last_run=last_run)
    assert jobs == ["fast", "slow", "fast"]
    assert schedule.seconds_to_next_job(last_run) == pytest.approx(60)
    now[0] += 3600
    schedule.run_periodic_jobs(last_run=last_run)
    assert jobs == ["fast", "slow", "fast", "fast", "slow"]


def test_without_memory_every_job_runs(jobs):
    summary = schedule.run_periodic_jobs()
    assert summary == {"fast_job": "fast", "slow_job": "slow"}


def test_a_failing_job_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(
        schedule,
        "PERIODIC_JOBS",
        [("tests.web.test_schedule.broken_job", 60), ("tests.web.test_schedule.fast_job", 60)],
    )
    monkeypatch.setattr(schedule, "_beat", lambda *a, **k: None)
    summary = schedule.run_periodic_jobs()
    assert summary["broken_job"].startswith("error:")
    assert summary["fast_job"] == "fast"


def broken_job():
    raise RuntimeError("boom")
