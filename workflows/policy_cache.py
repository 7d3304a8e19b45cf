"""The deadline policy and the working calendar, read once per process, not on every deadline.

Every step of every case opens a deadline, which needs the policy version in force, its rule and
the calendar's administrator-entered days; these change a few times a year. A process keeps one
snapshot of the three and reads it without queries.

Staying right after an edit:
- Saving or deleting a policy version, rule or calendar day drops this process's snapshot at
  once, and while that transaction is open this thread reads the database directly (it sees its
  own uncommitted rows, and nothing it read can outlive a rollback).
- When the edit commits, a generation number in the shared cache (Redis in production) moves on,
  so every other process reloads on its next read (each reads the number at most once a second).
- Without a shared cache (no REDIS_URL: the web process and the scheduler each have their own) or
  while Redis is down, other processes see the edit when their snapshot is MAX_AGE seconds old,
  the longest any snapshot is kept.
Rows written around the ORM's signals (data migrations, `bulk_create`) call `policy_forget()`.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from workflows.calendar import WorkingCalendar
from workflows.models import CalendarDay, CalendarNotice, DeadlineRule, PolicyVersion

GENERATION_KEY = "workflows:policy-generation"
MAX_AGE = 60.0  # seconds
GENERATION_TTL = 1.0  # seconds between two reads of the shared generation


@dataclass(frozen=True)
class PolicySnapshot:
    generation: int | None
    loaded_at: float
    versions: list[PolicyVersion]  # newest number first
    rules: dict[tuple[int, str, str], dict[str, DeadlineRule]] = field(default_factory=dict)
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)

    def version_on(self, day: dt.date) -> PolicyVersion | None:
        return next((v for v in self.versions if v.effective_from <= day), None)

    def version_by_pk(self, pk: int | None) -> PolicyVersion | None:
        return next((v for v in self.versions if v.pk == pk), None) if pk is not None else None

    def rules_for(self, version: PolicyVersion, subject: str, step: str) -> dict[str, DeadlineRule]:
        return self.rules.get((version.pk, subject, step), {})


_snapshot: PolicySnapshot | None = None
_writing = threading.local()  # this thread has uncommitted edits to the policy or the calendar


_asked: tuple[float, int | None] = (-1e9, None)  # when the shared generation was last read, and its value


def _generation() -> int | None:
    """The shared generation, read from the cache at most once per GENERATION_TTL: one case step
    opens deadlines that each read the policy, calendar and rules, and every read was a Redis
    round trip."""
    global _asked
    now = time.monotonic()
    if now - _asked[0] < GENERATION_TTL:
        return _asked[1]
    try:
        value = cache.get(GENERATION_KEY, 0)
    except Exception:  # noqa: BLE001 - Redis down: fall back on the snapshot's age
        value = None
    _asked = (now, value)
    return value


def _load(generation: int | None) -> PolicySnapshot:
    rules: dict[tuple[int, str, str], dict[str, DeadlineRule]] = {}
    for rule in DeadlineRule.objects.all():
        rules.setdefault((rule.version_id, rule.subject, rule.step), {})[rule.variant] = rule
    return PolicySnapshot(
        generation=generation,
        loaded_at=time.monotonic(),
        versions=list(PolicyVersion.objects.order_by("-number")),
        rules=rules,
        calendar=WorkingCalendar.from_database(),
    )


def policy_snapshot() -> PolicySnapshot:
    """The policy and calendar as this process knows them (see the module's notes on staleness)."""
    global _snapshot
    if getattr(_writing, "active", False):
        if connection.in_atomic_block:
            return _load(None)
        _writing.active = False  # the editing transaction ended without commit: it was rolled back
    generation = _generation()
    snapshot = _snapshot
    if snapshot is None or snapshot.generation != generation or time.monotonic() - snapshot.loaded_at > MAX_AGE:
        snapshot = _load(generation)
        _snapshot = snapshot
    return snapshot


def policy_forget() -> None:
    """Drop this process's snapshot and tell the others to drop theirs."""
    global _snapshot, _asked
    _snapshot = None
    _asked = (-1e9, None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet
        cache.set(GENERATION_KEY, 1, None)
    except Exception:  # noqa: BLE001 - Redis down: the others reload within MAX_AGE
        pass


def reset() -> None:
    """Forget everything this process holds (the snapshot, the generation read, an edit in progress
    in this thread): for tests, whose transactions are rolled back without running on-commit hooks."""
    global _snapshot, _asked
    _snapshot = None
    _asked = (-1e9, None)
    _writing.active = False


def _edited(**kwargs: object) -> None:
    global _snapshot
    _snapshot = None
    if connection.in_atomic_block:
        _writing.active = True

        def committed() -> None:
            _writing.active = False
            policy_forget()

        transaction.on_commit(committed)
    else:
        policy_forget()


def connect() -> None:
    for model in (PolicyVersion, DeadlineRule, CalendarDay, CalendarNotice):
        post_save.connect(_edited, sender=model, dispatch_uid=f"policy_cache.save.{model.__name__}")
        post_delete.connect(_edited, sender=model, dispatch_uid=f"policy_cache.delete.{model.__name__}")
