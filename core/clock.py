"""The one clock every service, selector and sweep reads.

Time is injected so that tests and demos can move past a deadline without sleeping:
`clock.freeze(dt)` / `clock.advance(delta)` in tests, `CASEWORK_CLOCK_OFFSET_DAYS`-free code
in production (the default simply returns `timezone.now()`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


def set_now(value: dt.datetime | None) -> None:
    global _frozen
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    _frozen = value


def advance(delta: dt.timedelta) -> dt.datetime:
    set_now(now() + delta)
    return now()


@contextlib.contextmanager
def frozen(value: dt.datetime) -> Iterator[None]:
    previous = _frozen
    set_now(value)
    try:
        yield
    finally:
        set_now(previous)
