"""Asking a worker to deliver the outbox, at most twice a second per process.

Every transaction that queues e-mail asks for delivery when it commits. A sweep or an import
commits hundreds of times a second, and one request per commit would queue hundreds of delivery
runs doing the same work (and cost each transition a broker round trip). So the first commit
of an interval asks at once; the later ones in that interval share one request delayed to the
interval's end, which delivers everything committed meanwhile. No message waits longer than
the interval for a worker (and the periodic pass still runs if the broker is down).
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)

_lock = threading.Lock()
_next_free = 0.0  # monotonic time from which a request goes out at once
_trailing_at = 0.0  # the end of the interval a delayed request has been sent for


def outbox_kick() -> None:
    """Ask a worker to deliver now, or at the end of this interval; never raises."""
    global _next_free, _trailing_at
    # Eager tasks (no broker: `make run`, tests) deliver inline, where a delayed request would
    # run at once and leave the rest of the interval uncovered: no throttle there.
    interval = 0.0 if settings.CELERY_TASK_ALWAYS_EAGER else float(settings.OUTBOX_KICK_INTERVAL)
    now = time.monotonic()
    with _lock:
        if now >= _next_free:
            countdown = None
            _next_free = now + interval
        elif _trailing_at != _next_free:
            countdown = _next_free - now
            _trailing_at = _next_free
        else:
            return  # the delayed request already sent covers this commit
    try:
        from notifications.tasks import outbox_deliver

        outbox_deliver.apply_async(countdown=countdown)
    except Exception:  # noqa: BLE001 - a down broker must never fail a committed state change
        # The messages stay pending in the outbox; the periodic job delivers them later.
        log.warning("broker unavailable; outbox delivery deferred", exc_info=True)
