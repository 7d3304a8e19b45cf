"""Reads on the time limits for lodging a complaint (Luật Khiếu nại 2011): the limitation of a
first complaint (Đ.9), the window for a second one (Đ.33) and when a first decision becomes
final (Đ.44). The figures are policy rows; the counting is the working calendar's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.cases.models import Case, Kind, Status
from core import clock
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, DeadlineRule
from workflows.services import rule_get

DECIDED = [Status.DECIDED, Status.NOTIFIED, Status.CLOSED]


def limitation_days(case: Case) -> int:
    """The limitation of a first complaint in days (Đ.9: 90), as the case's policy version has it."""
    return rule_get(version=case.policy_version, subject="complaint", step="limitation").days


def limitation_last_day(case: Case) -> dt.date | None:
    """The last day to lodge a first complaint: 90 days from the day the complainant knew of the
    decision or act, plus the days lost to objective obstacles (Đ.9). None when the date of
    knowledge was not recorded."""
    if case.kind != Kind.COMPLAINT or case.round != 1 or case.knew_on is None:
        return None
    rule = rule_get(version=case.policy_version, subject="complaint", step="limitation")
    calendar = WorkingCalendar.load()
    return calendar.due_date(case.knew_on, rule.days + case.obstacle_days, rule.day_unit)


def limitation_expired(case: Case) -> bool:
    """Past the limitation: the system proposes "hết thời hiệu" as the refusal ground; the officer decides."""
    last = limitation_last_day(case)
    return last is not None and case.received_on > last


def decision_received_on(first: Case) -> dt.date | None:
    """The day the complainant received the first decision (Đ.33 khoản 1 "kể từ ngày nhận được quyết định
    giải quyết khiếu nại lần đầu"): the day recorded from the proof of receipt (a postal return slip),
    else the day it was sent to them, else the day it was issued while it has not been sent."""
    return first.decision_received_on or first.notified_on or first.decided_on


def first_round_end(first: Case) -> dt.date | None:
    """When the first round ended for the complainant (Đ.33 khoản 1): the day they received the decision
    (`decision_received_on`), or the last day of its resolution limit when that ran out without a
    decision. None while it is still running."""
    if first.kind != Kind.COMPLAINT or first.round != 1:
        return None
    if first.status in DECIDED and decision_received_on(first) is not None:
        return decision_received_on(first)
    if first.status in (
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.VERIFYING,
        Status.DIALOGUE,
        Status.PROPOSED,
        Status.APPROVED,
    ):
        resolve = (
            Deadline.objects.filter(target_type="cases.case", target_id=str(first.pk), step="resolve")
            .exclude(status__in=[Deadline.Status.PAUSED, Deadline.Status.CANCELLED, Deadline.Status.MET])
            .order_by("-due_on")
            .first()
        )
        if resolve is not None and resolve.due_on < clock.today():
            return resolve.due_on
    return None


def second_complaint_last_day(first: Case, obstacle_days: int = 0) -> dt.date | None:
    """30 days (45 in remote areas) from the end of the first round (Đ.33 khoản 1), plus the days lost to
    objective obstacles (`obstacle_days`: Đ.9 khoản 2, applied to this time limit too, Đ.11 khoản 6
    "thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng"), counted by the working
    calendar (Bộ luật Dân sự 2015 Đ.147-148)."""
    end = first_round_end(first)
    if end is None:
        return None
    rule = _lodge_second_rule(first)
    return WorkingCalendar.load().due_date(end, rule.days + obstacle_days, rule.day_unit)


def _lodge_second_rule(first: Case) -> DeadlineRule:
    variant = DeadlineRule.Variant.REMOTE if first.is_remote else DeadlineRule.Variant.NORMAL
    return rule_get(version=first.policy_version, subject="complaint_2", step="lodge_second", variant=variant)


def first_decision_final(first: Case) -> bool:
    """Đ.44: a first decision nobody took to a second round within the window is final. A second complaint
    received past it (and not brought into time by objective obstacles, Đ.9 khoản 2) does not stop that."""
    if first.status not in DECIDED:
        return False
    last = second_complaint_last_day(first)
    if last is None or clock.today() <= last:
        return False
    return all(second_complaint_late(second) for second in first.next_rounds.all())


def second_complaint_open(first: Case) -> bool:
    """A second complaint may be lodged now: the first round ended (decided, or ran out undecided),
    the window is still open, and none was lodged yet."""
    last = second_complaint_last_day(first)
    return last is not None and clock.today() <= last and not first.next_rounds.exists()


def second_complaint_may_lodge(first: Case) -> bool:
    """A second complaint may be registered against this first round: it ended (decided, or ran out
    undecided) and none was registered yet. Past the window it is registered all the same, and its
    triage answers it in writing (`second_window`, Đ.11 khoản 6, Đ.36 khoản 1)."""
    return first_round_end(first) is not None and not first.next_rounds.exists()


@dataclass(frozen=True)
class SecondWindow:
    """A second complaint's time limit (Đ.33 khoản 1) as its triage reads it."""

    starts_on: dt.date  # the day the first decision was received, or the first round's limit ran out
    from_decision: bool  # counted from the first decision's receipt (else from the end of the first limit)
    days: int  # 30, or 45 in a remote area
    obstacle_days: int  # days lost to objective obstacles, recorded at triage (Đ.9 khoản 2)
    last_day: dt.date
    received_on: dt.date

    @property
    def late(self) -> bool:
        return self.received_on > self.last_day


def second_window(case: Case) -> SecondWindow | None:
    """The window of a second-round complaint, with the obstacle days recorded on it; None for any other
    case, or when its first round has no end to count from."""
    if case.kind != Kind.COMPLAINT or case.round != 2 or case.previous_id is None:
        return None
    first = case.previous
    starts_on = first_round_end(first) if first is not None else None
    last_day = second_complaint_last_day(first, case.obstacle_days) if first is not None else None
    if first is None or starts_on is None or last_day is None:
        return None
    return SecondWindow(
        starts_on=starts_on,
        from_decision=first.status in DECIDED,
        days=_lodge_second_rule(first).days,
        obstacle_days=case.obstacle_days,
        last_day=last_day,
        received_on=case.received_on,
    )


def second_complaint_late(case: Case) -> bool:
    """A second complaint received past its window, the obstacle days recorded on it counted (Đ.33 khoản 1,
    Đ.9 khoản 2): it may only be refused on the ground "hết thời hạn" (Đ.11 khoản 6), or accepted once
    obstacles bring it into time."""
    window = second_window(case)
    return window is not None and window.late
