"""Kiểm tra lại quyết định, hành vi bị khiếu nại: within the resolution limit the person competent to resolve a
first complaint re-examines the decision or act complained of, "nếu khiếu nại đúng thì ra quyết định giải quyết
khiếu nại ngay" (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a; Thông tư 07/2013/TT-TTCP Đ.6 khoản 1 to 3); only
"trường hợp chưa có cơ sở kết luận nội dung khiếu nại" is the content verified, personally or by the person
assigned (điểm b, casework.cases.services.verification).

Here the resolver's leaders (`can_assign`, as for the verification's assignment) record that the complaint is
right, with the day and the reason; the verification gate (`verification_refusal`) then lets the case proceed to
the decision with no verification assigned, and its proposal is of a complaint right (Outcome.FOUNDED: the
decision meets the complainant's demands, so no dialogue is owed, Đ.30 khoản 1). Recorded while the case is still
assigned, the case goes straight to that proposal ("ngay"): `Case.decided_on_reexamination` lets the "propose"
transition leave from "assigned" and withholds "start verification", there being no verification to start; the
proposal's draft of the decision's verification result starts from the reason recorded here
(`casework.cases.decision_parts.found_right_part_draft`). A proposal of any other outcome
needs the verification (điểm b) first. A second complaint has no such step: its resolver verifies or assigns the
verification (Đ.38)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import Case, ComplaintFoundRight, Kind, Status
from casework.cases.permissions import can_assign
from casework.cases.services.common import case_lock, case_save, decision_refusal
from casework.cases.services.verification import complaint_found_right, verification_assignments
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# The steps the re-examination is recorded at: before any verification is assigned (Đ.29 khoản 1 điểm a comes
# before điểm b), the case assigned to its officer or being resolved.
FOUND_RIGHT_OPEN = (Status.ASSIGNED, Status.VERIFYING)


def _action() -> str:
    return _("ghi nhận khiếu nại đúng khi kiểm tra lại trong")


def found_right_refusal(case: Case) -> str:
    """Why the complaint may not be recorded right on re-examination now ("" when it may)."""
    if case.kind != Kind.COMPLAINT or case.round != 1:
        return gettext(
            "Chỉ khiếu nại lần đầu được kiểm tra lại và ra quyết định giải quyết ngay khi khiếu nại đúng (Luật Khiếu "
            "nại 2011 Điều 29 khoản 1 điểm a); khiếu nại lần hai được xác minh (Điều 38)."
        )
    if case.status not in FOUND_RIGHT_OPEN:
        return gettext(
            "Chỉ ghi nhận khiếu nại đúng khi kiểm tra lại lúc hồ sơ %(ref)s đã phân công hoặc đang xác minh."
        ) % {"ref": case.reference}
    if complaint_found_right(case) is not None:
        return gettext("Hồ sơ %(ref)s đã ghi nhận khiếu nại đúng khi kiểm tra lại.") % {"ref": case.reference}
    if verification_assignments(case).exists():
        return gettext(
            "Hồ sơ %(ref)s đã giao nhiệm vụ xác minh nội dung khiếu nại (Luật Khiếu nại 2011 Điều 29 khoản 1 điểm "
            "b): kết quả do người xác minh báo cáo."
        ) % {"ref": case.reference}
    return ""


def found_right_may_record(case: Case, user: Any) -> bool:
    """The resolver's leaders of the handling unit (`can_assign`), not in conflict with the case, while
    `found_right_refusal` has nothing to say."""
    return (
        case.kind == Kind.COMPLAINT
        and case.status in FOUND_RIGHT_OPEN
        and can_assign(case, user)
        and not found_right_refusal(case)
        and not decision_refusal(case=case, actor=user, action=_action())
    )


def found_right_actions(case: Case, user: Any) -> list[str]:
    """The step of this module `user` may take on the case now (casework.cases.actions)."""
    return ["complaint_found_right"] if found_right_may_record(case, user) else []


@transaction.atomic
def case_complaint_found_right(
    *, case: Case, actor: Any, on: Any, reason: Any, expected_version: int | None = None
) -> Case:
    """Ghi nhận khiếu nại đúng khi kiểm tra lại (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a; Thông tư
    07/2013/TT-TTCP Đ.6): the day of the re-examination (not after today, not before the acceptance) and the
    reason, recorded by the resolver's leaders, audited with the reason; the case then goes to the proposal of a
    complaint right and the decision without a verification assigned."""
    locked = case_lock(case=case, expected_version=expected_version)
    if refusal := found_right_refusal(locked):
        raise TransitionNotAllowed(refusal)
    if refusal := decision_refusal(case=locked, actor=actor, action=_action()):
        raise TransitionNotAllowed(refusal)
    if not can_assign(locked, actor):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận khiếu nại đúng khi kiểm tra lại trong hồ sơ %(ref)s.")
            % {"ref": locked.reference}
        )
    errors: dict[str, str] = {}
    if not isinstance(on, dt.date):
        errors["on"] = _("Phải ghi ngày kiểm tra lại.")
    elif on > clock.today():
        errors["on"] = _("Ngày này không được sau ngày hôm nay.")
    elif locked.accepted_on and on < locked.accepted_on:
        errors["on"] = gettext("Ngày này không được trước ngày thụ lý khiếu nại (%(day)s).") % {
            "day": f"{locked.accepted_on:%d/%m/%Y}"
        }
    text = str(reason or "").replace("\x00", "").strip() if isinstance(reason, str) else ""
    if not text:
        errors["reason"] = _(
            "Phải nêu căn cứ xác định khiếu nại đúng (nội dung đã kiểm tra lại: căn cứ pháp lý, thẩm quyền, nội "
            "dung, trình tự, thủ tục của quyết định, hành vi bị khiếu nại)."
        )
    if errors:
        raise ValidationFailed(errors)
    row = ComplaintFoundRight.objects.create(case=locked, on=on, reason=text, recorded_by=actor, created_at=clock.now())
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.complaint_found_right",
        target=locked,
        unit=locked.unit,
        after={"found_right": row.pk, "on": row.on.isoformat()},
        reason=row.reason,
    )
    return locked
