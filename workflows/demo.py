"""Demo: the deadline sweep as the scheduler runs it.

`demo_sweep_chapter` is the sweep's story on the demo's timeline (core.timeline): one pass each morning while
the demo's cases and inspections are built, so that a clock that runs out is breached, reminded and escalated
the next morning, as in real use, not weeks later when the load ends. `load_demo_deadlines` is one pass now, so
the leadership queue and "Việc của tôi" show overdue work at once (the scheduler would do the same within a
minute). Idempotent: a second run at the same time finds nothing new to remind or escalate."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core import clock
from core.timeline import Chapter, Story
from workflows.sweep import sweep_run

# The earliest day a demo story begins (the oldest demo letters and inspections are about four months old).
SWEEP_DAYS = 150
MORNING = dt.time(6, 0)


def demo_sweep_chapter() -> Chapter:
    today = clock.today()
    totals = {"reminded": 0, "breached": 0, "escalated": 0}

    def mornings() -> Story:
        for days in range(SWEEP_DAYS, 0, -1):
            yield timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), MORNING))
            result = sweep_run()
            totals["reminded"] += result.reminded
            totals["breached"] += result.breached
            totals["escalated"] += result.escalated

    return Chapter(stories=[mornings()], result=lambda: dict(totals))


def load_demo_deadlines() -> dict[str, int]:
    result = sweep_run()
    return {"reminded": result.reminded, "breached": result.breached, "escalated": result.escalated}
