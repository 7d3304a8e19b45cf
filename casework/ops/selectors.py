"""Reads of the ops app. Nothing here is scoped to a user: these are counts, never rows."""

from __future__ import annotations

import datetime as dt

from casework.ops.models import Heartbeat
from core import clock

# The job whose silence matters most: without it nothing escalates. Its PERIODIC_JOBS entry
# point is `sweep_deadlines` (the argument-free wrapper of `sweep_run`); either name counts.
SWEEP_JOB = "workflows.sweep.sweep_deadlines"
SWEEP_JOB_NAMES = (SWEEP_JOB, "workflows.sweep.sweep_run")
AUDIT_VERIFY_JOB = "casework.audit.jobs.audit_verify_periodic"


def heartbeat_get(*, name: str) -> Heartbeat | None:
    return Heartbeat.objects.filter(name=name).first()


def heartbeat_age(*, name: str) -> dt.timedelta | None:
    beat = heartbeat_get(name=name)
    return None if beat is None else clock.now() - beat.at


def sweep_job_name() -> str | None:
    """The sweep's name in PERIODIC_JOBS (its heartbeat's name), or None when it is not scheduled."""
    from casework.web.schedule import PERIODIC_JOBS

    return next((dotted for dotted, _every in PERIODIC_JOBS if dotted in SWEEP_JOB_NAMES), None)


def scheduled_job_name(dotted: str) -> str | None:
    from casework.web.schedule import PERIODIC_JOBS

    return dotted if any(name == dotted for name, _every in PERIODIC_JOBS) else None


def heartbeat_outcome(beat: Heartbeat) -> bool | None:
    """The job's own verdict: its `ok` when it returned one, else read from the audit
    verification's summary (its broken form says "CHUỖI BỊ PHÁ VỠ"); None when it says nothing."""
    if beat.ok is not None:
        return beat.ok
    if beat.detail:
        return "PHÁ VỠ" not in beat.detail.upper()
    return None
