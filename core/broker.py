"""Publishing to the Celery broker from a request without the request feeling a broker outage.

Everything published from the request path is a nudge: the work itself is already committed in
the database (the outbox, the intake queue, the export job) and a periodic pass picks it up if the
nudge is lost. So a publish must never fail nor slow a request. The settings bound one attempt
(CELERY_BROKER_CONNECTION_TIMEOUT, no publish retry, no result backend); this circuit breaker
spares the following requests even that attempt: after a failed publish, the next
BROKER_CIRCUIT_COOLDOWN seconds skip the broker, then one request tries again (half open).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)


class BrokerCircuit:
    """Per process. Closed: publish. Open (after a failure): skip until the cooldown ends."""

    def __init__(self, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._trial_running = False

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0
            self._trial_running = False

    @property
    def is_open(self) -> bool:
        return self._monotonic() < self._open_until

    def _may_try(self) -> bool:
        with self._lock:
            if self._monotonic() < self._open_until or self._trial_running:
                return False
            # After a failure only one request at a time probes the broker (half open).
            self._trial_running = self._open_until > 0.0
            return True

    def _record(self, *, ok: bool) -> None:
        with self._lock:
            self._trial_running = False
            if ok:
                self._open_until = 0.0
            else:
                self._open_until = self._monotonic() + float(settings.BROKER_CIRCUIT_COOLDOWN)

    def publish(self, task: str, **options: Any) -> bool:
        """apply_async the task named by its dotted path; False when skipped or failed. Never raises."""
        # Eager tasks (no broker: `make run`, tests) run inline: a failure is the task's, not the broker's.
        eager = settings.CELERY_TASK_ALWAYS_EAGER
        if not eager and not self._may_try():
            log.debug("broker circuit open; %s left to the periodic pass", task)
            return False
        module, name = task.rsplit(".", 1)
        try:
            getattr(import_module(module), name).apply_async(**options)
        except Exception:  # noqa: BLE001 - a down broker must never fail a committed change
            if not eager:
                self._record(ok=False)
            log.warning("could not publish %s; left to the periodic pass", task, exc_info=True)
            return False
        if not eager:
            self._record(ok=True)
        return True


broker_circuit = BrokerCircuit()
