"""Starting, stopping, pausing and extending deadlines. Callers own the transaction.

Domain services call these in the same transaction as their state change, so a step's
clock starts and stops with the step itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import BooleanField, DateTimeField, F, Model, Q, Value, When
from django.db.models import Case as Choose
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit.services import target_ref
from core import clock
from core.errors import PolicyMissing
from workflows.calendar import WorkingCalendar, end_of_day
from workflows.models import DayUnit, Deadline, DeadlineChange, DeadlineRule, PolicyVersion, step_rule
from workflows.services.policy import policy_current, rule_get

OFFICE_OPENS = dt.time(8, 0)
OFFICE_CLOSES = dt.time(17, 0)


def reminder_at(deadline: Deadline, offset: int, calendar: WorkingCalendar) -> dt.datetime:
    """When the reminder `offset` days before the due date is due: 08:00 on a working day."""
    day = deadline.due_on - dt.timedelta(days=int(offset))
    # Reminders go out at the start of office hours on a working day.
    day = calendar.next_working_day(day) if day < deadline.due_on else day
    return timezone.make_aware(dt.datetime.combine(day, OFFICE_OPENS))


def reminder_offsets(deadline: Deadline) -> list[int]:
    return [int(o) for o in (deadline.rule.reminder_offsets if deadline.rule else [])]


def next_reminder(deadline: Deadline, calendar: WorkingCalendar, now: dt.datetime) -> dt.datetime | None:
    candidates = []
    for offset in reminder_offsets(deadline):
        if offset in deadline.reminders_sent:
            continue
        at = reminder_at(deadline, offset, calendar)
        candidates.append(max(at, now) if at < now else at)
    return min(candidates) if candidates else None


def deadline_due_on(
    *,
    subject: str,
    step: str,
    version: PolicyVersion | None = None,
    variant: str = DeadlineRule.Variant.NORMAL,
    start: dt.date | None = None,
    days: int | None = None,
    calendar: WorkingCalendar | None = None,
) -> dt.date:
    """The due date `deadline_open` sets for `step` started on `start` (today by default): what a
    form says before the step sets it, computed by the same rule, calendar and clock."""
    rule = rule_get(version=version or policy_current(), subject=subject, step=step, variant=variant)
    return (calendar or WorkingCalendar.load()).due_date(
        start or clock.today(), days if days is not None else rule.days, rule.day_unit
    )


def deadline_due_record(*deadlines: Deadline) -> dict[str, str]:
    """What the audit event of a step records of the clocks it opened or moved: `{step: due date}`,
    as the trail the coverage proof checks a running clock's due date against."""
    return {deadline.step: deadline.due_on.isoformat() for deadline in deadlines}


def deadline_open(
    *,
    target: Model | tuple[str, Any],
    unit: Any,
    step: str,
    subject: str,
    version: PolicyVersion | None = None,
    variant: str = DeadlineRule.Variant.NORMAL,
    start: dt.date | None = None,
    assignee: Any | None = None,
    days: int | None = None,
    due_on: dt.date | None = None,
) -> Deadline:
    """Start the clock for `step` of `target` under policy `version` (the current one if None).

    `due_on` overrides the rule (a recommendation's due date set in the conclusion). A numbered step
    ("expertise:2", `step_numbered`) is timed by its step's rule ("expertise").
    """
    target_type, target_id = target_ref(target)
    version = version or policy_current()
    rule = rule_get(version=version, subject=subject, step=step_rule(step), variant=variant)
    start = start or clock.today()
    calendar = WorkingCalendar.load()
    length = days if days is not None else rule.days
    due = due_on or deadline_due_on(
        subject=subject,
        step=step_rule(step),
        version=version,
        variant=variant,
        start=start,
        days=days,
        calendar=calendar,
    )
    deadline = Deadline(
        target_type=target_type,
        target_id=target_id,
        unit_id=getattr(unit, "pk", unit),
        step=step,
        rule=rule,
        assignee=assignee,
        starts_on=start,
        days=length,
        day_unit=rule.day_unit,
        due_on=due,
        due_at=end_of_day(due),
    )
    deadline.next_reminder_at = next_reminder(deadline, calendar, clock.now())
    deadline.save()
    return deadline


def _change_record(
    deadline: Deadline,
    kind: str,
    due_before: dt.date,
    *,
    at: dt.datetime | None = None,
    paused_from: dt.datetime | None = None,
    paused_until: dt.datetime | None = None,
    rearmed: bool = False,
) -> DeadlineChange:
    """Append what just moved `deadline` (already saved with its new due day) to its history."""
    return DeadlineChange.objects.create(
        deadline=deadline,
        at=at or clock.now(),
        kind=kind,
        due_on_before=due_before,
        due_on_after=deadline.due_on,
        paused_from=paused_from,
        paused_until=paused_until,
        rearmed=rearmed,
    )


def deadline_rearm(deadline: Deadline) -> None:
    """Start a new run of `deadline` towards its (new) due moment, before it is saved: its reminders are
    due again and its next breach is a new one, brought to leadership again (the sweep's notice keys and
    an escalation's `breach_seq` read its `cycle`). Every service that moves the due day of a clock that
    runs on calls it and records the change as `rearmed`: an extension, and a new limit (deadline_relimit).
    A resume does not: the clock goes on with the time it had left, its reminders sent stay sent."""
    deadline.cycle += 1
    deadline.reminders_sent = []


def _breach_before_the_sweep(deadline: Deadline, now: dt.datetime) -> None:
    """Record the breach of a running clock, locked by the caller, that ran out before any pass of the sweep
    marked it (ran_out_q), before a service moves or holds it: by the sweep's own rule (deadline_breach), so
    the breach that happened is recorded, told and escalated in its run as it stood, whether or not a pass
    came round in between. Open past its due moment: breached now, as a pass now would. Paused only after
    its due moment: it ran out before its pause, which revives no limit run out (the time not counted is
    the pause's, and it came too late): the pause ends with its due day where it was (its history says so)
    and the breach is dated at the pause, the last moment a pass would have found it open."""
    # Imported here: the breach escalates through workflows.services.escalations, which opens clocks here.
    from workflows.services.breach import deadline_breach

    if deadline.status == Deadline.Status.OPEN and deadline.due_at < now:
        deadline_breach(deadline, now)
    elif deadline.status == Deadline.Status.PAUSED and deadline.paused_at and deadline.paused_at > deadline.due_at:
        paused_from = deadline.paused_at
        deadline.status, deadline.paused_at = Deadline.Status.OPEN, None
        deadline.save(update_fields=["status", "paused_at"])
        _change_record(
            deadline, DeadlineChange.Kind.RESUME, deadline.due_on, at=now, paused_from=paused_from, paused_until=now
        )
        deadline_breach(deadline, paused_from)


def _running(target: Model | tuple[str, Any], step: str | None) -> Any:
    target_type, target_id = target_ref(target)
    qs = Deadline.objects.select_for_update(no_key=True).filter(
        target_type=target_type, target_id=target_id, status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED]
    )
    return qs.filter(step=step) if step else qs


# The clocks a new due day applies to (_running_or_ran_out): running (open or paused), or run out and not
# stopped since (breached).
EXTENDABLE = (Deadline.Status.OPEN, Deadline.Status.PAUSED, Deadline.Status.BREACHED)


def deadline_extendable(*, target: Model | tuple[str, Any], step: str) -> bool:
    """Whether the step has a clock deadline_extend can move (a read, nothing locked): asked before a
    leader confirms an extension, which deadline_extend refuses (PolicyMissing) when there is none."""
    target_type, target_id = target_ref(target)
    return Deadline.objects.filter(
        target_type=target_type, target_id=target_id, step=step, status__in=EXTENDABLE
    ).exists()


def _running_or_ran_out(target: Model | tuple[str, Any], step: str) -> Deadline:
    """The step's clock a new due day applies to, locked: the running one (open or paused), else the
    latest that ran out (breached) and was not stopped since. None of them (deadline_extendable):
    PolicyMissing."""
    deadline = _running(target, step).first()
    if deadline is None:
        target_type, target_id = target_ref(target)
        deadline = (
            Deadline.objects.select_for_update(no_key=True)
            .filter(target_type=target_type, target_id=target_id, step=step, status=Deadline.Status.BREACHED)
            .order_by("-due_at")
            .first()
        )
    if deadline is None:
        raise PolicyMissing(gettext("Không có thời hạn đang chạy cho bước %(step)s.") % {"step": step})
    return deadline


# What a step's end stops: a clock open, paused, or run out (breached). A clock run out and then stopped
# keeps its `breached_at`: it was met late (or cancelled after its breach), as the history, the
# reports and the coverage proof read it; it no longer runs, so nothing reads it overdue any more.
STOPPABLE = (Deadline.Status.OPEN, Deadline.Status.PAUSED, Deadline.Status.BREACHED)


def ran_out_q(now: dt.datetime) -> Q:
    """A running clock whose due moment had gone by `now` without the sweep having marked it yet: open past
    its due moment, or paused only after it (a paused clock's due day waits for its resume, so one
    paused in time is not late however long the pause; deadline_pause records the breach of one past its
    due moment instead of pausing it, and a resume, an extension or a new limit records that of one found
    so)."""
    return Q(status=Deadline.Status.OPEN, due_at__lt=now) | Q(status=Deadline.Status.PAUSED, paused_at__gt=F("due_at"))


def late_stop_breached_at(at: dt.datetime) -> Choose:
    """The `breached_at` a clock stopped as of `at` keeps: the sweep's, or, for one that ran out before the
    sweep came round (`ran_out_q`), its due moment. One rule for lateness everywhere: a stopped clock was
    late exactly when it has a `breached_at` (clock_state, the reports, the coverage proof), whether or
    not the sweep ran between its due moment and its step. A step done at `at` before it was recorded
    (deadline_close's `at`) and in time then keeps no breach the sweep marked after `at`: the sweep
    read a clock still running only because the step was not yet recorded."""
    return Choose(
        # The sweep breaches only a clock open past its due moment: that moment gone by `at`, it was late.
        When(Q(breached_at__isnull=False) & (Q(breached_at__lte=at) | Q(due_at__lt=at)), then=F("breached_at")),
        When(ran_out_q(at), then=F("due_at")),
        default=None,
        output_field=DateTimeField(),
    )


def deadline_close(
    *,
    target: Model | tuple[str, Any],
    step: str | None = None,
    cancelled: bool = False,
    except_steps: Collection[str] = (),
    at: dt.datetime | None = None,
) -> int:
    """Stop the running clock(s) of `target` (one step, or all but `except_steps`): met, or cancelled,
    also one that had run out (its breach stays recorded: `breached_at`, the due moment itself when the
    sweep had not marked it yet: `late_stop_breached_at`).

    `at`: the moment the step was done, when it is recorded only afterwards (a paper received on a day
    before the day it is recorded; now by default, never later than now). The clock stops as of then:
    met in time when its due moment had not gone by then, whatever the sweep marked since.

    One UPDATE whose condition PostgreSQL checks again on a row a concurrent sweep held: a clock the
    sweep marks breached at the same moment is stopped all the same, never left breached."""
    status = Deadline.Status.CANCELLED if cancelled else Deadline.Status.MET
    stopped_at = min(at, clock.now()) if at is not None else clock.now()
    target_type, target_id = target_ref(target)
    running = Deadline.objects.filter(target_type=target_type, target_id=target_id, status__in=STOPPABLE).exclude(
        step__in=except_steps
    )
    if step:
        running = running.filter(step=step)
    # A clock past its due moment that the sweep has not reached yet was late all the same: it keeps its
    # due moment as the moment it ran out, computed in the same UPDATE (so on the row as it then is).
    # Such a breach no sweep has seen: the next pass brings it to leadership (workflows.sweep).
    unswept = Choose(
        When(Q(breached_at__isnull=True) & ran_out_q(stopped_at), then=Value(True)),
        default=F("breach_unswept"),
        output_field=BooleanField(),
    )
    return running.update(
        status=status,
        closed_at=stopped_at,
        next_reminder_at=None,
        breached_at=late_stop_breached_at(stopped_at),
        breach_unswept=unswept,
    )


def deadline_close_recorded(*, target: Model | tuple[str, Any], step: str, cancelled: bool = False) -> list[str]:
    """`deadline_close` of one step, returning what the audit event of the step that stops it records
    (its "closed"): `[step]` when a clock stopped, else `[]`. The coverage proof holds a stopped clock
    to that record as it holds a running one to its "due" (deadline_due_record): a clock met or
    cancelled with no step recording it was stopped by hand."""
    return [step] if deadline_close(target=target, step=step, cancelled=cancelled) else []


def deadline_pause(
    *, target: Model | tuple[str, Any], step: str | None = None, except_steps: Collection[str] = ()
) -> int:
    """Tạm đình chỉ: stop the clock (one step, or all but `except_steps`); paused time is not counted.
    Each clock paused gets its pause in its history (a report of a day past reads it).

    A clock already past its due moment is not paused: it ran out before the pause, and a pause stops the
    counting of a limit still running, it revives none that ran out (the time not counted is the time
    paused: Luật 136/2025/QH15). Its breach is recorded now by the sweep's rule if no pass had marked it
    (_breach_before_the_sweep), so it stands as a clock the sweep marked first: breached, no longer
    reminded, untouched by this pause and its resume."""
    now = clock.now()
    running = _running(target, step).filter(status=Deadline.Status.OPEN).exclude(step__in=except_steps)
    for ran_out in running.filter(due_at__lt=now):
        _breach_before_the_sweep(ran_out, now)
    # Read under the lock `_running` takes, so the rows written name exactly the clocks paused.
    dues = dict(running.values_list("pk", "due_on"))
    if not dues:
        return 0
    paused = Deadline.objects.filter(pk__in=list(dues)).update(
        status=Deadline.Status.PAUSED, paused_at=now, next_reminder_at=None
    )
    DeadlineChange.objects.bulk_create(
        DeadlineChange(
            deadline_id=pk,
            at=now,
            kind=DeadlineChange.Kind.PAUSE,
            due_on_before=due,
            due_on_after=due,
            paused_from=now,
        )
        for pk, due in dues.items()
    )
    return paused


def _last_day(deadline: Deadline, calendar: WorkingCalendar) -> dt.date:
    """The last day of a calendar-day clock as its limit counts it, before a weekend or holiday
    carries the end to the next working day (Bộ luật Dân sự 2015 Đ.148): a pause moves that day,
    and the carry is made again from where it lands. A due date set otherwise (an extension, a date
    a conclusion set) is its own last day."""
    counted = deadline.starts_on + dt.timedelta(days=deadline.days + deadline.paused_days)
    return counted if calendar.next_working_day(counted) == deadline.due_on else deadline.due_on


def deadline_resume(*, target: Model | tuple[str, Any], step: str | None = None) -> list[Deadline]:
    """Restart paused clocks: the time spent paused is not counted (Luật 136/2025/QH15), in the
    clock's own unit: a working-day clock moves by the working days it lost, a calendar-day
    clock by the calendar days.

    A clock paused only after its due moment had run out before its pause: it does not run again (the
    pause revives no limit run out); its pause ends with its due day where it was and its breach is
    recorded as a pass before the pause would have recorded it (_breach_before_the_sweep). It is not
    among the clocks returned."""
    calendar = WorkingCalendar.load()
    now = clock.now()
    today = clock.today()
    resumed = []
    for deadline in _running(target, step).filter(status=Deadline.Status.PAUSED):
        if deadline.paused_at is not None and deadline.paused_at > deadline.due_at:
            _breach_before_the_sweep(deadline, now)
            continue
        # Both dates in the project's time zone: the UTC date of a pause made before 07:00 in
        # Vietnam is the day before, which counted one paused day too many.
        paused_on = timezone.localdate(deadline.paused_at)
        due_before = deadline.due_on
        if deadline.day_unit == DayUnit.WORKING:
            paused = calendar.working_days_between(paused_on, today)
            deadline.due_on = calendar.add_working_days(deadline.due_on, paused)
        else:
            paused = max((today - paused_on).days, 0)
            deadline.due_on = calendar.next_working_day(_last_day(deadline, calendar) + dt.timedelta(days=paused))
        deadline.paused_days += paused
        deadline.due_at = end_of_day(deadline.due_on)
        deadline.status = Deadline.Status.OPEN
        paused_from, deadline.paused_at = deadline.paused_at, None
        deadline.next_reminder_at = next_reminder(deadline, calendar, now)
        deadline.save()
        _change_record(
            deadline,
            DeadlineChange.Kind.RESUME,
            due_before,
            at=now,
            paused_from=paused_from,
            paused_until=now,
        )
        resumed.append(deadline)
    return resumed


def deadline_extend(
    *, target: Model | tuple[str, Any], step: str, days: int | None = None, new_due_on: dt.date | None = None
) -> Deadline:
    """Gia hạn: move the due date (by `days` in the rule's unit, or to `new_due_on`); counted. A paused
    clock stays paused (what holds it still holds), and its resume moves the new date on by the pause.

    An extension of a limit already run out gives more time from then on; it leaves the breach that happened:
    one that no pass of the sweep had marked yet is recorded first, as the sweep records it
    (_breach_before_the_sweep: marked, told, escalated in the run it ran out in), then the clock starts a
    new run towards its new due day. The breach, its escalation and the leadership queue are the same
    whether or not a pass came round between the due moment and the extension."""
    deadline = _running_or_ran_out(target, step)
    now = clock.now()
    _breach_before_the_sweep(deadline, now)
    calendar = WorkingCalendar.load()
    if new_due_on is None:
        if days is None:
            raise ValueError("days or new_due_on is required")
        new_due_on = calendar.due_date(deadline.due_on, days, deadline.day_unit)
    due_before = deadline.due_on
    deadline.due_on = new_due_on
    deadline.due_at = end_of_day(new_due_on)
    deadline.extensions += 1
    deadline_rearm(deadline)
    paused = deadline.status == Deadline.Status.PAUSED
    deadline.status = Deadline.Status.PAUSED if paused else Deadline.Status.OPEN
    deadline.breached_at = None
    deadline.next_reminder_at = None if paused else next_reminder(deadline, calendar, now)
    deadline.save()
    _change_record(deadline, DeadlineChange.Kind.EXTEND, due_before, at=now, rearmed=True)
    return deadline


def _paused_days_in(deadline: Deadline, unit: str, calendar: WorkingCalendar) -> int:
    """The days `deadline` spent in its pauses ended so far, counted in `unit` as its resume counts them
    (deadline_resume): what a limit in that unit leaves out of its count (the time of a suspension is not
    counted: Luật Tố cáo 2018 Đ.34 khoản 2; Luật Khiếu nại 2011 Đ.11a, Luật 136/2025/QH15). A pause that
    began after its due moment counts for nothing (it revived no limit run out: _breach_before_the_sweep)."""
    total = 0
    pauses = DeadlineChange.objects.filter(deadline=deadline, kind=DeadlineChange.Kind.RESUME).values_list(
        "paused_from", "paused_until", "due_on_before"
    )
    for paused_from, paused_until, due_then in pauses:
        if paused_from is None or paused_until is None or paused_from > end_of_day(due_then):
            continue
        paused_on, resumed_on = timezone.localdate(paused_from), timezone.localdate(paused_until)
        if unit == DayUnit.WORKING:
            total += calendar.working_days_between(paused_on, resumed_on)
        else:
            total += max((resumed_on - paused_on).days, 0)
    return total


def deadline_relimit(
    *, target: Model | tuple[str, Any], step: str, days: int | None = None, rule: DeadlineRule | None = None
) -> Deadline:
    """A running clock's limit becomes `days` (in its unit), counted again from its start: a
    complaint found complex gets 45 days instead of 30 (Luật Khiếu nại Đ.28), not an extension.
    Time already spent paused stays uncounted.

    A clock that ran out under its shorter limit (breached, not stopped) takes the longer one too: the
    limit of a complex case is the longer one, whenever it is found complex (Luật Khiếu nại 2011 Đ.28).
    If its new due moment is still ahead it runs again, no longer late: its `breached_at` is cleared as
    an extension clears it (the history row keeps the due day it had, which a report of a day past
    reads); if that moment has gone by too it stays breached, with the breach the sweep dated (it was
    late under either limit; the reports and the coverage proof read that moment).

    A clock that ran out before any pass of the sweep marked it has that breach recorded first, as the
    sweep records it (_breach_before_the_sweep: marked, told, escalated in the run it ran out in): the new
    limit is the same whether or not a pass came round between its due moment and the new limit.

    A new due day on a clock that runs on (its new due moment ahead, or paused before it) re-arms it
    (deadline_rearm): it is reminded again before that day, and a breach past it is a new one, escalated
    again even while the first breach's escalation awaits leadership. A clock past its new due moment
    keeps its one breach.

    Given a `rule` (another variant's row of the clock's step), the clock is counted by that row from
    then on: its days, its unit and its reminders, and it names that row as its rule. A row in the other
    unit (calendar or working days) counts the days already paused again in its own unit."""
    deadline = _running_or_ran_out(target, step)
    now = clock.now()
    # A complaint found complex takes the longer limit (Luật Khiếu nại 2011 Đ.28); the shorter one in force
    # until then ran out all the same: its breach is recorded under the rule and in the run it happened in.
    _breach_before_the_sweep(deadline, now)
    calendar = WorkingCalendar.load()
    if rule is not None:
        if rule.day_unit != deadline.day_unit:
            deadline.paused_days = _paused_days_in(deadline, rule.day_unit, calendar)
        deadline.rule, deadline.day_unit, days = rule, rule.day_unit, rule.days
    if days is None:
        raise ValueError("days or rule is required")
    # The days spent paused are added to the limit before the end is carried past a weekend or
    # holiday (Bộ luật Dân sự 2015 Đ.148), not after: in working days for a working-day clock.
    due = calendar.due_date(deadline.starts_on, days + deadline.paused_days, deadline.day_unit)
    due_before = deadline.due_on
    deadline.days = days
    deadline.due_on = due
    deadline.due_at = end_of_day(due)
    # Runs on: its new due moment is ahead, or it was paused before that moment (its resume moves it on).
    # Else it ran out under either limit: breached, one breach (recorded above if no pass had marked it).
    runs_on = deadline.due_at >= now or (
        deadline.status == Deadline.Status.PAUSED
        and deadline.paused_at is not None
        and deadline.paused_at <= deadline.due_at
    )
    if deadline.status == Deadline.Status.BREACHED and runs_on:
        deadline.status, deadline.breached_at = Deadline.Status.OPEN, None
    rearmed = due != due_before and runs_on
    if rearmed:
        deadline_rearm(deadline)
    if deadline.status == Deadline.Status.OPEN:
        deadline.next_reminder_at = next_reminder(deadline, calendar, now)
    deadline.save()
    _change_record(deadline, DeadlineChange.Kind.RELIMIT, due_before, at=now, rearmed=rearmed)
    return deadline
