"""The deadline sweep: reminders, breaches, automatic escalation, escalation up the tree, and the
closing of automatic escalations overtaken by events (their late step done before leadership decided).

Runs every minute (Celery beat in production, the in-process scheduler by default) and by hand
with `manage.py sweep_deadlines`. Its reads go through the partial indexes on open deadlines,
so its cost follows the number of due items, not the number of open ones.

Safe to run twice at once or again after a crash. Each due row is handled in its own short
transaction that takes the audit trail's head (it will append to the trail; taken before the row,
so it never waits for the head holding a clock that a step is about to stop), then claims the row:
`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL (a concurrent sweep skips rows another one
holds), then a compare-and-set UPDATE that only succeeds while the row is still due (on SQLite, whose IMMEDIATE transactions serialize
writers, the compare-and-set alone is the claim). Notification keys and the one-escalation-
per-breach constraint are the last line: a message or an escalation is never made twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext

from casework.audit.services import audit_chain_lock, audit_record
from core import clock
from notifications.language import site_language
from notifications.services import notify
from workflows.automatic_reasons import REMIND_DEFERRED, reason_coded, reason_site_text
from workflows.calendar import WorkingCalendar
from workflows.escalations import target_summary
from workflows.models import Deadline, DeadlineRule, Escalation, escalation_overtaken_q
from workflows.services.breach import ClaimLost, deadline_breach, deadline_recipients, run_key
from workflows.services.deadlines import (
    OFFICE_CLOSES,
    OFFICE_OPENS,
    STOPPABLE,
    next_reminder,
    reminder_at,
    reminder_offsets,
)
from workflows.services.escalations import (
    ESCALATION_TARGET,
    escalation_is_overtaken,
    escalation_late_stop,
    escalation_overtake,
)

log = logging.getLogger(__name__)

OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 500
OPEN = Q(status=Deadline.Status.OPEN)


@dataclass
class SweepResult:
    reminded: int = 0
    deferred: int = 0
    breached: int = 0
    escalated: int = 0
    moved_up: int = 0
    overtaken: int = 0
    errors: int = 0
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"nhắc hạn: {self.reminded}, hoãn nhắc tới giờ hành chính: {self.deferred}, "
            f"quá hạn: {self.breached}, chuyển lãnh đạo: {self.escalated}, "
            f"chuyển lên cấp trên: {self.moved_up}, "
            f"đã xử lý xong trước khi lãnh đạo quyết định: {self.overtaken}, lỗi: {self.errors}"
        )


def in_office_hours(moment: dt.datetime, calendar: WorkingCalendar) -> bool:
    local = moment.astimezone(OFFICE_TZ)
    return calendar.is_working_day(local.date()) and OFFICE_OPENS <= local.time() < OFFICE_CLOSES


def next_office_opening(moment: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """The next 08:00 on a working day at or after `moment`."""
    local = moment.astimezone(OFFICE_TZ)
    day = local.date()
    if not (calendar.is_working_day(day) and local.time() < OFFICE_OPENS):
        day = calendar.next_working_day(day + dt.timedelta(days=1))
    return dt.datetime.combine(day, OFFICE_OPENS, tzinfo=OFFICE_TZ)


def _remind(deadline: Deadline, now: dt.datetime, calendar: WorkingCalendar) -> str:
    old_next = deadline.next_reminder_at
    if not in_office_hours(now, calendar):
        opening = next_office_opening(now, calendar)
        if (
            Deadline.objects.filter(pk=deadline.pk, status=Deadline.Status.OPEN, next_reminder_at=old_next).update(
                next_reminder_at=opening
            )
            != 1
        ):
            raise ClaimLost
        audit_record(
            actor=None,
            action="deadline.remind_deferred",
            target=(deadline.target_type, deadline.target_id),
            unit=deadline.unit_id,
            before={"deadline": deadline.pk, "next_reminder_at": old_next},
            after={"deadline": deadline.pk, "next_reminder_at": opening, **reason_coded(REMIND_DEFERRED)},
            reason=reason_site_text(REMIND_DEFERRED, {}),
        )
        return "deferred"
    due = [o for o in reminder_offsets(deadline) if o not in deadline.reminders_sent]
    due = [o for o in due if reminder_at(deadline, o, calendar) <= now]
    # After downtime several offsets may be due at once: one reminder (the nearest) covers them all.
    deadline.reminders_sent = sorted({*deadline.reminders_sent, *due}, reverse=True)
    new_next = next_reminder(deadline, calendar, now)
    if new_next is not None and new_next <= now:
        new_next = None
    if (
        Deadline.objects.filter(pk=deadline.pk, status=Deadline.Status.OPEN, next_reminder_at=old_next).update(
            next_reminder_at=new_next, reminders_sent=deadline.reminders_sent
        )
        != 1
    ):
        raise ClaimLost
    if not due:
        return "none"
    offset = min(due)
    with site_language():  # the summary's wording goes into the notice
        summary = target_summary(deadline.target_type, deadline.target_id)
    users, never = deadline_recipients(deadline)
    notify(
        users=users,
        never=never,
        title=lambda: (
            gettext("Nhắc hạn (%(when)s): %(title)s")
            % {
                "when": gettext("hôm nay") if offset == 0 else gettext("còn %(n)s ngày") % {"n": offset},
                "title": summary["title"],
            }
        ),
        body=lambda: (
            gettext("Bước %(step)s, hạn %(due_on)s.")
            % {"step": deadline.step_label, "due_on": f"{deadline.due_on:%d/%m/%Y}"}
        ),
        url=summary["url"],
        unit=deadline.unit,
        key=f"deadline:{deadline.pk}{run_key(deadline)}:remind:{offset}",
        reference=summary.get("reference", ""),
    )
    audit_record(
        actor=None,
        action="deadline.remind",
        target=(deadline.target_type, deadline.target_id),
        unit=deadline.unit_id,
        after={"deadline": deadline.pk, "step": deadline.step, "offset": offset, "due_on": deadline.due_on},
    )
    return "reminded"


def _late_stop(deadline: Deadline) -> str:
    """A breach the step that stopped the clock dated (deadline_close), seen now: to leadership when the
    clock's rule escalates its breaches and none records it (an escalation's own decide clock is not one:
    a leader deciding late has decided); seen either way."""
    if Deadline.objects.filter(pk=deadline.pk, breach_unswept=True).update(breach_unswept=False) != 1:
        raise ClaimLost  # compare-and-set: another pass saw it first
    recorded = Escalation.objects.filter(automatic=True, deadline=deadline, breach_seq=deadline.cycle)
    rule = deadline.rule
    if (
        rule is None
        or rule.on_breach != DeadlineRule.OnBreach.ESCALATE
        or deadline.target_type == ESCALATION_TARGET
        or recorded.exists()
    ):
        return "seen"
    try:
        with transaction.atomic():  # savepoint: a breach recorded already must not spoil the row's transaction
            escalation_late_stop(deadline=deadline)
    except IntegrityError:
        return "seen"  # the one-escalation-per-breach constraint: recorded by another pass
    return "escalated"


def _each_claimed(
    ids: list[int], due: Q, result: SweepResult, work: Callable[[Deadline], str]
) -> list[tuple[Deadline, str]]:
    """Run `work` on each row in its own transaction once claimed (still `due`); skip rows another sweep
    holds."""
    done = []
    for pk in ids:
        try:
            with transaction.atomic():
                # The trail's head before the row: every step that stops its clocks after its own audit
                # event holds the head while it waits for the clock; a sweep holding the clock and then
                # waiting for the head would deadlock with it (audit_chain_lock).
                audit_chain_lock()
                qs = Deadline.objects.filter(due, pk=pk)
                qs = qs.select_related("unit", "rule", "assignee")
                # A row another sweep holds is skipped (SKIP LOCKED); SQLite has no row locks and
                # Django leaves the clause out there.
                deadline = qs.select_for_update(skip_locked=True, of=("self",), no_key=True).first()
                if deadline is None:
                    continue
                done.append((deadline, work(deadline)))
        except ClaimLost:
            continue
        except Exception:  # noqa: BLE001 - one bad row must not stop the sweep; it is retried next pass
            log.exception("sweep failed on deadline %s", pk)
            result.errors += 1
    return done


def _overtake_claimed(ids: list[int], result: SweepResult) -> list[Escalation]:
    """Close each escalation overtaken by events (escalation_overtaken_q) in its own transaction, claimed in
    the order a leader deciding it locks the same rows (escalation_decide: its decide clock, the
    escalation, then the trail's head with its event) less the head, taken first as `_each_claimed`
    does: the head, then the decide clock and the escalation without waiting (SKIP LOCKED). One a leader
    is deciding is skipped; the next pass finds it decided, or still overtaken."""
    done = []
    for pk in ids:
        try:
            with transaction.atomic():
                audit_chain_lock()
                decide = Deadline.objects.filter(
                    target_type=ESCALATION_TARGET, target_id=str(pk), step="decide", status__in=STOPPABLE
                )
                claimed = list(decide.select_for_update(skip_locked=True, no_key=True).values_list("pk", flat=True))
                if decide.exclude(pk__in=claimed).exists():
                    continue  # a leader deciding holds it (or moving it up just opened another)
                escalation = (
                    Escalation.objects.filter(pk=pk, status=Escalation.Status.PENDING)
                    .select_related("unit", "level")
                    .select_for_update(skip_locked=True, of=("self",))
                    .first()
                )
                if escalation is None or not escalation_is_overtaken(escalation):
                    continue
                escalation_overtake(escalation)
                done.append(escalation)
        except Exception:  # noqa: BLE001 - one bad row must not stop the sweep; it is retried next pass
            log.exception("sweep failed on overtaken escalation %s", pk)
            result.errors += 1
    return done


@contextlib.contextmanager
def _clock_at(now: dt.datetime | None) -> Iterator[dt.datetime]:
    if now is None:
        yield clock.now()
        return
    with clock.frozen(now):
        yield now


def sweep_run(*, now: dt.datetime | None = None, limit: int = BATCH) -> SweepResult:
    """One pass: breaches first (a breached deadline needs no reminder), then the breaches of steps done
    late before a pass marked them, then the escalations overtaken by events (their breached clock
    stopped: nothing left for leadership to decide), then reminders."""
    result = SweepResult()
    with _clock_at(now) as now:
        calendar = WorkingCalendar.load()
        breach_ids = list(
            Deadline.objects.filter(status=Deadline.Status.OPEN, due_at__lt=now)
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
        breach = lambda d: deadline_breach(d, now)  # noqa: E731
        for deadline, outcome in _each_claimed(breach_ids, OPEN & Q(due_at__lt=now), result, breach):
            result.breached += 1
            result.escalated += outcome == "escalated"
            result.moved_up += outcome == "moved_up"
            result.overtaken += outcome == "overtaken"
            result.lines.append(f"quá hạn: {deadline} → {outcome}")
        # A step done late before any pass marked its clock: its breach goes to leadership all the same,
        # recorded as overtaken at once (escalation_late_stop).
        unswept = Q(breach_unswept=True)
        late_ids = list(Deadline.objects.filter(unswept).order_by("closed_at").values_list("pk", flat=True)[:limit])
        for deadline, outcome in _each_claimed(late_ids, unswept, result, _late_stop):
            if outcome == "escalated":
                result.escalated += 1
                result.overtaken += 1
                result.lines.append(f"quá hạn, đã xử lý xong: {deadline} → {outcome}")
        # Before the reminders: a decide clock of an escalation with nothing left to decide is not reminded.
        overtaken_ids = list(
            Escalation.objects.filter(escalation_overtaken_q())
            .order_by("created_at")
            .values_list("pk", flat=True)[:limit]
        )
        for escalation in _overtake_claimed(overtaken_ids, result):
            result.overtaken += 1
            result.lines.append(f"đã xử lý xong: {escalation} → overtaken")
        remind_ids = list(
            Deadline.objects.filter(status=Deadline.Status.OPEN, next_reminder_at__lte=now)
            .order_by("next_reminder_at")
            .values_list("pk", flat=True)[:limit]
        )
        remind = lambda d: _remind(d, now, calendar)  # noqa: E731
        for deadline, outcome in _each_claimed(remind_ids, OPEN & Q(next_reminder_at__lte=now), result, remind):
            result.reminded += outcome == "reminded"
            result.deferred += outcome == "deferred"
            if outcome != "none":
                result.lines.append(f"nhắc: {deadline} → {outcome}")
    return result


def sweep_deadlines() -> str:
    """Entry point for PERIODIC_JOBS (no arguments)."""
    return str(sweep_run())
