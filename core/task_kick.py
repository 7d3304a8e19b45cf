"""Asking a worker to run a task after commits, at most twice an interval per process.

Every transaction that leaves work for a worker (e-mail in the outbox, letters in the intake
queue) asks for a run when it commits. A sweep, an import or a burst of API calls commits
hundreds of times a second, and one request per commit would queue hundreds of runs doing the
same work (and cost each commit a broker round trip). So the first commit of an interval asks
at once; the later ones in that interval share one request delayed to the interval's end, which
handles everything committed meanwhile. Nothing waits longer than the interval for a worker
(and the periodic pass still runs if the broker is down; core/broker.py keeps a down broker
from costing the requests anything).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

from core.broker import broker_circuit


class TaskKick:
    def __init__(self, task: str, interval_setting: str) -> None:
        self.task = task  # dotted path of the Celery task, imported on first use
        self.interval_setting = interval_setting
        self._lock = threading.Lock()
        self._next_free = 0.0  # monotonic time from which a request goes out at once
        self._trailing_at = 0.0  # the end of the interval a delayed request has been sent for

    def __call__(self) -> None:
        """Ask a worker to run now, or at the end of this interval; never raises."""
        # Eager tasks (no broker: `make run`, tests) run inline, where a delayed request would
        # run at once and leave the rest of the interval uncovered: no throttle there.
        interval = 0.0 if settings.CELERY_TASK_ALWAYS_EAGER else float(getattr(settings, self.interval_setting))
        now = time.monotonic()
        with self._lock:
            if now >= self._next_free:
                countdown = None
                self._next_free = now + interval
            elif self._trailing_at != self._next_free:
                countdown = self._next_free - now
                self._trailing_at = self._next_free
            else:
                return  # the delayed request already sent covers this commit
        # The work stays in its table when the broker is down; the periodic job does it later.
        broker_circuit.publish(self.task, countdown=countdown)
