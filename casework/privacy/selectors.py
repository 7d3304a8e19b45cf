"""Reads for retention: which closed cases have passed their period, which expire next month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from casework.cases.models import Case
from casework.privacy.models import CaseKey, LegalHold, RetentionPolicy


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    return years_before(day, -years)


@dataclass(frozen=True)
class Expiry:
    case: Case
    policy: RetentionPolicy
    expires_on: dt.date
    held: bool


def _closed_undestroyed() -> QuerySet[Case]:
    destroyed = CaseKey.objects.filter(case=OuterRef("pk"), destroyed_at__isnull=False)
    held = LegalHold.objects.filter(case=OuterRef("pk"), released_at__isnull=True)
    return (
        Case.objects.filter(closed_on__isnull=False)
        .exclude(Exists(destroyed))
        .annotate(held=Exists(held))
        .select_related("unit")
        .order_by("closed_on", "pk")
    )


def _expiring(*, after: dt.date | None, until: dt.date) -> list[Expiry]:
    """Cases whose period ends in (after, until]: closed_on + years in that range."""
    found = []
    for policy in RetentionPolicy.objects.order_by("kind"):
        cases = _closed_undestroyed().filter(kind=policy.kind, closed_on__lte=years_before(until, policy.years))
        if after is not None:
            cases = cases.filter(closed_on__gt=years_before(after, policy.years))
        found += [Expiry(c, policy, years_after(c.closed_on, policy.years), c.held) for c in cases]
    return sorted(found, key=lambda e: (e.expires_on, e.case.reference))


def retention_due(*, today: dt.date) -> list[Expiry]:
    """Closed cases whose retention period has ended by `today` (held ones flagged, not left out)."""
    return _expiring(after=None, until=today)


def retention_expiring_next_month(*, today: dt.date) -> list[Expiry]:
    """The monthly report: cases whose period ends during the calendar month after `today`'s."""
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return _expiring(after=first - dt.timedelta(days=1), until=last)


def case_is_held(*, case: Case) -> bool:
    return LegalHold.objects.filter(case=case, released_at__isnull=True).exists()
