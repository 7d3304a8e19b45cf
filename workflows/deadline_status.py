"""How late an object's running step is, as every list and page shows it: one rule.

A running deadline (open, breached or paused) reads, at a moment `now`:
- "đã chuyển lãnh đạo" when it is past due and an escalation was raised for it (the sweep's
  automatic escalation on breach, or a manual one tied to that deadline);
- "quá hạn N ngày" when it is past due (breached, or open with its due moment gone);
- "sắp đến hạn" when the earliest reminder the policy sets for the step is due (the same
  moment the sweep sends it: workflows.services.deadlines.reminder_at);
- "trong hạn" otherwise.
"Overdue" filters keep exactly the first two (`DeadlineStatus.overdue`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import reminder_at, reminder_offsets

RUNNING = (Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.PAUSED)

ON_TIME = "on_time"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
ESCALATED = "escalated"


@dataclass(frozen=True)
class DeadlineStatus:
    code: str
    label: str
    css: str
    days_overdue: int
    due_on: dt.date | None
    note: str = ""  # an escalated chip's own lateness, as its tooltip

    @property
    def overdue(self) -> bool:
        return self.code in (OVERDUE, ESCALATED)


def target_key(obj: Any) -> tuple[str, str]:
    """How a deadline names its object: ("cases.case", "49")."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}", str(obj.pk)


def _past_due(deadline: Deadline, now: dt.datetime) -> bool:
    return deadline.status == Deadline.Status.BREACHED or (
        deadline.status == Deadline.Status.OPEN and deadline.due_at < now
    )


def _escalated(deadline: Deadline) -> bool:
    # Reads the list's annotation when it has one (running_deadlines), else asks once.
    flag = getattr(deadline, "has_escalation", None)
    return deadline.escalations.exists() if flag is None else bool(flag)


def _window_may_be_open(deadline: Deadline, offsets: list[int], now: dt.datetime) -> bool:
    return timezone.localdate(now) >= deadline.due_on - dt.timedelta(days=max(offsets))


def deadline_status(deadline: Deadline, now: dt.datetime, *, calendar: WorkingCalendar | None = None) -> DeadlineStatus:
    """The chip of one running deadline at `now`."""
    if _past_due(deadline, now):
        days = max(1, (timezone.localdate(now) - deadline.due_on).days)
        label = _("quá hạn %(days)s ngày") % {"days": days}
        if _escalated(deadline):
            return DeadlineStatus(ESCALATED, _("đã chuyển lãnh đạo"), "chip-escalated", days, deadline.due_on, label)
        return DeadlineStatus(OVERDUE, label, "chip-overdue", days, deadline.due_on)
    offsets = reminder_offsets(deadline)
    # A reminder falls on its day or the next working day: before that day, no calendar is needed.
    if deadline.status == Deadline.Status.OPEN and offsets and _window_may_be_open(deadline, offsets, now):
        window = reminder_at(deadline, max(offsets), calendar or WorkingCalendar.load())
        if now >= window:
            return DeadlineStatus(DUE_SOON, _("sắp đến hạn"), "chip-soon", 0, deadline.due_on)
    return DeadlineStatus(ON_TIME, _("trong hạn"), "chip-ok", 0, deadline.due_on)


def overdue_deadlines(now: dt.datetime) -> QuerySet[Deadline]:
    """The running deadlines whose chip reads overdue or escalated at `now`."""
    return Deadline.objects.filter(Q(status=Deadline.Status.BREACHED) | Q(status=Deadline.Status.OPEN, due_at__lt=now))


def overdue_exists(*, type_ref: Any, id_ref: Any, now: dt.datetime) -> Exists:
    """EXISTS an overdue running deadline of the object named by the two outer references
    (for `.filter(...)` on a list's queryset: the filter agrees with the chips)."""
    return Exists(overdue_deadlines(now).filter(target_type=type_ref, target_id=id_ref))


def model_overdue_exists(model: Any, now: dt.datetime) -> Exists:
    """`overdue_exists` for a queryset of `model` itself."""
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    return Exists(
        overdue_deadlines(now).filter(target_type=label, target_id=Cast(OuterRef("pk"), output_field=CharField()))
    )


def running_deadlines(objects: Iterable[Any]) -> dict[tuple[str, str], list[Deadline]]:
    """The running deadlines of all `objects`, with their rules and whether an escalation was
    raised for them: one query for a whole page, whatever its length."""
    keys = {target_key(o) for o in objects if o is not None}
    if not keys:
        return {}
    q = Q(pk__in=[])
    by_type: dict[str, list[str]] = {}
    for kind, pk in keys:
        by_type.setdefault(kind, []).append(pk)
    for kind, pks in by_type.items():
        q |= Q(target_type=kind, target_id__in=pks)
    found: dict[tuple[str, str], list[Deadline]] = {}
    rows = (
        Deadline.objects.filter(q, status__in=RUNNING)
        .select_related("rule")
        .annotate(has_escalation=Exists(Escalation.objects.filter(deadline=OuterRef("pk"))))
        .order_by("due_at", "pk")
    )
    for deadline in rows:
        found.setdefault((deadline.target_type, deadline.target_id), []).append(deadline)
    return found


def most_urgent(deadlines: list[Deadline], now: dt.datetime) -> Deadline | None:
    """The deadline a row shows: an overdue one first, else the nearest due."""
    if not deadlines:
        return None
    return min(deadlines, key=lambda d: (not _past_due(d, now), d.due_at))


def statuses_for(objects: Iterable[Any], now: dt.datetime) -> dict[tuple[str, str], DeadlineStatus]:
    """The chip of every object of a page (objects with no running deadline are left out)."""
    objects = list(objects)
    running = running_deadlines(objects)
    chosen = {key: most_urgent(deadlines, now) for key, deadlines in running.items()}
    # The working calendar is read once, and only when some row may be in its reminder window.
    needs_calendar = any(
        d is not None
        and d.status == Deadline.Status.OPEN
        and reminder_offsets(d)
        and _window_may_be_open(d, reminder_offsets(d), now)
        for d in chosen.values()
    )
    calendar = WorkingCalendar.load() if needs_calendar else None
    result = {}
    for key, deadline in chosen.items():
        if deadline is not None:
            result[key] = deadline_status(deadline, now, calendar=calendar)
    return result


def status_of(obj: Any, now: dt.datetime) -> DeadlineStatus | None:
    """The chip of one object (a detail page's banner)."""
    return statuses_for([obj], now).get(target_key(obj))


def concat_type(prefix: str) -> Concat:
    """ "app_label.model" of an outer content type reference, as deadlines name it."""
    return Concat(OuterRef(f"{prefix}__app_label"), Value("."), OuterRef(f"{prefix}__model"), output_field=CharField())


def with_deadline_status(objects: Iterable[Any], now: dt.datetime) -> list[Any]:
    """The page's objects as a list, each with `deadline_status` (None when no clock runs):
    what a list template shows in its due date and chip columns."""
    objects = list(objects)
    statuses = statuses_for(objects, now)
    for obj in objects:
        obj.deadline_status = statuses.get(target_key(obj))
    return objects
