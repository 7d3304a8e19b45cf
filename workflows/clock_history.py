"""A clock read as it stood at an instant, from its own row and its history (DeadlineChange).

The reports of a period already over read each clock as it stood at the close of its last day
(`end_of_day`), and the coverage figures read it now: the same rules, for any instant. A fact
recorded at or before the instant stood then; one recorded after it did not yet.

- Started then: its start day (`starts_on`) is that day or earlier. Its `created_at` is not read:
  the start day is the one the services set from the injected clock.
- Running then: still running now (open, breached or paused), or stopped (met, cancelled) only after.
- Paused then: a pause still on began by then, or a pause begun by then was resumed only after.
- Its due day then: the `due_on_before` of its first change after the instant (an extension, a new
  limit or a resume moves it later), else its current due day.

Clocks moved before their history was kept have none: their current due day and pause stand for
every instant past (DeadlineChange).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils import timezone

from workflows.models import Deadline, DeadlineChange

RUNNING_NOW = (Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.PAUSED)


def _changes_after(instant: dt.datetime):
    return DeadlineChange.objects.filter(deadline=OuterRef("pk"), at__gt=instant)


def clock_due_on_at(instant: dt.datetime) -> Coalesce:
    """The due day a clock had in force at `instant` (over Deadline rows)."""
    first_after = _changes_after(instant).order_by("at", "pk")
    return Coalesce(Subquery(first_after.values("due_on_before")[:1]), F("due_on"))


def clock_moved_after(instant: dt.datetime) -> Exists:
    """Something moved the clock after `instant` (its due day then is not its current one)."""
    return Exists(_changes_after(instant))


def clock_cycle_at(instant: dt.datetime) -> CombinedExpression:
    """The run the clock was in at `instant` (its `cycle` then, as an escalation's `breach_seq` names its
    breach): its count less the re-armings after."""
    later = (
        _changes_after(instant).filter(rearmed=True).order_by().values("deadline").annotate(n=Count("pk")).values("n")
    )
    return F("cycle") - Coalesce(Subquery(later), Value(0))


def clock_running_at_q(instant: dt.datetime) -> Q:
    """Started by `instant` and not stopped by then (met, cancelled or never)."""
    return Q(starts_on__lte=timezone.localdate(instant)) & (Q(status__in=RUNNING_NOW) | Q(closed_at__gt=instant))


def clock_paused_at_q(instant: dt.datetime) -> Q:
    """Paused at `instant`: a pause still on (or ended by a stop) that began by then, or one begun by
    then and resumed after."""
    resumed_after = DeadlineChange.objects.filter(
        deadline=OuterRef("pk"), kind=DeadlineChange.Kind.RESUME, paused_from__lte=instant, paused_until__gt=instant
    )
    return Q(paused_at__lte=instant) | Q(Exists(resumed_after))
