"""Reads on the time limits for lodging a complaint (Luật Khiếu nại 2011): the limitation of a
first complaint (Đ.9), the window for a second one (Đ.33) and when a first decision becomes
final (Đ.44). The figures are policy rows; the counting is the working calendar's."""

from __future__ import annotations

import datetime as dt

from casework.cases.models import Case, Kind, Status
from core import clock
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, DeadlineRule
from workflows.services import rule_get

DECIDED = [Status.DECIDED, Status.NOTIFIED, Status.CLOSED]


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


def first_round_end(first: Case) -> dt.date | None:
    """When the first round ended for the complainant (Đ.33): the day the decision was sent to them
    (the window runs from their receiving it; the day it was issued while it has not been sent), or
    the last day of its resolution limit when that ran out without a decision. None while it is
    still running."""
    if first.kind != Kind.COMPLAINT or first.round != 1:
        return None
    if first.status in DECIDED and (first.notified_on or first.decided_on) is not None:
        return first.notified_on or first.decided_on
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


def second_complaint_last_day(first: Case) -> dt.date | None:
    """30 days (45 in remote areas) from the end of the first round (Đ.33)."""
    end = first_round_end(first)
    if end is None:
        return None
    variant = DeadlineRule.Variant.REMOTE if first.is_remote else DeadlineRule.Variant.NORMAL
    rule = rule_get(version=first.policy_version, subject="complaint_2", step="lodge_second", variant=variant)
    return WorkingCalendar.load().due_date(end, rule.days, rule.day_unit)


def first_decision_final(first: Case) -> bool:
    """Đ.44: a first decision nobody took to a second round within the window is final."""
    if first.status not in DECIDED or first.next_rounds.exists():
        return False
    last = second_complaint_last_day(first)
    return last is not None and clock.today() > last


def second_complaint_open(first: Case) -> bool:
    """A second complaint may be lodged now: the first round ended (decided, or ran out undecided),
    the window is still open, and none was lodged yet."""
    last = second_complaint_last_day(first)
    return last is not None and clock.today() <= last and not first.next_rounds.exists()
