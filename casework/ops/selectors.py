"""Reads of the ops app. Nothing here is scoped to a user: these are counts, never rows."""

from __future__ import annotations

import datetime as dt

from casework import clock
from casework.ops.models import Heartbeat

# The job whose silence matters most: without it nothing escalates.
SWEEP_JOB = "workflows.sweep.sweep_run"


def heartbeat_get(*, name: str) -> Heartbeat | None:
    return Heartbeat.objects.filter(name=name).first()


def heartbeat_age(*, name: str) -> dt.timedelta | None:
    beat = heartbeat_get(name=name)
    return None if beat is None else clock.now() - beat.at


def sweep_configured() -> bool:
    from casework.web.schedule import PERIODIC_JOBS

    return any(dotted == SWEEP_JOB for dotted, _every in PERIODIC_JOBS)
