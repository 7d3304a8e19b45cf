"""Starting, stopping, pausing and extending deadlines. Callers own the transaction.

Domain services call these in the same transaction as their state change, so a step's
clock starts and stops with the step itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.urls import reverse

from casework import clock
from casework.audit.services import audit_record, target_ref
from casework.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from casework.org.models import LEADERSHIP_ROLES, Role, Unit
from casework.org.selectors import unit_is_visible, user_has_role, users_with_role
from notifications.services import notify
from workflows.calendar import WorkingCalendar, end_of_day
from workflows.escalations import target_summary
from workflows.models import Deadline, DeadlineRule, Escalation, PolicyVersion


class PolicyMissing(Exception):
    pass


def policy_current(*, on: dt.date | None = None) -> PolicyVersion:
    on = on or clock.today()
    version = PolicyVersion.objects.filter(effective_from__lte=on).order_by("-number").first()
    if version is None:
        raise PolicyMissing("Chưa có phiên bản chính sách thời hạn nào có hiệu lực.")
    return version


def rule_get(
    *, version: PolicyVersion, subject: str, step: str, variant: str = DeadlineRule.Variant.NORMAL
) -> DeadlineRule:
    rules = {r.variant: r for r in DeadlineRule.objects.filter(version=version, subject=subject, step=step)}
    rule = rules.get(variant) or rules.get(DeadlineRule.Variant.NORMAL)
    if rule is None:
        raise PolicyMissing(f"Chính sách v{version.number} không có quy định cho {subject}/{step}.")
    return rule


OFFICE_OPENS = dt.time(8, 0)
OFFICE_CLOSES = dt.time(17, 0)


def reminder_at(deadline: Deadline, offset: int, calendar: WorkingCalendar) -> dt.datetime:
    """When the reminder `offset` days before the due date is due: 08:00 on a working day."""
    day = deadline.due_on - dt.timedelta(days=int(offset))
    # Reminders go out at the start of office hours on a working day.
    day = calendar.next_working_day(day) if day < deadline.due_on else day
    return end_of_day(day).replace(hour=OFFICE_OPENS.hour, minute=OFFICE_OPENS.minute, second=0)


def reminder_offsets(deadline: Deadline) -> list[int]:
    return [int(o) for o in (deadline.rule.reminder_offsets if deadline.rule else [])]


def _next_reminder(deadline: Deadline, calendar: WorkingCalendar, now: dt.datetime) -> dt.datetime | None:
    candidates = []
    for offset in reminder_offsets(deadline):
        if offset in deadline.reminders_sent:
            continue
        at = reminder_at(deadline, offset, calendar)
        candidates.append(max(at, now) if at < now else at)
    return min(candidates) if candidates else None


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

    `due_on` overrides the rule (a recommendation's due date set in the conclusion).
    """
    target_type, target_id = target_ref(target)
    version = version or policy_current()
    rule = rule_get(version=version, subject=subject, step=step, variant=variant)
    start = start or clock.today()
    calendar = WorkingCalendar.load()
    length = days if days is not None else rule.days
    due = due_on or calendar.due_date(start, length, rule.day_unit)
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
    deadline.next_reminder_at = _next_reminder(deadline, calendar, clock.now())
    deadline.save()
    return deadline


def _running(target: Model | tuple[str, Any], step: str | None) -> Any:
    target_type, target_id = target_ref(target)
    qs = Deadline.objects.select_for_update().filter(
        target_type=target_type, target_id=target_id, status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED]
    )
    return qs.filter(step=step) if step else qs


def deadline_close(*, target: Model | tuple[str, Any], step: str | None = None, cancelled: bool = False) -> int:
    """Stop the running clock(s) of `target` (one step, or all): met, or cancelled."""
    status = Deadline.Status.CANCELLED if cancelled else Deadline.Status.MET
    return _running(target, step).update(status=status, closed_at=clock.now(), next_reminder_at=None)


def deadline_pause(*, target: Model | tuple[str, Any], step: str | None = None) -> int:
    """Tạm đình chỉ: stop the clock; paused time is not counted."""
    return (
        _running(target, step)
        .filter(status=Deadline.Status.OPEN)
        .update(status=Deadline.Status.PAUSED, paused_at=clock.now(), next_reminder_at=None)
    )


def deadline_resume(*, target: Model | tuple[str, Any], step: str | None = None) -> list[Deadline]:
    """Restart paused clocks, moving each due date by the calendar days spent paused."""
    calendar = WorkingCalendar.load()
    now = clock.now()
    resumed = []
    for deadline in _running(target, step).filter(status=Deadline.Status.PAUSED):
        paused = max((clock.today() - deadline.paused_at.date()).days, 0)
        deadline.paused_days += paused
        deadline.due_on = calendar.next_working_day(deadline.due_on + dt.timedelta(days=paused))
        deadline.due_at = end_of_day(deadline.due_on)
        deadline.status = Deadline.Status.OPEN
        deadline.paused_at = None
        deadline.next_reminder_at = _next_reminder(deadline, calendar, now)
        deadline.save()
        resumed.append(deadline)
    return resumed


def deadline_extend(
    *, target: Model | tuple[str, Any], step: str, days: int | None = None, new_due_on: dt.date | None = None
) -> Deadline:
    """Gia hạn: move the due date (by `days` in the rule's unit, or to `new_due_on`); counted."""
    deadline = _running(target, step).first()
    if deadline is None:
        deadline = (
            Deadline.objects.select_for_update()
            .filter(
                target_type=target_ref(target)[0],
                target_id=target_ref(target)[1],
                step=step,
                status=Deadline.Status.BREACHED,
            )
            .order_by("-due_at")
            .first()
        )
    if deadline is None:
        raise PolicyMissing(f"Không có thời hạn đang chạy cho bước {step}.")
    calendar = WorkingCalendar.load()
    if new_due_on is None:
        if days is None:
            raise ValueError("days or new_due_on is required")
        new_due_on = calendar.due_date(deadline.due_on, days, deadline.day_unit)
    deadline.due_on = new_due_on
    deadline.due_at = end_of_day(new_due_on)
    deadline.extensions += 1
    deadline.status = Deadline.Status.OPEN
    deadline.breached_at = None
    deadline.reminders_sent = []
    deadline.next_reminder_at = _next_reminder(deadline, calendar, clock.now())
    deadline.save()
    return deadline


def deadlines_for(*, target: Model | tuple[str, Any]) -> list[Deadline]:
    target_type, target_id = target_ref(target)
    return list(Deadline.objects.filter(target_type=target_type, target_id=target_id).order_by("created_at"))


def in_transaction() -> bool:
    return transaction.get_connection().in_atomic_block


# --- Escalation to leadership (BTV/BCH) -------------------------------------------------------

ESCALATION_TARGET = "workflows.escalation"
MANUAL_ESCALATION_ROLES = (Role.CASE_OFFICER, Role.INSPECTOR, Role.COMMITTEE_CHAIR)


def escalation_leaders(*, unit: Unit) -> list[Any]:
    """Leadership of `unit`; a unit with no BTV/BCH of its own falls back to its nearest ancestor's."""
    units = [unit, *reversed(list(unit.ancestors()))]
    for candidate in units:
        leaders = list(users_with_role(unit=candidate, roles=LEADERSHIP_ROLES))
        if leaders:
            return leaders
    return []


def _escalation_url(escalation: Escalation) -> str:
    return reverse("workflows:detail", args=[escalation.pk])


def _notify_leaders(escalation: Escalation, *, title: str, key: str) -> None:
    summary = target_summary(escalation.target_type, escalation.target_id)
    notify(
        users=escalation_leaders(unit=escalation.level),
        title=title,
        body=f"{summary['title']}\nLý do: {escalation.reason}",
        url=_escalation_url(escalation),
        unit=escalation.level,
        key=key,
    )


@transaction.atomic
def escalation_open(
    *,
    target: Model | tuple[str, Any],
    unit: Any,
    reason: str,
    proposal: str = "",
    actor: Any | None = None,
    deadline: Deadline | None = None,
) -> Escalation:
    """Bring `target` to the leadership of `unit`: by hand (actor) or automatically on breach (actor None).

    Starts the escalation's own "decide" deadline; when it passes, the sweep moves the
    escalation to the parent unit's leadership.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": "Lý do chuyển lên lãnh đạo: vui lòng nhập lý do."})
    unit = unit if isinstance(unit, Unit) else Unit.objects.get(pk=unit)
    target_type, target_id = target_ref(target)
    if actor is not None:
        if not unit_is_visible(user=actor, unit=unit):
            raise OutOfScope("Không tìm thấy đối tượng.")
        if not user_has_role(user=actor, roles=MANUAL_ESCALATION_ROLES, unit=unit):
            raise TransitionNotAllowed(
                "Chỉ cán bộ giải quyết, kiểm tra viên hoặc Chủ nhiệm UBKT được chuyển lên lãnh đạo."
            )
        if Escalation.objects.filter(
            target_type=target_type, target_id=target_id, status=Escalation.Status.PENDING
        ).exists():
            raise ValidationFailed({"reason": "Đối tượng này đã có đề xuất đang chờ lãnh đạo quyết định."})
    escalation = Escalation.objects.create(
        target_type=target_type,
        target_id=target_id,
        unit=unit,
        level=unit,
        reason=reason,
        proposal=(proposal or "").strip(),
        automatic=actor is None,
        deadline=deadline,
        breach_seq=deadline.extensions if (deadline is not None and actor is None) else None,
        raised_by=actor if actor is not None else None,
        created_at=clock.now(),
    )
    deadline_open(target=escalation, unit=unit, step="decide", subject="escalation")
    audit_record(
        actor=actor,
        action="escalation.open",
        target=(target_type, target_id),
        unit=unit,
        after={
            "escalation": escalation.pk,
            "level": unit.pk,
            "automatic": escalation.automatic,
            "deadline": deadline.pk if deadline else None,
            "proposal": escalation.proposal,
        },
        reason=reason,
    )
    _notify_leaders(
        escalation,
        title=f"Đề xuất chờ lãnh đạo quyết định ({unit.name})",
        key=f"escalation:{escalation.pk}:open",
    )
    return escalation
