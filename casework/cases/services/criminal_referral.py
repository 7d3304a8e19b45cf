"""Chuyển hồ sơ vụ việc có dấu hiệu tội phạm: when the violation of the person denounced shows signs of a
crime, the file is sent at once to the competent investigating body or procuracy (Luật Tố cáo 2018 Đ.36
khoản 2), as part of handling the conclusion (khoản 1: after it is issued). Recorded here: to whom, the
day and the number of the paper that sent it. Signs of a crime found earlier, during the processing, are
Đ.27 khoản 1's, and the file goes the same way; this step is the one after the conclusion."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import CriminalBody, CriminalReferral, Kind, Status
from casework.cases.permissions import can_lead, can_work
from casework.cases.services.common import case_lock, case_save, decision_refusal
from casework.cases.services.identity import case_text_masked
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# The steps after a denunciation's conclusion was issued (Luật Tố cáo 2018 Đ.35, Đ.36).
CONCLUDED_STATUSES = (Status.CONCLUDED, Status.HANDLED, Status.NOTIFIED, Status.CLOSED)


def criminal_referrals(case: Any) -> QuerySet[CriminalReferral]:
    return CriminalReferral.objects.filter(case_id=case.pk).order_by("on", "pk")


def criminal_referral_open(case: Any) -> bool:
    """A denunciation whose conclusion was issued."""
    return case.kind == Kind.DENUNCIATION and case.status in CONCLUDED_STATUSES


def _action() -> str:
    return _("chuyển hồ sơ có dấu hiệu tội phạm của")


def criminal_referral_may(case: Any, user: Any) -> bool:
    """The resolving officer, the committee chair or the competent body's leaders, not in conflict."""
    return (
        criminal_referral_open(case)
        and (can_work(case, user) or can_lead(case, user))
        and not decision_refusal(case=case, actor=user, action=_action())
    )


def criminal_referral_actions(case: Any, user: Any) -> list[str]:
    return ["criminal_referral"] if criminal_referral_may(case, user) else []


def _text(value: Any) -> str:
    return str(value or "").replace("\x00", "").strip()


def criminal_referral_check(
    *, case: Any, body_kind: str, body_name: str, on: Any, reference: str, note: str = "", **_ignored: Any
) -> dict[str, Any]:
    """To whom (the investigating body or the procuracy, and its name), the day (not after today, not before
    the conclusion's day) and the number of the paper that sent the file."""
    errors: dict[str, str] = {}
    if body_kind not in CriminalBody.values:
        errors["body_kind"] = _("Chọn cơ quan nhận hồ sơ: Cơ quan điều tra hoặc Viện kiểm sát nhân dân.")
    if not _text(body_name):
        errors["body_name"] = _("Phải ghi tên cơ quan nhận hồ sơ.")
    elif len(_text(body_name)) > 255:
        errors["body_name"] = _("Tên cơ quan nhận hồ sơ: tối đa 255 ký tự.")
    if not isinstance(on, dt.date):
        errors["on"] = _("Phải ghi ngày chuyển hồ sơ.")
    elif on > clock.today():
        errors["on"] = _("Ngày này không được sau ngày hôm nay.")
    elif case.decided_on and on < case.decided_on:
        errors["on"] = gettext("Ngày chuyển hồ sơ không được trước ngày ban hành kết luận (%(day)s).") % {
            "day": f"{case.decided_on:%d/%m/%Y}"
        }
    if not _text(reference):
        errors["reference"] = _("Phải ghi số, ký hiệu văn bản chuyển hồ sơ.")
    elif len(_text(reference)) > 64:
        errors["reference"] = _("Số, ký hiệu văn bản: tối đa 64 ký tự.")
    if errors:
        raise ValidationFailed(errors)
    return {
        "body_kind": body_kind,
        "body_name": _text(body_name),
        "on": on,
        "reference": _text(reference),
        "note": _text(note),
    }


@transaction.atomic
def case_criminal_referral(
    *,
    case: Any,
    actor: Any,
    body_kind: str,
    body_name: str,
    on: Any,
    reference: str,
    note: str = "",
    expected_version: int | None = None,
) -> Any:
    """Đã chuyển hồ sơ vụ việc đến Cơ quan điều tra hoặc Viện kiểm sát nhân dân có thẩm quyền (Luật Tố cáo 2018
    Đ.36 khoản 2): recorded after the conclusion, in the case's trail."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not criminal_referral_open(locked):
        raise TransitionNotAllowed(
            gettext(
                "Chỉ ghi nhận chuyển hồ sơ có dấu hiệu tội phạm sau khi ban hành kết luận nội dung tố cáo %(ref)s "
                "(Luật Tố cáo 2018 Điều 36 khoản 2)."
            )
            % {"ref": locked.reference}
        )
    if refusal := decision_refusal(case=locked, actor=actor, action=_action()):
        raise TransitionNotAllowed(refusal)
    if not (can_work(locked, actor) or can_lead(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận chuyển hồ sơ %(ref)s.") % {"ref": locked.reference}
        )
    values = criminal_referral_check(
        case=locked, body_kind=body_kind, body_name=body_name, on=on, reference=reference, note=note
    )
    row = CriminalReferral.objects.create(
        case=locked,
        body_kind=values["body_kind"],
        body_name=case_text_masked(locked, values["body_name"], naming=values["body_name"])[:255],
        on=values["on"],
        reference=values["reference"],
        note=case_text_masked(locked, values["note"]),
        recorded_by=actor,
        created_at=clock.now(),
    )
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.criminal_referral",
        target=locked,
        unit=locked.unit,
        after={
            "referral": row.pk,
            "body_kind": row.body_kind,
            "body_name": row.body_name,
            "on": row.on.isoformat(),
            "reference": row.reference,
        },
        reason=row.note,
    )
    return locked
