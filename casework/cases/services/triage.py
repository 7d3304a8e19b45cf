"""Phân loại, xử lý đơn: accept, refuse, transfer, guide, merge. Each with its ground (the withdrawal:
`casework.cases.services.withdrawal`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.areas.selectors import subject_area_resolve
from casework.audit.services import audit_record
from casework.cases.complaint_limits import second_window
from casework.cases.models import REFUSAL_GROUND_KINDS, Case, Channel, DenouncerIdentity, Kind, RefusalGround, Status
from casework.cases.permissions import can_triage, can_work
from casework.cases.selectors import case_steps_awaited, submitter_id_number, tree_root_path
from casework.cases.services.common import (
    case_lock,
    case_notify,
    case_save,
    case_step,
    deadline_start,
    require_text,
)
from casework.cases.services.creation import case_create
from casework.cases.services.intake_rules import SubmitterData
from casework.cases.services.representation import representation_refusal
from casework.cases.services.second_window import (
    late_second_check,
    late_second_refusal,
    limitation_statement,
    second_window_statement,
)
from casework.cases.services.sending import TRANSFERRER_STEP
from casework.org.models import Unit
from casework.org.selectors import users_with_role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.calendar import WorkingCalendar
from workflows.services.deadlines import deadline_close

# Letters about a congress: handled only if received this many working days before it.
CONGRESS_LEAD_DAYS: dict[str, int] = {Unit.Kind.GRASSROOTS: 25}
CONGRESS_LEAD_DAYS_HIGHER = 30


def congress_lead_days(case: Case) -> int:
    level = (case.subject_unit or case.unit).kind
    return CONGRESS_LEAD_DAYS.get(level, CONGRESS_LEAD_DAYS_HIGHER)


def congress_counted_days(case: Case, congress_date: dt.date | None = None) -> int:
    """Working days from the day after receipt to the day before the congress (`congress_date`, else
    the case's): neither the day of receipt (Bộ luật Dân sự Đ.147) nor the congress day itself counts."""
    congress = congress_date or case.congress_date
    if congress is None:
        return 0
    last = congress - dt.timedelta(days=1)
    return WorkingCalendar.load().working_days_between(case.received_on, last)


def congress_too_late(case: Case, congress_date: dt.date | None = None) -> bool:
    """A letter about a congress is handled only if it arrived at least 25 working days
    (grassroots) or 30 (higher levels) before the congress day (`congress_date`, else the case's)."""
    if (congress_date or case.congress_date) is None:
        return False
    return congress_counted_days(case, congress_date) < congress_lead_days(case)


@transaction.atomic
def case_accept(
    *,
    case: Case,
    actor: Any,
    legal_ground: str,
    expected_version: int | None = None,
    subject_area: Any = None,
) -> Case:
    """Thụ lý: the resolution clock starts (30/45/60/70 days by round, complexity and area).

    `subject_area` (a code or an area): the letter's lĩnh vực, required unless it has one already. The
    acceptance does not decide complexity: the clock starts on the case's plain limit, and the complexity
    decision with its grounds runs it again on the longer one (`case_complexity_decide`)."""
    legal_ground = require_text(legal_ground, "legal_ground", _("Phải nêu căn cứ pháp lý để thụ lý."))
    locked = case_lock(case=case, expected_version=expected_version)
    if congress_too_late(locked):
        raise TransitionNotAllowed(
            _(
                "Đơn liên quan đến đại hội phải gửi trước ngày khai mạc ít nhất %(days)s ngày làm việc; đơn này "
                "nhận ngày %(received)s, đại hội ngày %(congress)s. Chỉ có thể không thụ lý với căn cứ "
                "“đơn gửi sau thời hạn”."
            )
            % {
                "days": congress_lead_days(locked),
                "received": f"{locked.received_on:%d/%m/%Y}",
                "congress": f"{locked.congress_date:%d/%m/%Y}",
            }
        )
    # Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.33 khoản 1: a second complaint past its window is accepted only once
    # the days of objective obstacles recorded bring it into time (Đ.9 khoản 2).
    late_second_check(locked)
    # Luật Khiếu nại 2011 Đ.11 khoản 4: a complaint made by an unlawful representative is not accepted.
    if refusal := representation_refusal(locked):
        raise TransitionNotAllowed(refusal)
    area = subject_area_resolve(value=subject_area, current=locked.subject_area)
    changes: dict[str, Any] = {"legal_ground": legal_ground, "accepted_on": clock.today(), "subject_area": area}
    # The clock before the step's audit event: the sweep takes a clock's row, then the trail's head, so a
    # step taking them in the other order could deadlock with it.
    deadline_close(target=locked, step="accept")
    case, _unused = case_step(
        case=locked, name="accept", actor=actor, reason=legal_ground, changes=changes, locked=True
    )
    deadline_start(case, "resolve")
    if case.kind == Kind.DENUNCIATION:
        # Luật Tố cáo Đ.29: the denouncer and the person denounced are told of the acceptance
        # within 5 working days (the person denounced without the denouncer's identity).
        deadline_start(case, "notify_accept")
        deadline_start(case, "notify_denounced")
    case_notify(
        case=case,
        users=users_with_role(unit=case.unit, roles=("committee_chair",)),
        title=gettext_lazy("Đã thụ lý, cần phân công người giải quyết"),
        event="accept",
    )
    return case


def case_refuse_check(*, case: Case, ground: str, note: str = "", congress_date: dt.date | None = None) -> None:
    """The rules of a refusal, checked before it is confirmed and again when it is written: a ground the
    law gives the letter's kind (`REFUSAL_GROUND_KINDS`: Luật Khiếu nại 2011 Đ.11 for a complaint, Luật Tố
    cáo 2018 Đ.29 khoản 1 for a denunciation, the union's rule for a letter about a congress). The
    union's rule refuses a letter about a congress only when it arrived fewer than 25 (grassroots) or 30
    working days before the congress opened (`congress_too_late`): that ground needs the congress's
    opening day (`congress_date`, else the one recorded at intake), and a letter received in time is
    not refused on it."""
    if ground not in RefusalGround.values:
        raise ValidationFailed({"ground": _("Phải chọn một căn cứ không thụ lý theo quy định.")})
    kinds = REFUSAL_GROUND_KINDS[RefusalGround(ground)]
    if case.kind not in kinds:
        raise ValidationFailed(
            {
                "ground": gettext("Căn cứ “%(ground)s” chỉ áp dụng với đơn %(kinds)s, không áp dụng với đơn %(kind)s.")
                % {
                    "ground": RefusalGround(ground).label,
                    "kinds": gettext(" hoặc ").join(str(Kind(k).label).lower() for k in kinds),
                    "kind": str(Kind(case.kind).label).lower(),
                }
            }
        )
    window = second_window(case)
    if window is not None and window.late and ground != RefusalGround.EXPIRED:
        # Luật Khiếu nại 2011 Đ.11 khoản 6: past the second complaint's window (Đ.33 khoản 1), with no
        # objective obstacle recorded that brings it into time (Đ.9 khoản 2), that is the ground.
        raise ValidationFailed({"ground": late_second_refusal(case)})
    if window is not None and not window.late and ground == RefusalGround.EXPIRED:
        raise ValidationFailed(
            {
                "ground": gettext(
                    "Khiếu nại lần hai nhận ngày %(received)s, trong thời hạn khiếu nại lần hai (hết ngày %(last)s, "
                    "Luật Khiếu nại Đ.33 khoản 1): không thể không thụ lý với căn cứ hết thời hạn."
                )
                % {"received": f"{window.received_on:%d/%m/%Y}", "last": f"{window.last_day:%d/%m/%Y}"}
            }
        )
    if ground == RefusalGround.OTHER and not (note or "").strip():
        raise ValidationFailed({"note": _("Căn cứ khác: phải ghi rõ căn cứ không thụ lý.")})
    if ground == RefusalGround.CONGRESS_LATE:
        congress = congress_date or case.congress_date
        if congress is None:
            raise ValidationFailed(
                {
                    "congress_date": _(
                        "Căn cứ “đơn liên quan đến đại hội gửi sau thời hạn quy định” cần ngày khai mạc đại hội: nhập "
                        "ngày khai mạc đại hội mà đơn liên quan."
                    )
                }
            )
        if not congress_too_late(case, congress):
            raise ValidationFailed(
                {
                    "ground": gettext(
                        "Đơn nhận ngày %(received)s, trước ngày khai mạc đại hội %(congress)s đủ %(days)s ngày làm việc "
                        "theo quy định: đơn gửi trong thời hạn, không thể không thụ lý với căn cứ gửi sau thời hạn."
                    )
                    % {
                        "received": f"{case.received_on:%d/%m/%Y}",
                        "congress": f"{congress:%d/%m/%Y}",
                        "days": congress_lead_days(case),
                    }
                }
            )


@transaction.atomic
def case_refuse(
    *,
    case: Case,
    actor: Any,
    ground: str,
    note: str = "",
    expected_version: int | None = None,
    subject_area: Any = None,
    congress_date: dt.date | None = None,
) -> Case:
    """Không thụ lý with one of the statutory grounds; the notice states it. The letter's area is recorded
    too, and on the ground of a letter about a congress sent late, the congress's opening day given."""
    case_refuse_check(case=case, ground=ground, note=note, congress_date=congress_date)
    area = subject_area_resolve(value=subject_area, current=case.subject_area)
    note = note.strip()
    window = second_window(case)
    if ground == RefusalGround.EXPIRED and window is not None:
        # The written refusal states its reason with the window's dates (Luật Khiếu nại 2011 Đ.36 khoản 1; Nghị
        # định 124/2020/NĐ-CP Đ.16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10): the notice prints it.
        note = f"{second_window_statement(window)} {note}".strip()
    elif ground == RefusalGround.EXPIRED and (statement := limitation_statement(case)):
        # A first complaint past its limitation (Luật Khiếu nại 2011 Đ.9, Đ.11 khoản 6): its dates, likewise.
        note = f"{statement} {note}".strip()
    reason = f"{RefusalGround(ground).label}. {note}".strip()
    changes: dict[str, Any] = {
        "refusal_ground": ground,
        "triage_note": note,
        "closed_on": clock.today(),
        "subject_area": area,
    }
    if ground == RefusalGround.CONGRESS_LATE and congress_date is not None:
        changes["congress_date"] = congress_date
    case, _unused = case_step(
        case=case,
        name="refuse",
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        changes=changes,
    )
    # The notice of refusal tells the body that transferred a denunciation (Luật Tố cáo 2018 Đ.26 khoản 2): its
    # clock waits for that paper (casework.cases.services.sending).
    deadline_close(target=case, except_steps=(TRANSFERRER_STEP,))
    return case


def case_transfer_check(*, case: Case, target_unit: Unit | None, outside_body: str) -> None:
    """Where a letter may be transferred: one union unit (another, active one) or one outside body."""
    if bool(target_unit) == bool((outside_body or "").strip()):
        raise ValidationFailed(
            {"target_unit": _("Chọn một đơn vị công đoàn nhận đơn, hoặc ghi tên cơ quan ngoài hệ thống công đoàn.")}
        )
    if target_unit is not None and (target_unit.pk == case.unit_id or not target_unit.is_active):
        raise ValidationFailed({"target_unit": _("Đơn vị nhận phải là đơn vị khác, đang hoạt động.")})


@transaction.atomic
def case_transfer(
    *,
    case: Case,
    actor: Any,
    reason: str,
    target_unit: Unit | None = None,
    outside_body: str = "",
    expected_version: int | None = None,
    subject_area: Any = None,
) -> tuple[Case, Case | None]:
    """Chuyển đơn. Inside the union tree: a new linked case at `target_unit`. Outside: the body
    is recorded and the transfer slip (phiếu chuyển đơn) is printed from the case page."""
    reason = require_text(reason, "reason", _("Phải nêu lý do chuyển đơn (đơn vị nào có thẩm quyền, vì sao)."))
    outside_body = (outside_body or "").strip()
    late_second_check(case)  # Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.33 khoản 1
    case_transfer_check(case=case, target_unit=target_unit, outside_body=outside_body)
    area = subject_area_resolve(value=subject_area, current=case.subject_area)
    case, _unused = case_step(
        case=case,
        name="transfer",
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        changes={
            "triage_note": reason,
            "transfer_body": outside_body or str(target_unit),
            "closed_on": clock.today(),
            "subject_area": area,
        },
        naming=outside_body,  # the body the reason names stays readable, like a unit's name
    )
    # The body that transferred a denunciation in is told where it went onward (Luật Tố cáo 2018 Đ.26 khoản 2).
    deadline_close(target=case, except_steps=(TRANSFERRER_STEP,))
    if case.kind == Kind.DENUNCIATION:
        # Luật Tố cáo Đ.24: the denouncer is told where the denunciation went.
        audit_record(
            actor=actor,
            action="case.transfer_notice",
            target=case,
            unit=case.unit,
            after={"to": case.transfer_body, "recipient": "người tố cáo"},
            reason=_("Thông báo cho người tố cáo về việc chuyển đơn tố cáo (Luật Tố cáo 2018 Đ.24)."),
        )
    new_case = None
    if target_unit is not None:
        identity = DenouncerIdentity.objects.filter(case=case).first()
        new_case = case_create(
            actor=actor,
            kind=case.kind,
            channel=Channel.TRANSFERRED,
            received_on=clock.today(),
            unit=target_unit,
            title=case.title,
            content=case.content,
            submitters=[
                SubmitterData(
                    full_name=s.full_name,
                    phone=s.phone,
                    email=s.email,
                    address=s.address,
                    is_representative=s.is_representative,
                    id_number=submitter_id_number(s),
                )
                for s in case.submitters.all()
            ],
            subject_unit=case.subject_unit,
            subject_person=case.subject_person,
            subject_user=case.subject_user,
            congress_date=case.congress_date,
            anonymous=False,
            origin=case,
            identity_ciphertext=identity.ciphertext if identity else "",
            identity_people=identity.people if identity else 1,
            is_group=case.is_group,
            fingerprint=case.submitter_fingerprint,
        )
        # The receiving unit's triage starts from the area already chosen (and may change it).
        Case.objects.filter(pk=new_case.pk).update(subject_area=area)
        new_case.subject_area = area
        # The sender's receipt code follows the letter to the unit now handling it.
        if case.receipt_code_hash:
            receipt = case.receipt_code_hash
            Case.objects.filter(pk=case.pk).update(receipt_code_hash=None)
            Case.objects.filter(pk=new_case.pk).update(receipt_code_hash=receipt)
            case.receipt_code_hash = None
    return case, new_case


@transaction.atomic
def case_guide(
    *, case: Case, actor: Any, guidance: str, expected_version: int | None = None, subject_area: Any = None
) -> Case:
    """Hướng dẫn: the matter is outside any union competence; the sender is told where to go."""
    guidance = require_text(guidance, "guidance", _("Phải ghi nội dung hướng dẫn người gửi đơn."))
    late_second_check(case)  # Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.33 khoản 1
    area = subject_area_resolve(value=subject_area, current=case.subject_area)
    case, _unused = case_step(
        case=case,
        name="guide",
        actor=actor,
        expected_version=expected_version,
        reason=guidance,
        changes={"triage_note": guidance, "closed_on": clock.today(), "subject_area": area},
    )
    deadline_close(target=case, except_steps=(TRANSFERRER_STEP,))
    return case


@transaction.atomic
def case_merge(*, case: Case, into: Case, actor: Any, reason: str = "", expected_version: int | None = None) -> Case:
    """Gộp hồ sơ trùng: the duplicate stays, linked to the case that carries on."""
    if into.pk == case.pk:
        raise ValidationFailed({"into": _("Không thể gộp hồ sơ vào chính nó.")})
    late_second_check(case)  # Luật Khiếu nại 2011 Đ.11 khoản 6, Đ.33 khoản 1
    # Both rows under lock, taken in one order: two duplicates merged into each other at once would
    # otherwise each lock its own row and wait for the other's (a deadlock), and the case that
    # carries on is read as it stands, so that one of the two is refused as already merged.
    list(
        Case.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=[case.pk, into.pk])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    into = Case.objects.select_related("unit").get(pk=into.pk)
    # The same letter sent to several levels of one union tree is handled once (one answer, one case
    # in the figures): it may be linked to the case already being handled at another level.
    if not into.unit.path.startswith(tree_root_path(case.unit)) or into.status in (Status.MERGED,):
        raise ValidationFailed(
            {
                "into": gettext("Hồ sơ %(reference)s không thể nhận gộp (khác hệ thống công đoàn hoặc đã bị gộp).")
                % {"reference": into.reference}
            }
        )
    reason = reason.strip() or f"Trùng với hồ sơ {into.reference}"
    case, _unused = case_step(
        case=case,
        name="merge",
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        changes={
            "merged_into": into,
            "triage_note": reason,
            "closed_on": clock.today(),
            # One letter, one area: the duplicate takes the area of the case that carries it.
            "subject_area": case.subject_area or into.subject_area,
        },
    )
    # The body that transferred a denunciation is still told of its result (Luật Tố cáo 2018 Đ.26 khoản 2).
    deadline_close(target=case, cancelled=True, except_steps=(TRANSFERRER_STEP,))
    audit_record(
        actor=actor, action="case.merge_receive", target=into, unit=into.unit, after={"merged": case.reference}
    )
    return case


def accept_notice_pending(case: Case) -> bool:
    return case.kind == Kind.DENUNCIATION and "notify_accept" in case_steps_awaited(case=case)


@transaction.atomic
def case_accept_notice_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã thông báo việc thụ lý cho người tố cáo: stops the 5-working-day clock."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_triage(locked, actor) or can_work(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận thông báo thụ lý hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not accept_notice_pending(locked):
        raise TransitionNotAllowed(
            gettext("Hồ sơ %(reference)s không có thông báo thụ lý nào đang chờ gửi.") % {"reference": locked.reference}
        )
    deadline_close(target=locked, step="notify_accept")
    case_save(locked)
    audit_record(actor=actor, action="case.accept_notice", target=locked, unit=locked.unit, reason=note)
    return locked


def case_subject_area_may_change(*, case: Case, user: Any) -> bool:
    """Who may reclassify a case after triage: whoever triages it or works on it, while it is open."""
    return not case.is_final and case.status != Status.RECEIVED and (can_triage(case, user) or can_work(case, user))


@transaction.atomic
def case_subject_area_set(
    *, case: Case, actor: Any, subject_area: Any, reason: str = "", expected_version: int | None = None
) -> Case:
    """Đổi lĩnh vực: reclassify an open case after triage (audited: from, to, why).

    Before triage the area is chosen with the triage decision itself; a closed case keeps the area
    its figures were reported under."""
    if subject_area in (None, ""):
        raise ValidationFailed({"subject_area": _("Phải chọn lĩnh vực.")})
    area = subject_area_resolve(value=subject_area)
    reason = require_text(reason, "reason", _("Phải nêu lý do đổi lĩnh vực."))
    locked = case_lock(case=case, expected_version=expected_version)
    if not case_subject_area_may_change(case=locked, user=actor):
        raise TransitionNotAllowed(
            gettext("Không thể đổi lĩnh vực của hồ sơ %(reference)s ở trạng thái “%(status)s”.")
            % {"reference": locked.reference, "status": locked.get_status_display()}
        )
    before = locked.subject_area.code if locked.subject_area else None
    if before == area.code:
        raise ValidationFailed({"subject_area": _("Hồ sơ đã thuộc lĩnh vực này.")})
    locked.subject_area = area
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.subject_area",
        target=locked,
        unit=locked.unit,
        before={"subject_area": before},
        after={"subject_area": area.code},
        reason=reason,
    )
    return locked
