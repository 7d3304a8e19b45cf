"""Fixtures for the ops tests: a schedule that includes the deadline sweep, and captured log lines."""

from __future__ import annotations

import io
import logging

import pytest

from casework.ops.logging import JsonFormatter, RedactFilter, RequestIdFilter
from casework.ops.selectors import SWEEP_JOB, SWEEP_JOB_NAMES


@pytest.fixture
def sweep_scheduled(monkeypatch):
    """PERIODIC_JOBS with the deadline sweep in it, whether or not the workflows app schedules it yet."""
    from casework.web import schedule

    jobs = [job for job in schedule.PERIODIC_JOBS if job[0] not in SWEEP_JOB_NAMES] + [(SWEEP_JOB, 60)]
    monkeypatch.setattr(schedule, "PERIODIC_JOBS", jobs)
    return jobs


@pytest.fixture
def sweep_unscheduled(monkeypatch):
    from casework.web import schedule

    monkeypatch.setattr(
        schedule, "PERIODIC_JOBS", [job for job in schedule.PERIODIC_JOBS if job[0] not in SWEEP_JOB_NAMES]
    )


@pytest.fixture
def json_log():
    """Root logger also writes JSON lines, through the production filters, into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(old_level)
