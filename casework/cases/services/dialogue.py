"""Đối thoại (Luật Khiếu nại 2011 Đ.30; Nghị định 124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định
155/2026/NĐ-CP): the rules of a dialogue's record and its recording on the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.cases.models import (
    DIALOGUE_NOTICE_NAMED,
    Case,
    DialogueAttendance,
    DialogueNoticeRecipient,
    Status,
)
from casework.cases.services.common import available_actions, case_step
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

# Nghị định 124/2020/NĐ-CP Đ.28 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP): the notice of the
# dialogue reaches the participants at least 05 days before it.
DIALOGUE_NOTICE_DAYS = 5
# Khoản 1: the notice is sent to the complainant and to the person complained about in every case.
DIALOGUE_NOTICE_REQUIRED = (DialogueNoticeRecipient.COMPLAINANT, DialogueNoticeRecipient.COMPLAINED_AGAINST)


def dialogue_refusal(case: Case, outcome: str = "") -> str:
    """Why the verification's result may not be proposed yet for want of a dialogue ("" when it may):
    the rule of `Case.dialogue_missing`, in the words of the article that requires it."""
    if not case.dialogue_missing(outcome):
        return ""
    if case.round == 2:
        return gettext(
            "Hồ sơ %(ref)s là khiếu nại lần hai: người giải quyết khiếu nại phải tổ chức đối thoại trước khi đề xuất "
            "kết quả giải quyết (Luật Khiếu nại 2011 Đ.39; Nghị định 124/2020/NĐ-CP Đ.28 khoản 2, sửa đổi bởi Nghị "
            "định 155/2026/NĐ-CP). Ghi biên bản đối thoại trước (kể cả khi người khiếu nại được mời mà vắng mặt)."
        ) % {"ref": case.reference}
    return gettext(
        "Kết quả xác minh khác với yêu cầu của người khiếu nại (khiếu nại đúng một phần hoặc sai): người giải quyết "
        "khiếu nại phải tổ chức đối thoại trước khi đề xuất kết quả (Luật Khiếu nại 2011 Đ.30 khoản 1). Ghi biên bản "
        "đối thoại trước (kể cả khi người khiếu nại được mời mà vắng mặt)."
    )


def dialogue_check_before_proposal(*, case: Case, outcome: str, actor: Any) -> None:
    """Refuse a proposal the law wants a dialogue before (`dialogue_refusal`), on a case at the step
    where it could otherwise be proposed; any other refusal is the transition's own."""
    if case.status != Status.VERIFYING:
        return
    refusal = dialogue_refusal(case, outcome)
    if refusal:
        raise TransitionNotAllowed(refusal, allowed=available_actions(case, actor) if actor is not None else [])


def dialogue_check_before_approval(*, case: Case, actor: Any) -> None:
    """Refuse to approve a proposal made without the dialogue the law requires before it (the rule of
    `Case.dialogue_missing`, read with the proposal's outcome): the approver sends it back to
    verification, where the dialogue is organised and recorded."""
    if (refused := dialogue_approval_refusal(case=case, actor=actor)) is not None:
        raise refused


def dialogue_approval_refusal(*, case: Case, actor: Any) -> TransitionNotAllowed | None:
    """The error `dialogue_check_before_approval` raises on `case` now, or None (also read by a leader's
    "approve" on the case's escalation before it is confirmed)."""
    if case.status != Status.PROPOSED:
        return None
    refusal = dialogue_refusal(case, case.outcome)
    if not refusal:
        return None
    return TransitionNotAllowed(
        gettext("Chưa thể phê duyệt đề xuất: %(why)s Trả lại để xác minh thêm và tổ chức đối thoại.")
        % {"why": refusal},
        allowed=available_actions(case, actor) if actor is not None else [],
    )


def dialogue_decision_refusal(case: Case, outcome: str = "") -> str:
    """Why an approved complaint may not be decided yet for want of a dialogue ("" when it may): the
    rule of `Case.dialogue_missing`, read with the approved proposal's outcome and with the outcome the
    decision itself states (`outcome`, when given), for a decision that departs from the proposal is a
    result that differs from the demands as much (Luật Khiếu nại 2011 Đ.30 khoản 1, Đ.39; Nghị định
    124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định 155/2026/NĐ-CP, which its Đ.22 khoản 1 applies to every
    accepted complaint not yet decided). The page's notice and the service's refusal read this one rule."""
    if case.status != Status.APPROVED:
        return ""
    refusal = dialogue_refusal(case, case.outcome) or dialogue_refusal(case, outcome)
    if not refusal:
        return ""
    return gettext(
        "Chưa thể ban hành quyết định giải quyết khiếu nại: %(why)s Người phê duyệt thu hồi phê duyệt, trả hồ sơ "
        "về xác minh để tổ chức đối thoại; sau đó đề xuất và phê duyệt lại."
    ) % {"why": refusal}


def dialogue_check_before_decision(*, case: Case, outcome: str, actor: Any) -> None:
    """Refuse to decide a complaint approved without the dialogue the law requires before its result
    (`dialogue_decision_refusal`); nothing is written."""
    refusal = dialogue_decision_refusal(case, outcome)
    if refusal:
        raise TransitionNotAllowed(refusal, allowed=available_actions(case, actor) if actor is not None else [])


def dialogue_note_takers(case: Case) -> list[Any]:
    """Who may be named as the record's note-taker (Mẫu số 14 mục I.2): a user of the committee working
    the case's unit (its officers, inspectors and chair), less anyone who may not work on the case
    (`case_conflict_reason`). The page's choices and the service's check read this one rule."""
    from casework.cases.selectors import case_conflict_reasons
    from casework.org.models import Role
    from casework.org.selectors import users_with_role

    people = list(users_with_role(unit=case.unit, roles=(Role.CASE_OFFICER, Role.INSPECTOR, Role.COMMITTEE_CHAIR)))
    conflicts = case_conflict_reasons(case=case, users=people)
    return [u for u in people if not conflicts[u.pk]]


def dialogue_notice_recipients(notice_to: list[str] | None) -> list[str]:
    """The recipients chosen, in the order the law lists them."""
    chosen = {str(r) for r in (notice_to or [])}
    return [r for r in DialogueNoticeRecipient.values if r in chosen]


def _dialogue_notice_errors(*, notice_to: list[str] | None, notice_related: str) -> dict[str, str]:
    """To whom the notice of the dialogue was sent (Đ.28 khoản 1): the complainant and the person
    complained about always; those with related rights and duties and the bodies concerned, when
    chosen, are named."""
    chosen = [str(r) for r in (notice_to or []) if str(r).strip()]
    errors = {}
    if any(r not in DialogueNoticeRecipient.values for r in chosen):
        errors["notice_to"] = _("Nơi nhận thông báo đối thoại: chọn trong các đối tượng pháp luật quy định.")
    elif any(r not in chosen for r in DIALOGUE_NOTICE_REQUIRED):
        errors["notice_to"] = _(
            "Thông báo đối thoại phải được gửi cho người khiếu nại và người bị khiếu nại (Nghị định 124/2020/NĐ-CP "
            "Đ.28 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP)."
        )
    named = any(r in chosen for r in DIALOGUE_NOTICE_NAMED)
    if named and not (notice_related or "").strip():
        errors["notice_related"] = _(
            "Ghi rõ tên người có quyền, nghĩa vụ liên quan, cơ quan, tổ chức có liên quan đã được gửi thông báo "
            "đối thoại."
        )
    elif not named and (notice_related or "").strip():
        errors["notice_related"] = _(
            "Chỉ ghi tên người, cơ quan, tổ chức có liên quan khi đã chọn họ trong nơi nhận thông báo đối thoại."
        )
    return errors


def dialogue_check(
    *,
    case: Case,
    record: str,
    dialogue_on: dt.date | None,
    dialogue_notice_on: dt.date | None,
    participants: str,
    complainant_absent: str,
    place: str = "",
    chair: str = "",
    opinions: str = "",
    agreed: str = "",
    disputed: str = "",
    notice_to: list[str] | None = None,
    notice_related: str = "",
    note_taker: Any = None,
) -> None:
    """The rules of a dialogue's record (Nghị định 124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định
    155/2026/NĐ-CP), checked before anything is written: its content (khoản 3); both dates, held no
    later than today and at least 05 days after its notice, the notice not before the complaint was
    accepted (Luật Khiếu nại 2011 Đ.30 khoản 1), and to whom that notice was sent (khoản 1);
    where it was held and who chaired it (khoản 2, 3, 4; Mẫu số 14 mục I.1); who took part, and whether
    the complainant came or, absent, had a legitimate reason (khoản 4); the participants' opinions, and
    what was agreed or is still disputed (khoản 4). Absent without a legitimate reason, the resolution
    goes on (khoản 5). The note-taker, when named, is one `dialogue_note_takers` allows (Mẫu số 14
    mục I.2)."""
    errors = {}
    if not (record or "").strip():
        errors["record"] = _("Phải ghi nội dung đối thoại (Nghị định 124/2020/NĐ-CP Đ.28 khoản 3, 4).")
    if dialogue_on is None:
        errors["dialogue_on"] = _("Phải nhập ngày đối thoại (Nghị định 124/2020/NĐ-CP Đ.28 khoản 1).")
    elif dialogue_on > clock.today():
        errors["dialogue_on"] = _(
            "Ngày đối thoại không được sau ngày hôm nay: chỉ ghi biên bản cuộc đối thoại đã diễn ra."
        )
    if dialogue_notice_on is None:
        errors["dialogue_notice_on"] = _(
            "Phải nhập ngày gửi thông báo đối thoại (Nghị định 124/2020/NĐ-CP Đ.28 khoản 1)."
        )
    elif case.accepted_on is not None and dialogue_notice_on < case.accepted_on:
        # Luật Khiếu nại 2011 Đ.30 khoản 1; Nghị định 124/2020/NĐ-CP Đ.28 khoản 1 (sửa đổi bởi Nghị định
        # 155/2026/NĐ-CP): the dialogue is organised "trong quá trình giải quyết khiếu nại", of a complaint
        # accepted; its notice is not sent before the acceptance, nor the dialogue held before its notice.
        errors["dialogue_notice_on"] = gettext(
            "Ngày gửi thông báo đối thoại không được trước ngày thụ lý khiếu nại (%(day)s): đối thoại được tổ chức "
            "trong quá trình giải quyết khiếu nại đã thụ lý (Luật Khiếu nại 2011 Đ.30 khoản 1; Nghị định "
            "124/2020/NĐ-CP Đ.28 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP)."
        ) % {"day": f"{case.accepted_on:%d/%m/%Y}"}
    elif dialogue_on is not None and dialogue_notice_on > dialogue_on:
        errors["dialogue_notice_on"] = _("Ngày gửi thông báo đối thoại không được sau ngày đối thoại.")
    elif dialogue_on is not None and (dialogue_on - dialogue_notice_on).days < DIALOGUE_NOTICE_DAYS:
        errors["dialogue_notice_on"] = gettext(
            "Thông báo đối thoại phải gửi trước ngày đối thoại ít nhất %(days)s ngày (Nghị định 124/2020/NĐ-CP "
            "Đ.28 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP); thông báo này gửi trước %(gap)s ngày."
        ) % {"days": DIALOGUE_NOTICE_DAYS, "gap": (dialogue_on - dialogue_notice_on).days}
    errors.update(_dialogue_notice_errors(notice_to=notice_to, notice_related=notice_related))
    if not (place or "").strip():
        errors["place"] = _("Phải ghi địa điểm đối thoại (Nghị định 124/2020/NĐ-CP Đ.28 khoản 4).")
    if not (chair or "").strip():
        errors["chair"] = _(
            "Phải ghi người chủ trì đối thoại: người giải quyết khiếu nại hoặc người được phân công (Nghị định "
            "124/2020/NĐ-CP Đ.28 khoản 2, 3)."
        )
    if note_taker is not None and note_taker.pk not in {u.pk for u in dialogue_note_takers(case)}:
        errors["note_taker"] = gettext(
            "%(person)s không thể là người ghi biên bản đối thoại: chỉ cán bộ của đơn vị giải quyết khiếu nại "
            "không có xung đột lợi ích với vụ việc."
        ) % {"person": note_taker}
    if not (participants or "").strip():
        errors["participants"] = _(
            "Phải ghi thành phần tham gia đối thoại: người dự và người vắng mặt (Nghị định 124/2020/NĐ-CP Đ.28 khoản 4)."
        )
    if complainant_absent not in DialogueAttendance.values:
        errors["complainant_absent"] = _(
            "Phải chọn người khiếu nại có mặt, vắng mặt có lý do chính đáng hoặc vắng mặt không có lý do chính "
            "đáng (Nghị định 124/2020/NĐ-CP Đ.28 khoản 4, 5)."
        )
    if not (opinions or "").strip():
        errors["opinions"] = _(
            "Phải ghi ý kiến của những người tham gia đối thoại (Nghị định 124/2020/NĐ-CP Đ.28 khoản 4)."
        )
    if not (agreed or "").strip() and not (disputed or "").strip():
        errors["agreed"] = _(
            "Phải ghi kết quả đối thoại: những nội dung đã thống nhất và/hoặc những vấn đề còn ý kiến khác nhau "
            "(Nghị định 124/2020/NĐ-CP Đ.28 khoản 4)."
        )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def case_record_dialogue(
    *,
    case: Case,
    actor: Any,
    record: str,
    dialogue_on: dt.date | None,
    dialogue_notice_on: dt.date | None,
    participants: str,
    complainant_absent: str,
    notice_to: list[str] | None = None,
    notice_related: str = "",
    place: str = "",
    chair: str = "",
    note_taker: Any = None,
    opinions: str = "",
    agreed: str = "",
    disputed: str = "",
    expected_version: int | None = None,
) -> Case:
    """Đối thoại (Luật Khiếu nại 2011 Đ.30; Nghị định 124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định
    155/2026/NĐ-CP): what the biên bản đối thoại (Mẫu số 14, `case.dialogue_record`) is made from is
    kept on the case: the content of the dialogue (`record`: its purpose, the verification's results,
    the points discussed), the day, place and chair, who took the notes (optional), the day its notice was sent and to whom, who took
    part and whether the complainant came, the participants' opinions, what was agreed and what is
    still disputed. A complainant absent without a legitimate reason stops nothing: the resolution
    goes on (khoản 5), and the record says so."""
    dialogue_check(
        case=case,
        record=record,
        dialogue_on=dialogue_on,
        dialogue_notice_on=dialogue_notice_on,
        participants=participants,
        complainant_absent=complainant_absent,
        place=place,
        chair=chair,
        opinions=opinions,
        agreed=agreed,
        disputed=disputed,
        notice_to=notice_to,
        notice_related=notice_related,
        note_taker=note_taker,
    )
    case, _unused = case_step(
        case=case,
        name="record_dialogue",
        actor=actor,
        expected_version=expected_version,
        changes={
            "dialogue_record": record.strip(),
            "dialogue_on": dialogue_on,
            "dialogue_place": place.strip(),
            "dialogue_chair": chair.strip(),
            "dialogue_note_taker": note_taker,
            "dialogue_notice_on": dialogue_notice_on,
            "dialogue_notice_to": dialogue_notice_recipients(notice_to),
            "dialogue_notice_related": (notice_related or "").strip(),
            "dialogue_participants": participants.strip(),
            "complainant_absent": complainant_absent,
            "dialogue_opinions": opinions.strip(),
            "dialogue_agreed": (agreed or "").strip(),
            "dialogue_disputed": (disputed or "").strip(),
        },
    )
    return case
