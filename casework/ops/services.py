"""Writes of the ops app: the periodic jobs' heartbeats."""

from __future__ import annotations

from casework.ops.models import Heartbeat
from core import clock


def heartbeat_beat(name: str, *, duration: float | None = None, result: object = None) -> Heartbeat:
    """Record that job `name` just finished. Idempotent: one row per name, last write wins.

    `result` is what the job returned: its text is kept as the summary, and its `ok` attribute
    (a verification result has one) as the outcome. No lock: two schedulers beating the same
    name at once both mean "it ran", and either timestamp is true.
    """
    ok = getattr(result, "ok", None)
    beat, _created = Heartbeat.objects.update_or_create(
        name=name,
        defaults={
            "at": clock.now(),
            "duration": duration,
            "ok": ok if isinstance(ok, bool) else None,
            "detail": "" if result is None else str(result)[:500],
        },
    )
    return beat
