"""Writes of the ops app: the periodic jobs' heartbeats."""

from __future__ import annotations

from casework import clock
from casework.ops.models import Heartbeat


def heartbeat_beat(name: str, *, duration: float | None = None) -> Heartbeat:
    """Record that job `name` just finished. Idempotent: one row per name, last write wins.

    No lock: two schedulers beating the same name at once both mean "it ran", and either
    timestamp is true.
    """
    beat, _created = Heartbeat.objects.update_or_create(name=name, defaults={"at": clock.now(), "duration": duration})
    return beat
