"""How late an object's running step is, as every list and page shows it: one rule.

A running deadline (open, breached or paused) reads, at a moment `now`:
- "đã chuyển lãnh đạo" when it is past due and an escalation was raised for it (the sweep's
  automatic escalation on breach, or a manual one tied to that deadline);
- "quá hạn N ngày" when it is past due (breached, or open with its due moment gone);
- "sắp đến hạn" when the earliest reminder the policy sets for the step is due (the same
  moment the sweep sends it: workflows.services.deadlines.reminder_at);
- "tạm dừng" when it is paused (a suspended case, a denunciation awaiting an expert conclusion): it
  is not counting, and its due day moves on by the paused time when it restarts (Luật 136/2025/QH15;
  Luật Tố cáo 2018 Đ.34 khoản 2; Nghị định 31/2019/NĐ-CP Đ.15 khoản 4),
  so it is neither late nor on time, whatever the date shown;
- "trong hạn" otherwise.
"Overdue" filters keep exactly the first two (`DeadlineStatus.overdue`).

Only a running clock has a chip. The step that ends an object (or one of its steps) stops its clock,
also one already breached (workflows.services.deadlines.deadline_close: met late, its `breached_at`
kept for the reports, or set to its due moment when the step ended past it before the sweep marked
it), so an ended object's clock never reads overdue, is never kept by a filter and
never sorts first. Where an object's clocks are listed, stopped ones too (the detail pages, the API),
`clock_state` states each: one stopped after its breach reads done late, with its days late.

An object's chip, filters and order read only its own limits (`object_clocks`): a clock that keeps
another's pace (an expert body's conclusion, workflows.models.WATCH_ONLY_STEPS) has its own chip
(`deadline_status`) where its object's page shows it, and never makes its object late.

An object with several running deadlines shows the most urgent one (`most_urgent`); it reads
"đã chuyển lãnh đạo" when any of its past-due deadlines was escalated. The lists' filters
(`deadline_status_q`) and urgency order (`with_urgency`) ask the same questions of the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.calendar import WorkingCalendar, deadline_is_estimated
from workflows.models import Deadline, DeadlineRule, Escalation, object_clock_q
from workflows.services.deadlines import reminder_at, reminder_offsets

RUNNING = (Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.PAUSED)
# The clocks that count: a paused one (a suspended case) is stopped and its due day moves on by the
# paused time when it resumes (Luật 136/2025/QH15), so the lists' urgency order sets it with the
# rows that have no clock rather than comparing its due day with those that count.
COUNTING = (Deadline.Status.OPEN, Deadline.Status.BREACHED)

ON_TIME = "on_time"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
ESCALATED = "escalated"
PAUSED = "paused"


def object_clocks() -> QuerySet[Deadline]:
    """The clocks a chip, a filter or the urgency order reads: their objects' own limits, never a
    clock that keeps another's pace (workflows.models.WATCH_ONLY_STEPS: shown with its own chip)."""
    return Deadline.objects.filter(object_clock_q())


@dataclass(frozen=True)
class DeadlineStatus:
    code: str
    label: str
    css: str
    days_overdue: int
    due_on: dt.date | None
    note: str = ""  # an escalated chip's own lateness, as its tooltip
    step_label: str = ""  # the step whose deadline the chip reads ("gửi quyết định giải quyết khiếu nại")
    # Its due day is counted across a year with no official calendar notice yet (workflows.calendar:
    # dự kiến), as every list marks it beside the chip.
    estimated: bool = False

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
    # Reads the page's annotation when it has one (_running_by_key), else asks once.
    flag = getattr(deadline, "has_escalation", None)
    return deadline.escalations.exists() if flag is None else bool(flag)


def _window_may_be_open(deadline: Deadline, offsets: list[int], now: dt.datetime) -> bool:
    return timezone.localdate(now) >= deadline.due_on - dt.timedelta(days=max(offsets))


def deadline_status(deadline: Deadline, now: dt.datetime, *, calendar: WorkingCalendar | None = None) -> DeadlineStatus:
    """The chip of one running deadline at `now`, marked when its due day is an estimate."""
    status = _chip(deadline, now, calendar=calendar)
    return replace(status, estimated=True) if deadline_is_estimated(deadline) else status


def _chip(deadline: Deadline, now: dt.datetime, *, calendar: WorkingCalendar | None = None) -> DeadlineStatus:
    step = deadline.step_label
    if _past_due(deadline, now):
        days = max(1, (timezone.localdate(now) - deadline.due_on).days)
        label = _("quá hạn %(days)s ngày") % {"days": days}
        if _escalated(deadline):
            return DeadlineStatus(
                ESCALATED, _("đã chuyển lãnh đạo"), "chip-escalated", days, deadline.due_on, label, step
            )
        return DeadlineStatus(OVERDUE, label, "chip-overdue", days, deadline.due_on, step_label=step)
    offsets = reminder_offsets(deadline)
    # A reminder falls on its day or the next working day: before that day, no calendar is needed.
    if deadline.status == Deadline.Status.OPEN and offsets and _window_may_be_open(deadline, offsets, now):
        window = reminder_at(deadline, max(offsets), calendar or WorkingCalendar.load())
        if now >= window:
            return DeadlineStatus(DUE_SOON, _("sắp đến hạn"), "chip-soon", 0, deadline.due_on, step_label=step)
    if deadline.status == Deadline.Status.PAUSED:
        note = _("Thời hạn đang tạm dừng: hạn này lùi thêm số ngày tạm dừng khi tiếp tục tính.")
        return DeadlineStatus(PAUSED, _("tạm dừng"), "chip-paused", 0, deadline.due_on, note, step)
    return DeadlineStatus(ON_TIME, _("trong hạn"), "chip-ok", 0, deadline.due_on, step_label=step)


def day_status(due_on: dt.date, today: dt.date) -> DeadlineStatus:
    """The chip of a last day kept apart from the deadline engine (a unit's time to explain a draft
    report): overdue once that day has ended (Bộ luật Dân sự 2015 Đ.148), on time until then."""
    if today > due_on:
        days = (today - due_on).days
        return DeadlineStatus(OVERDUE, _("quá hạn %(days)s ngày") % {"days": days}, "chip-overdue", days, due_on)
    return DeadlineStatus(ON_TIME, _("trong hạn"), "chip-ok", 0, due_on)


@dataclass(frozen=True)
class ClockState:
    """One clock as a list of an object's clocks states it (the detail pages' "Thời hạn" table, the API)."""

    label: str
    late_days: int  # days past its due day: running past it, or stopped after its breach; 0 otherwise
    overdue: bool  # still running past its due day (`_past_due`): the chips read the same


def clock_state(deadline: Deadline, now: dt.datetime) -> ClockState:
    """Any clock, running or stopped, at `now`. A clock stopped after its breach (met late, or cancelled
    after running out: `breached_at` kept or set by deadline_close, whether the sweep ran or not) says so and by how many days, counted to
    the day its step stopped it; a running one past its due day reads as its chip does."""
    if _past_due(deadline, now):
        days = max(1, (timezone.localdate(now) - deadline.due_on).days)
        return ClockState(_("quá hạn %(days)s ngày") % {"days": days}, days, True)
    stopped = (Deadline.Status.MET, Deadline.Status.CANCELLED)
    if deadline.status in stopped and deadline.breached_at is not None:
        stopped_on = timezone.localdate(deadline.closed_at or deadline.breached_at)
        days = max(1, (stopped_on - deadline.due_on).days)
        if deadline.status == Deadline.Status.MET:
            return ClockState(_("hoàn thành quá hạn %(days)s ngày") % {"days": days}, days, False)
        return ClockState(_("đã hủy sau khi quá hạn %(days)s ngày") % {"days": days}, days, False)
    return ClockState(str(deadline.get_status_display()), 0, False)


def past_due_q(now: dt.datetime) -> Q:
    """`_past_due` for the database: breached, or open with its due moment gone."""
    return Q(status=Deadline.Status.BREACHED) | Q(status=Deadline.Status.OPEN, due_at__lt=now)


def overdue_deadlines(now: dt.datetime) -> QuerySet[Deadline]:
    """The running deadlines whose chip reads overdue or escalated at `now`."""
    return object_clocks().filter(past_due_q(now))


def overdue_exists(*, type_ref: Any, id_ref: Any, now: dt.datetime) -> Exists:
    """EXISTS an overdue running deadline of the object named by the two outer references
    (for `.filter(...)` on a list's queryset: the filter agrees with the chips)."""
    return Exists(overdue_deadlines(now).filter(target_type=type_ref, target_id=id_ref))


def overdue_key_in(*, type_ref: Any, id_ref: Any, now: dt.datetime) -> In:
    """`overdue_exists` as one hashed set rather than a probe per row (for a count over many rows,
    whatever their objects' models): the key "app_label.model:id" of the object named by the two
    references, among the keys of the overdue running deadlines. A key splits one way only (a
    model's label holds no ":"), so it matches exactly where `overdue_exists` does."""
    keys = overdue_deadlines(now).annotate(key=_key(F("target_type"), F("target_id"))).values("key")
    return In(_key(type_ref, id_ref), keys)


def _key(type_ref: Any, id_ref: Any) -> Concat:
    return Concat(type_ref, Value(":"), id_ref, output_field=CharField())


def _running_by_key(keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[Deadline]]:
    """The running deadlines of the objects named by `keys`, with their rules and whether an
    escalation was raised for them: one query for a whole page, whatever its length."""
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
        object_clocks()
        .filter(q, status__in=RUNNING)
        .select_related("rule")
        .annotate(has_escalation=Exists(Escalation.objects.filter(deadline=OuterRef("pk"))))
        .order_by("due_at", "pk")
    )
    for deadline in rows:
        found.setdefault((deadline.target_type, deadline.target_id), []).append(deadline)
    return found


def most_urgent(deadlines: list[Deadline], now: dt.datetime) -> Deadline | None:
    """The deadline a row shows: an overdue one first, else the nearest due that counts, else a paused one."""
    if not deadlines:
        return None
    return min(deadlines, key=lambda d: (not _past_due(d, now), d.status == Deadline.Status.PAUSED, d.due_at))


def statuses_for(objects: Iterable[Any], now: dt.datetime) -> dict[tuple[str, str], DeadlineStatus]:
    """The chip of every object of a page (objects with no running deadline are left out)."""
    return _statuses_by_key({target_key(o) for o in objects if o is not None}, now)


def _statuses_by_key(keys: set[tuple[str, str]], now: dt.datetime) -> dict[tuple[str, str], DeadlineStatus]:
    running = _running_by_key(keys)
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
        if deadline is None:
            continue
        status = deadline_status(deadline, now, calendar=calendar)
        if status.code == OVERDUE and any(_past_due(d, now) and _escalated(d) for d in running[key]):
            status = DeadlineStatus(
                ESCALATED,
                _("đã chuyển lãnh đạo"),
                "chip-escalated",
                status.days_overdue,
                status.due_on,
                status.label,
                status.step_label,
            )
        result[key] = status
    return result


def status_of(obj: Any, now: dt.datetime) -> DeadlineStatus | None:
    """The chip of one object (a detail page's banner)."""
    return statuses_for([obj], now).get(target_key(obj))


def with_deadline_status(objects: Iterable[Any], now: dt.datetime) -> list[Any]:
    """The page's objects as a list, each with `deadline_status` (None when no clock runs):
    what a list template shows in its due date and chip columns."""
    objects = list(objects)
    statuses = statuses_for(objects, now)
    for obj in objects:
        obj.deadline_status = statuses.get(target_key(obj))
    return objects


# ---- the lists: filters and urgency order, by the same rule -----------------------------------

# The values of a list's "deadline" filter: "overdue" keeps the rows whose chip reads overdue or
# escalated (`DeadlineStatus.overdue`), the others keep the rows whose chip has that code.
FILTER_OVERDUE = "overdue"
FILTER_CODES = (FILTER_OVERDUE, ESCALATED, DUE_SOON, ON_TIME, PAUSED)


def model_label(model: Any) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _target_pks(deadlines: QuerySet[Deadline]) -> QuerySet[Any, Any]:
    """The ids of the deadlines' objects, for `Model.objects.filter(pk__in=…)` (one hashed set,
    not a probe per row)."""
    return deadlines.annotate(target_pk=Cast("target_id", BigIntegerField())).values("target_pk")


def overdue_pks(model: Any, now: dt.datetime) -> QuerySet[Any, Any]:
    """Ids of the `model` objects whose chip reads overdue or escalated at `now`."""
    return _target_pks(overdue_deadlines(now).filter(target_type=model_label(model)))


def counting_pks(model: Any) -> QuerySet[Any, Any]:
    """Ids of the `model` objects with a clock that counts (COUNTING): the rows the urgency order
    sorts by a due moment, the others coming last."""
    return _target_pks(object_clocks().filter(target_type=model_label(model), status__in=COUNTING))


def escalated_pks(model: Any, now: dt.datetime) -> QuerySet[Any, Any]:
    """Ids of the `model` objects whose chip reads escalated: a past-due deadline with an escalation."""
    raised = Exists(Escalation.objects.filter(deadline=OuterRef("pk")))
    return _target_pks(overdue_deadlines(now).filter(raised, target_type=model_label(model)))


def reminder_reach_days() -> int:
    """The longest reminder window any deadline rule sets (days before the due day)."""
    offsets = DeadlineRule.objects.values_list("reminder_offsets", flat=True)
    return max((int(o) for row in offsets for o in (row or [])), default=0)


def due_soon_pks(model: Any, now: dt.datetime) -> list[int]:
    """Ids of the `model` objects whose chip reads due soon at `now`.

    Whether a reminder window is open depends on the working calendar (a reminder falls on a
    working day), so the chips themselves are computed, for the few objects with an open
    deadline falling due within the longest reminder window: the filter is the chip."""
    reach = reminder_reach_days()
    if not reach:
        return []
    label = model_label(model)
    horizon = timezone.localdate(now) + dt.timedelta(days=reach)
    candidates = (
        object_clocks()
        .filter(target_type=label, status=Deadline.Status.OPEN, due_at__gte=now, due_on__lte=horizon)
        .values_list("target_id", flat=True)
        .distinct()
    )
    statuses = _statuses_by_key({(label, str(pk)) for pk in candidates}, now)
    return sorted(int(key[1]) for key, status in statuses.items() if status.code == DUE_SOON)


def status_pks(model: Any, code: str, now: dt.datetime) -> Any:
    """Ids of the `model` objects whose chip answers the filter `code` (one of FILTER_CODES) at
    `now`; None for an unknown code."""
    if code == FILTER_OVERDUE:
        return overdue_pks(model, now)
    if code == ESCALATED:
        return escalated_pks(model, now)
    if code == DUE_SOON:
        return due_soon_pks(model, now)
    if code == ON_TIME:
        label = model_label(model)
        late = overdue_deadlines(now).filter(target_type=label).values("target_id")
        soon = [str(pk) for pk in due_soon_pks(model, now)]
        # A paused clock is not on time: an object whose only running clocks are paused reads PAUSED.
        counting = object_clocks().filter(target_type=label, status__in=COUNTING)
        return _target_pks(counting.exclude(target_id__in=late).exclude(target_id__in=soon))
    if code == PAUSED:
        # The chip reads the paused clock only when no clock of the object counts (most_urgent).
        label = model_label(model)
        counted = object_clocks().filter(target_type=label, status__in=COUNTING).values("target_id")
        paused = object_clocks().filter(target_type=label, status=Deadline.Status.PAUSED)
        return _target_pks(paused.exclude(target_id__in=counted))
    return None


def deadline_status_q(model: Any, code: str, now: dt.datetime, *, field: str = "pk") -> Q:
    """The `model` objects (or the rows whose `field` holds their id) whose chip answers the
    filter `code` at `now`; an unknown code keeps everything."""
    pks = status_pks(model, code, now)
    return Q() if pks is None else Q(**{f"{field}__in": pks})


def urgent_due_at(*, type_ref: Any, id_ref: Any, now: dt.datetime) -> Subquery:
    """The due moment the urgency order sorts on (`most_urgent`: a past-due one first, else the
    nearest) for the object named by the two outer references; None when no clock of it counts."""
    late_first = Choose(When(past_due_q(now), then=Value(0)), default=Value(1))
    first = (
        object_clocks()
        .filter(target_type=type_ref, target_id=id_ref, status__in=COUNTING)
        .annotate(late_rank=late_first)
        .order_by("late_rank", "due_at", "pk")
    )
    return Subquery(first.values("due_at")[:1])


# Most urgent first: escalated and overdue, the latest first (the earliest due), then the nearest due,
# then the rows with no clock that counts (none running, or paused: COUNTING).
URGENCY_ORDER = (F("urgency_late").desc(), F("urgency_due").asc(nulls_last=True))


def with_urgency(qs: QuerySet, now: dt.datetime) -> QuerySet:
    """`qs` with `urgency_late` (the chip reads overdue or escalated) and `urgency_due` (the due
    moment of the deadline the chip reads): what URGENCY_ORDER sorts on."""
    model = qs.model
    label = model_label(model)
    due = urgent_due_at(type_ref=Value(label), id_ref=Cast(OuterRef("pk"), output_field=CharField()), now=now)
    # The due moment is looked up only for the rows with a running clock (one hashed set): most
    # rows of a province's case list are closed letters, which would each cost an index probe.
    return qs.annotate(
        urgency_late=ExpressionWrapper(Q(pk__in=overdue_pks(model, now)), output_field=BooleanField()),
        urgency_due=Choose(When(Q(pk__in=counting_pks(model)), then=due), default=None, output_field=DateTimeField()),
    )
