"""The time limit of a second complaint at its triage (Luật Khiếu nại 2011 Đ.33 khoản 1): the day the
complainant received the first decision, the days lost to objective obstacles, and what a complaint
received past the window may still be given (`casework.cases.complaint_limits.second_window`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.complaint_limits import (
    DECIDED,
    SecondWindow,
    limitation_days,
    limitation_last_day,
    second_window,
)
from casework.cases.models import Case, Kind, RefusalGround, Status
from casework.cases.permissions import INTAKE_ROLES, can_triage, can_work
from casework.cases.services.common import case_lock, case_save
from casework.cases.services.intake_rules import obstacle_days_errors
from casework.org.selectors import user_has_role
from casework.reports.official import in_vietnamese
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# The triage steps a second complaint received past its window is not given: only a refusal on the ground
# "hết thời hạn khiếu nại" (Đ.11 khoản 6), or an acceptance once obstacles bring it into time, answer it.
LATE_SECOND_WITHHELD = frozenset({"accept", "transfer", "guide", "merge"})


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


@in_vietnamese  # printed on the written refusal, whatever the officer's language
def limitation_statement(case: Case) -> str:
    """The reason a refusal of a first complaint past its limitation states, with its dates (Luật Khiếu nại
    2011 Đ.9, Đ.11 khoản 6, Đ.36 khoản 1; Nghị định 124/2020/NĐ-CP Đ.16 khoản 1): "" when the day the
    complainant knew of the decision or act was not recorded (limitation_last_day)."""
    last = limitation_last_day(case)
    if last is None or case.knew_on is None or case.received_on <= last:
        return ""
    text = gettext(
        "Người khiếu nại biết được quyết định, hành vi bị khiếu nại ngày %(start)s; thời hiệu khiếu nại là "
        "%(days)s ngày kể từ ngày biết được (Điều 9 Luật Khiếu nại)"
    ) % {"start": _day(case.knew_on), "days": limitation_days(case)}
    if case.obstacle_days:
        text += gettext(", không tính %(n)s ngày có trở ngại khách quan (Điều 9 khoản 2 Luật Khiếu nại)") % {
            "n": case.obstacle_days
        }
    return text + gettext(
        ", hết ngày %(last)s. Đơn khiếu nại nhận ngày %(received)s, sau khi thời hiệu khiếu nại đã hết mà không có "
        "lý do chính đáng (Điều 11 khoản 6 Luật Khiếu nại)."
    ) % {"last": _day(last), "received": _day(case.received_on)}


@in_vietnamese  # printed on the written refusal, whatever the officer's language
def second_window_statement(window: SecondWindow) -> str:
    """The reason a refusal of a late second complaint states, with the window's dates (Luật Khiếu nại 2011
    Đ.36 khoản 1 "trường hợp không thụ lý giải quyết thì phải nêu rõ lý do"; Nghị định 124/2020/NĐ-CP Đ.16
    khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10: "nêu rõ lý do trong văn bản thông báo")."""
    values = {
        "start": _day(window.starts_on),
        "days": window.days,
        "last": _day(window.last_day),
        "received": _day(window.received_on),
    }
    if window.from_decision:
        text = gettext(
            "Người khiếu nại nhận được quyết định giải quyết khiếu nại lần đầu ngày %(start)s; thời hạn khiếu nại "
            "lần hai là %(days)s ngày kể từ ngày nhận được quyết định (Điều 33 khoản 1 Luật Khiếu nại)"
        )
    else:
        text = gettext(
            "Thời hạn giải quyết khiếu nại lần đầu hết ngày %(start)s mà khiếu nại không được giải quyết; thời hạn "
            "khiếu nại lần hai là %(days)s ngày kể từ ngày hết thời hạn giải quyết (Điều 33 khoản 1 Luật Khiếu nại)"
        )
    text = text % values
    if window.obstacle_days:
        text += gettext(", không tính %(n)s ngày có trở ngại khách quan (Điều 9 khoản 2 Luật Khiếu nại)") % {
            "n": window.obstacle_days
        }
    return (
        text
        + gettext(
            ", hết ngày %(last)s. Đơn khiếu nại lần hai nhận ngày %(received)s, sau khi thời hạn khiếu nại đã hết mà "
            "không có lý do chính đáng (Điều 11 khoản 6 Luật Khiếu nại)."
        )
        % values
    )


def late_second_refusal(case: Case) -> str:
    """Why a triage step other than the refusal on the ground "hết thời hạn" is refused on a second complaint
    received past its window; "" when it is in time."""
    window = second_window(case)
    if window is None or not window.late:
        return ""
    return gettext(
        "Khiếu nại lần hai nhận ngày %(received)s, sau thời hạn khiếu nại lần hai (hết ngày %(last)s, Luật Khiếu "
        "nại Đ.33 khoản 1). Chỉ có thể không thụ lý với căn cứ “%(ground)s” (Đ.11 khoản 6), hoặc ghi nhận số ngày "
        "có trở ngại khách quan không tính vào thời hạn (Đ.9 khoản 2) rồi thụ lý."
    ) % {
        "received": _day(window.received_on),
        "last": _day(window.last_day),
        "ground": RefusalGround.EXPIRED.label,
    }


def late_second_check(case: Case) -> None:
    """Refuse a triage step a late second complaint is not given (`LATE_SECOND_WITHHELD`)."""
    if refusal := late_second_refusal(case):
        raise TransitionNotAllowed(refusal)


def second_obstacles_may_record(case: Case, user: Any) -> bool:
    """Whoever triages a second complaint records the objective obstacles of its time limit, before triage ends."""
    return (
        case.kind == Kind.COMPLAINT
        and case.round == 2
        and case.status == Status.RECEIVED
        and second_window(case) is not None
        and can_triage(case, user)
    )


@transaction.atomic
def case_second_obstacles_record(
    *, case: Case, actor: Any, obstacle_days: Any, obstacle_note: str = "", expected_version: int | None = None
) -> Case:
    """Ghi nhận trở ngại khách quan của khiếu nại lần hai: the days the complainant could not complain for
    illness, disaster, work or study far away or another objective obstacle are not counted in the window
    (Luật Khiếu nại 2011 Đ.9 khoản 2, applied to the time limit of Đ.33 khoản 1 as Đ.11 khoản 6 reads it:
    "thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng"). Audited, from and to."""
    if errors := obstacle_days_errors(obstacle_days=obstacle_days, note=obstacle_note):
        raise ValidationFailed(errors)
    locked = case_lock(case=case, expected_version=expected_version)
    if not second_obstacles_may_record(locked, actor):
        raise TransitionNotAllowed(
            gettext("Không thể ghi nhận trở ngại khách quan cho hồ sơ %(reference)s.") % {"reference": locked.reference}
        )
    note = (obstacle_note or "").strip()[:255] if obstacle_days else ""
    before = {"obstacle_days": locked.obstacle_days, "obstacle_note": locked.obstacle_note}
    locked.obstacle_days = obstacle_days
    locked.obstacle_note = note
    case_save(locked)
    window = second_window(locked)
    audit_record(
        actor=actor,
        action="case.second_obstacles",
        target=locked,
        unit=locked.unit,
        before=before,
        after={
            "obstacle_days": obstacle_days,
            "obstacle_note": note,
            "second_last_day": window.last_day.isoformat() if window else None,
        },
        reason=note,
    )
    return locked


def decision_receipt_may_record(case: Case, user: Any) -> bool:
    """The day a first decision was received is recorded on the first case once it was decided, while no
    second complaint was triaged yet: by whoever handles the first case, or triages at the superior union."""
    if case.kind != Kind.COMPLAINT or case.round != 1 or case.status not in DECIDED:
        return False
    if case.decided_on is None:
        return False
    if case.next_rounds.exclude(status=Status.RECEIVED).exists():
        return False
    superior = case.unit.parent
    return (
        can_work(case, user)
        or can_triage(case, user)
        or (superior is not None and user_has_role(user=user, roles=INTAKE_ROLES, unit=superior))
    )


@transaction.atomic
def case_decision_receipt_record(
    *, case: Case, actor: Any, received_on: Any, note: str = "", expected_version: int | None = None
) -> Case:
    """Ghi nhận ngày người khiếu nại nhận được quyết định giải quyết lần đầu (from a postal return slip, a
    signed receipt): the second complaint's window counts from it (Luật Khiếu nại 2011 Đ.33 khoản 1 "kể từ
    ngày nhận được quyết định giải quyết khiếu nại lần đầu"). Audited, from and to."""
    if not isinstance(received_on, dt.date):
        raise ValidationFailed({"received_on": _("Nhập ngày người khiếu nại nhận được quyết định (ngày/tháng/năm).")})
    locked = case_lock(case=case, expected_version=expected_version)
    if not decision_receipt_may_record(locked, actor):
        raise TransitionNotAllowed(
            gettext("Không thể ghi nhận ngày nhận quyết định giải quyết của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    issued = locked.decided_on
    assert issued is not None  # decision_receipt_may_record
    if received_on < issued or received_on > clock.today():
        raise ValidationFailed(
            {
                "received_on": gettext(
                    "Ngày nhận quyết định phải từ ngày ban hành quyết định (%(issued)s) đến hôm nay."
                )
                % {"issued": _day(issued)}
            }
        )
    before = locked.decision_received_on
    locked.decision_received_on = received_on
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.decision_receipt",
        target=locked,
        unit=locked.unit,
        before={"decision_received_on": before.isoformat() if before else None, "notified_on": _iso(locked)},
        after={"decision_received_on": received_on.isoformat()},
        reason=(note or "").strip(),
    )
    return locked


def _iso(case: Case) -> str | None:
    return case.notified_on.isoformat() if case.notified_on else None
