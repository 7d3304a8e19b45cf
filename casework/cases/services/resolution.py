"""Giải quyết: assignment, verification, dialogue, proposal, approval, decision or conclusion,
handling of a conclusion, answer, notification, closure; pause and extension."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import (
    DIALOGUE_NOTICE_NAMED,
    Case,
    ConflictDeclaration,
    DialogueAttendance,
    DialogueNoticeRecipient,
    Kind,
    Outcome,
    Status,
    SuspensionGround,
)
from casework.cases.permissions import APPROVE_ROLES, can_lead, case_deciders
from casework.cases.selectors import case_conflict_reason
from casework.cases.services.common import (
    DENUNCIATION_DECISION_SENT_TO,
    case_lock,
    case_notify,
    case_save,
    case_step,
    deadline_start,
    decision_check,
    denounced_decision_notify,
    require_text,
    transition_check,
)
from casework.cases.services.expertise import expertise_awaiting
from casework.cases.services.identity import case_text_masked
from casework.cases.services.procedures import (
    DECISION_SENT_TO,
    SENDING_STEPS,
    conclusion_sending_stop,
    decision_sending_start,
    termination_due,
)
from casework.org.models import Role
from casework.org.selectors import user_has_role, users_with_role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline
from workflows.services.deadlines import deadline_close, deadline_extend, deadline_pause, deadline_resume
from workflows.services.policy import rule_get

DISCIPLINE_CHOICES = [
    ("", "Không đề xuất kỷ luật"),
    ("khien_trach", "Khiển trách"),
    ("canh_cao", "Cảnh cáo"),
    ("cach_chuc", "Cách chức"),
    ("khai_tru", "Khai trừ"),
]
# Luật Tố cáo 2018 Đ.34 khoản 1: the only grounds on which a denunciation is suspended.
DENUNCIATION_SUSPENSION_GROUNDS = (SuspensionGround.AWAIT_OTHER_BODY, SuspensionGround.AWAIT_EXPERTISE)
EXTENDABLE = [Status.ACCEPTED, Status.ASSIGNED, Status.VERIFYING, Status.DIALOGUE, Status.PROPOSED, Status.APPROVED]


@transaction.atomic
def case_assign(*, case: Case, actor: Any, assignee: Any, expected_version: int | None = None) -> Case:
    """Phân công an officer of the competent unit, refusing anyone with a conflict of interest."""
    if assignee is None:
        raise ValidationFailed({"assignee": _("Phải chọn cán bộ giải quyết.")})
    if not user_has_role(user=assignee, roles=(Role.CASE_OFFICER, Role.INSPECTOR), unit=case.unit):
        raise ValidationFailed(
            {
                "assignee": gettext("%(assignee)s không phải cán bộ giải quyết của %(unit)s.")
                % {"assignee": assignee, "unit": case.unit}
            }
        )
    conflict = case_conflict_reason(case=case, user=assignee)
    if conflict:
        raise ValidationFailed(
            {
                "assignee": gettext("Không thể phân công %(assignee)s: %(conflict)s.")
                % {"assignee": assignee, "conflict": conflict}
            }
        )
    previous = case.assignee
    case, _unused = case_step(
        case=case,
        name="assign",
        actor=actor,
        expected_version=expected_version,
        reason=f"Phân công {assignee}",
        changes={"assignee": assignee},
    )
    # Reminders and breach notices of the running clocks go to whoever now holds the case.
    Deadline.objects.filter(
        target_type="cases.case", target_id=str(case.pk), status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED]
    ).update(assignee=assignee)
    case_notify(case=case, users=[assignee], title="Bạn được phân công giải quyết hồ sơ", event="assign")
    if previous is not None and previous.pk != assignee.pk:
        case_notify(case=case, users=[previous], title="Hồ sơ đã được phân công cho người khác", event="unassign")
    return case


@transaction.atomic
def case_conflict_declare(*, case: Case, actor: Any, note: str) -> ConflictDeclaration:
    """Khai báo xung đột lợi ích: the declarer can no longer be assigned to this case."""
    note = require_text(note, "note", _("Phải nêu lý do xung đột lợi ích."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    note = case_text_masked(locked, note)[:255]
    declaration, created = ConflictDeclaration.objects.get_or_create(
        case=locked, user=actor, defaults={"note": note, "declared_at": clock.now()}
    )
    if created:
        audit_record(actor=actor, action="case.conflict_declare", target=locked, unit=locked.unit, reason=note)
        if locked.assignee_id == actor.pk:
            chairs = users_with_role(unit=locked.unit, roles=APPROVE_ROLES)
            case_notify(
                case=locked,
                users=list(chairs),
                title="Cán bộ được phân công khai báo xung đột lợi ích",
                body=note,
                event=f"conflict-{actor.pk}",
            )
    return declaration


@transaction.atomic
def case_start_verification(*, case: Case, actor: Any, plan: str = "", expected_version: int | None = None) -> Case:
    case, _unused = case_step(
        case=case, name="start_verification", actor=actor, expected_version=expected_version, reason=plan
    )
    return case


# Nghị định 124/2020/NĐ-CP Đ.28 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP): the notice of the
# dialogue reaches the participants at least 05 days before it.
DIALOGUE_NOTICE_DAYS = 5
# Khoản 1: the notice is sent to the complainant and to the person complained about in every case.
DIALOGUE_NOTICE_REQUIRED = (DialogueNoticeRecipient.COMPLAINANT, DialogueNoticeRecipient.COMPLAINED_AGAINST)


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
) -> None:
    """The rules of a dialogue's record (Nghị định 124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định
    155/2026/NĐ-CP), checked before anything is written: its content (khoản 3); both dates, held no
    later than today and at least 05 days after its notice, and to whom that notice was sent (khoản 1);
    where it was held and who chaired it (khoản 2, 3, 4; Mẫu số 14 mục I.1); who took part, and whether
    the complainant came or, absent, had a legitimate reason (khoản 4); the participants' opinions, and
    what was agreed or is still disputed (khoản 4). Absent without a legitimate reason, the resolution
    goes on (khoản 5)."""
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
    opinions: str = "",
    agreed: str = "",
    disputed: str = "",
    expected_version: int | None = None,
) -> Case:
    """Đối thoại (Luật Khiếu nại 2011 Đ.30; Nghị định 124/2020/NĐ-CP Đ.28, sửa đổi bởi Nghị định
    155/2026/NĐ-CP): what the biên bản đối thoại (Mẫu số 14, `case.dialogue_record`) is made from is
    kept on the case: the content of the dialogue (`record`: its purpose, the verification's results,
    the points discussed), the day, place and chair, the day its notice was sent and to whom, who took
    part and whether the complainant came, the participants' opinions, what was agreed and what is
    still disputed. A complainant absent without a legitimate reason stops nothing: the resolution
    goes on (khoản 5), and the record says so."""
    dialogue_check(
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


def _outcome(outcome: str) -> str:
    if outcome not in Outcome.values:
        raise ValidationFailed({"outcome": _("Phải chọn kết quả: đúng, đúng một phần hoặc sai.")})
    return outcome


@transaction.atomic
def case_propose(*, case: Case, actor: Any, proposal: str, outcome: str, expected_version: int | None = None) -> Case:
    proposal = require_text(proposal, "proposal", _("Phải nhập báo cáo kết quả xác minh và đề xuất."))
    case, _unused = case_step(
        case=case,
        name="propose",
        actor=actor,
        expected_version=expected_version,
        changes={"proposal": proposal, "outcome": _outcome(outcome)},
    )
    approvers = list(users_with_role(unit=case.unit, roles=APPROVE_ROLES))
    # When the unit's own deciders are all conflicted with the case, whoever decides instead is told too.
    approvers += [u for u in case_deciders(case) if u not in approvers]
    case_notify(case=case, users=approvers, title="Có đề xuất kết quả chờ phê duyệt", event="propose")
    return case


@transaction.atomic
def case_approve(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    case, _unused = case_step(case=case, name="approve", actor=actor, expected_version=expected_version, reason=note)
    case_notify(case=case, users=[case.assignee], title="Đề xuất đã được phê duyệt", event="approve")
    return case


@transaction.atomic
def case_send_back(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    reason = require_text(reason, "reason", _("Phải nêu lý do trả lại."))
    case, _unused = case_step(
        case=case, name="send_back", actor=actor, expected_version=expected_version, reason=reason
    )
    case_notify(
        case=case, users=[case.assignee], title="Đề xuất bị trả lại để xác minh thêm", body=reason, event="send_back"
    )
    return case


def case_decision_check(*, case: Case, decision_text: str, outcome: str, deviation_reason: str = "") -> dict:
    """The rules of a decision (khiếu nại) or conclusion (tố cáo), checked before anything is asked or
    written: its text, an outcome, and a stated reason when the outcome departs from the proposal the
    leadership approved. Returns the fields the decision writes (its number is the register's, taken
    when it is issued)."""
    errors = {}
    if not (decision_text or "").strip():
        errors["decision_text"] = _("Phải nhập nội dung văn bản.")
    if outcome not in Outcome.values:
        errors["outcome"] = _("Phải chọn kết quả: đúng, đúng một phần hoặc sai.")
    elif decision_departs(case=case, outcome=outcome) and not (deviation_reason or "").strip():
        errors["deviation_reason"] = gettext(
            "Kết quả khác với đề xuất đã được phê duyệt (%(approved)s): phải nêu lý do."
        ) % {"approved": Outcome(case.outcome).label}
    if errors:
        raise ValidationFailed(errors)
    return {
        "decision_text": decision_text.strip(),
        "outcome": outcome,
        "decided_on": clock.today(),
    }


def decision_departs(*, case: Case, outcome: str) -> bool:
    """A decision departs from the approved proposal when it chooses another outcome."""
    return case.status == Status.APPROVED and case.outcome in Outcome.values and outcome != case.outcome


def _decision_step(
    *,
    case: Case,
    name: str,
    paper: str,
    actor: Any,
    decision_text: str,
    outcome: str,
    deviation_reason: str,
    expected_version: int | None,
) -> Case:
    """The decision is issued in the same transaction: its number is the next of the unit's
    outgoing register (sổ văn bản đi), never typed, and the step's audit event records it."""
    case = case_lock(case=case, expected_version=expected_version)
    if termination_due(case):
        # Withdrawn in whole: the resolution ends by a termination decision, not on the merits
        # (Luật Khiếu nại 2011 Đ.10; Luật Tố cáo 2018 Đ.33 khoản 1-2, Đ.34 khoản 3 điểm a).
        raise TransitionNotAllowed(
            gettext(
                "Người gửi đã rút toàn bộ đơn (ghi nhận ngày %(day)s): hồ sơ %(ref)s kết thúc bằng quyết định "
                "đình chỉ việc giải quyết, không ban hành quyết định giải quyết hay kết luận."
            )
            % {"day": f"{case.withdrawn_in_whole_on:%d/%m/%Y}", "ref": case.reference}
        )
    changes = case_decision_check(
        case=case, decision_text=decision_text, outcome=outcome, deviation_reason=deviation_reason
    )
    departs = decision_departs(case=case, outcome=outcome)
    case, _unused = case_step(
        case=case,
        name=name,
        actor=actor,
        locked=True,
        # A departure from the approved proposal keeps its stated reason in the trail.
        reason=(deviation_reason or "").strip() if departs else "",
        changes=changes,
        paper=paper,
    )
    deadline_close(target=case, step="resolve")
    if case.kind == Kind.COMPLAINT:
        # The decision goes to the complainant and the others the law names within 3 working days
        # (first round, Luật Khiếu nại 2011 Đ.32) or 7 (second round, Đ.41): "thông báo kết quả" stops it.
        deadline_start(case, "send_decision")
    elif case.kind == Kind.DENUNCIATION:
        # Luật Tố cáo 2018 Đ.35 khoản 3: the conclusion is sent at the latest 5 working days after it
        # is issued (stopped by case_conclusion_sent or "thông báo kết quả"); Đ.36 khoản 1: it is
        # handled at the latest 7 working days after it is issued (stopped by case_handle_conclusion).
        deadline_start(case, "send_conclusion")
        deadline_start(case, "handle_conclusion")
    return case


@transaction.atomic
def case_decide(
    *,
    case: Case,
    actor: Any,
    decision_text: str,
    outcome: str,
    deviation_reason: str = "",
    expected_version: int | None = None,
) -> Case:
    """Quyết định giải quyết khiếu nại: the resolution clock stops here."""
    return _decision_step(
        case=case,
        name="decide",
        paper="case.decision",
        actor=actor,
        decision_text=decision_text,
        outcome=outcome,
        deviation_reason=deviation_reason,
        expected_version=expected_version,
    )


@transaction.atomic
def case_conclude(
    *,
    case: Case,
    actor: Any,
    decision_text: str,
    outcome: str,
    deviation_reason: str = "",
    expected_version: int | None = None,
) -> Case:
    """Kết luận nội dung tố cáo: the resolution clock stops here."""
    return _decision_step(
        case=case,
        name="conclude",
        paper="case.conclusion",
        actor=actor,
        decision_text=decision_text,
        outcome=outcome,
        deviation_reason=deviation_reason,
        expected_version=expected_version,
    )


@transaction.atomic
def case_handle_conclusion(
    *,
    case: Case,
    actor: Any,
    note: str,
    discipline: str = "",
    flag_evidence: str = "",
    flag_category: str = "",
    expected_version: int | None = None,
) -> Case:
    """Xử lý kết luận nội dung tố cáo: may propose discipline and raise flags for inspection."""
    note = require_text(note, "note", _("Phải ghi nội dung xử lý kết luận."))
    if discipline not in {value for value, _label in DISCIPLINE_CHOICES}:
        raise ValidationFailed({"discipline": _("Hình thức kỷ luật không hợp lệ.")})
    case, _unused = case_step(
        case=case,
        name="handle_conclusion",
        actor=actor,
        expected_version=expected_version,
        reason=note,
        changes={"discipline_proposal": discipline},
    )
    deadline_close(target=case, step="handle_conclusion")
    if flag_evidence.strip():
        flag = flag_raise_from_case(
            case=case,
            unit=case.subject_unit or case.unit,
            evidence=flag_evidence.strip(),
            category=flag_category,
            person=case.subject_person,
        )
        case.flag_ref = f"inspections.flag:{flag.pk}"
        Case.objects.filter(pk=case.pk).update(flag_ref=case.flag_ref)
    return case


@transaction.atomic
def case_answer(*, case: Case, actor: Any, answer: str, expected_version: int | None = None) -> Case:
    """Trả lời kiến nghị, phản ánh."""
    answer = require_text(answer, "answer", _("Phải nhập nội dung trả lời."))
    case, _unused = case_step(
        case=case,
        name="answer",
        actor=actor,
        expected_version=expected_version,
        changes={"decision_text": answer, "decided_on": clock.today()},
    )
    deadline_close(target=case, step="resolve")
    return case


@transaction.atomic
def case_notify_result(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    case, _unused = case_step(
        case=case,
        name="notify_result",
        actor=actor,
        expected_version=expected_version,
        reason=note,
        changes={"notified_on": clock.today()},
    )
    if case.kind == Kind.COMPLAINT:
        deadline_close(target=case, step="send_decision")
    elif case.kind == Kind.DENUNCIATION:
        # Telling the parties the result sends the conclusion at the latest (Luật Tố cáo 2018 Đ.35 khoản 3).
        conclusion_sending_stop(case)
    return case


@transaction.atomic
def case_close(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đóng hồ sơ, lưu trữ. What is still to be sent to the parties is not sent by closing: those
    clocks run on (SENDING_STEPS), and recording each sending stays open on the closed case."""
    case, _unused = case_step(
        case=case,
        name="close",
        actor=actor,
        expected_version=expected_version,
        reason=note,
        changes={"closed_on": clock.today()},
    )
    # Closing is no sending: the clocks of what is still to be sent to the parties run on.
    deadline_close(target=case, except_steps=SENDING_STEPS)
    return case


@transaction.atomic
def case_suspend(*, case: Case, actor: Any, ground: str, reason: str = "", expected_version: int | None = None) -> Case:
    """Tạm đình chỉ, only on a ground the law lists (Luật 136/2025/QH15; Luật Tố cáo 2018 Đ.34 khoản 1):
    the resolution limit stops and the paused time is not counted in it. The suspension is a written decision, issued
    in the same transaction with the next number of the outgoing register (kept in the audit event);
    a denunciation's decision states its reason and is sent to the denouncer and the person
    denounced (Đ.34), a complaint's (Mẫu số 14a) to the parties within 03 working days (Nghị định
    124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP)."""
    if ground not in SuspensionGround.values:
        raise ValidationFailed({"ground": _("Căn cứ tạm đình chỉ: chọn một căn cứ pháp luật quy định.")})
    if case.kind == Kind.DENUNCIATION and ground not in DENUNCIATION_SUSPENSION_GROUNDS:
        raise ValidationFailed(
            {
                "ground": _(
                    "Căn cứ tạm đình chỉ: tố cáo chỉ được tạm đình chỉ khi cần đợi kết quả giải quyết của cơ quan, "
                    "tổ chức, cá nhân khác hoặc vụ việc khác có liên quan, hoặc đợi kết quả giám định bổ sung, "
                    "giám định lại (Luật Tố cáo 2018 Điều 34)."
                )
            }
        )
    reason = (reason or "").strip()
    with translation.override("vi"):  # the decision's text goes on a Vietnamese paper, whatever the page's language
        label = str(SuspensionGround(ground).label)
    text = f"{label}. {reason}".strip()
    case = case_lock(case=case, expected_version=expected_version)
    transition_check(case=case, name="suspend", actor=actor)  # the state and the right come first
    if ground == SuspensionGround.AWAIT_EXPERTISE and not expertise_awaiting(case).exists():
        # The case awaits a supplementary or repeated assessment only once one has been requested
        # (Luật Tố cáo 2018 Đ.34 khoản 1 điểm b; Nghị định 31/2019/NĐ-CP Đ.15, sửa đổi bởi Nghị định
        # 156/2026/NĐ-CP): a request still awaiting its conclusion is the ground's fact.
        raise ValidationFailed(
            {
                "ground": _(
                    "Căn cứ “Cần đợi kết quả giám định bổ sung, giám định lại”: hồ sơ chưa có văn bản trưng cầu "
                    "giám định nào đang chờ kết luận. Ghi việc trưng cầu giám định (thao tác “Trưng cầu giám "
                    "định”) trước khi tạm đình chỉ trên căn cứ này."
                )
            }
        )
    suspended_from = case.status
    case, before = case_step(
        case=case,
        name="suspend",
        actor=actor,
        locked=True,
        reason=text,
        changes={"suspended_from": suspended_from, "suspension_ground": ground, "suspension_reason": reason},
        paper="case.suspension",
        audit_after=_sent_to(case),
    )
    # Only the resolution limit stops: "thời gian tạm đình chỉ ... không tính vào thời hạn giải quyết tố
    # cáo" (Luật Tố cáo 2018 Đ.34 khoản 2), and for a complaint the resolution limit of Luật Khiếu nại
    # 2011 Đ.28, Đ.37 (Luật 136/2025/QH15). Every other clock runs on: the notices of acceptance
    # (Luật Tố cáo 2018 Đ.29), a transfer (Đ.24), and the sending of a decision, this one's from today
    # (Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP Đ.28b) as an earlier one's.
    deadline_pause(target=case, step="resolve")
    decision_sending_start(case, "suspension")
    case_notify(case=case, users=[case.assignee], title="Hồ sơ bị tạm đình chỉ", body=text, event="suspend")
    denounced_decision_notify(
        case=case,
        title=f"Quyết định tạm đình chỉ việc giải quyết tố cáo {_latest_number(case, 'case.suspension')}".strip(),
        body=f"Căn cứ tạm đình chỉ: {label}.",
        event="suspend-denounced",
    )
    return case


@transaction.atomic
def case_resume(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """Tiếp tục giải quyết once the ground of the suspension has ended; the paused time is not counted.
    A denunciation resumes by a written decision (Luật Tố cáo 2018 Đ.34: "ra ngay quyết định
    tiếp tục giải quyết tố cáo"), a complaint by the quyết định tiếp tục giải quyết khiếu nại (Mẫu số
    14b, Nghị định 124/2020/NĐ-CP Đ.28b khoản 2, bổ sung bởi Nghị định 155/2026/NĐ-CP), each issued in
    the same transaction with the next number of the outgoing register, stating its reason and sent to
    the parties; a complaint's within 03 working days, on its own clock. The complaint's resolution
    limit goes on from the day of that decision (Đ.28b khoản 2): the paused clock restarts today."""
    from casework.papers.context import case_paper_key

    reason = require_text(reason, "reason", _("Phải nêu lý do tiếp tục giải quyết."))
    written = case.kind in (Kind.DENUNCIATION, Kind.COMPLAINT)
    case, _unused = case_step(
        case=case,
        name="resume",
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        changes={"suspended_from": "", "suspension_ground": "", "resumption_reason": reason},
        paper=case_paper_key(case, "resumption") if written else "",
        audit_after=_sent_to(case),
    )
    # The clocks the suspension paused, and only those: no other step of a case is ever paused.
    deadline_resume(target=case)
    decision_sending_start(case, "resumption")
    case_notify(case=case, users=[case.assignee], title="Hồ sơ được tiếp tục giải quyết", event="resume")
    denounced_decision_notify(
        case=case,
        title=f"Quyết định tiếp tục giải quyết tố cáo {_latest_number(case, 'case.resumption')}".strip(),
        body="Việc giải quyết tố cáo được tiếp tục; thời gian tạm đình chỉ không tính vào thời hạn giải quyết.",
        event="resume-denounced",
    )
    return case


def _sent_to(case: Case) -> dict[str, list[str]]:
    """Whom a denunciation's or a complaint's decision on its course is sent to, for the step's audit
    event (Luật Tố cáo 2018 Đ.34; Nghị định 124/2020/NĐ-CP Đ.28b)."""
    if case.kind == Kind.DENUNCIATION:
        return {"sent_to": DENUNCIATION_DECISION_SENT_TO}
    if case.kind == Kind.COMPLAINT:
        return {"sent_to": DECISION_SENT_TO[Kind.COMPLAINT]}
    return {}


def _latest_number(case: Case, key: str) -> str:
    from casework.papers.selectors import paper_issued_for

    paper = paper_issued_for(target=case, key=key)
    return paper.symbol if paper else ""


def denunciation_extensions_allowed(case: Case) -> int:
    """Luật Tố cáo Đ.30: none for a plain denunciation, one if complex, two if especially complex."""
    if case.kind != Kind.DENUNCIATION:
        return 0
    if case.is_especially_complex:
        return 2
    return 1 if case.is_complex else 0


def _check_denunciation_cap(*, case: Case, new_due_on: dt.date, days: int, day_unit: str) -> None:
    """Each extension of a denunciation adds at most 30 days to the running limit (Luật Tố cáo Đ.30)."""
    running = (
        Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step="resolve")
        .exclude(status__in=[Deadline.Status.MET, Deadline.Status.CANCELLED])
        .order_by("-created_at")
        .first()
    )
    if running is None:
        return
    latest = WorkingCalendar.load().due_date(running.due_on, days, day_unit)
    if new_due_on <= running.due_on or new_due_on > latest:
        raise ValidationFailed(
            {
                "new_due_on": _(
                    "Hạn mới phải sau %(after)s và không muộn hơn %(latest)s (mỗi lần gia hạn tối đa %(days)s ngày)."
                )
                % {"after": f"{running.due_on:%d/%m/%Y}", "latest": f"{latest:%d/%m/%Y}", "days": days}
            }
        )


def _extension_refusal(case: Case, step: str) -> str:
    """Why the law gives this case no (further) extension of `step` ("" when it does)."""
    if case.kind == Kind.COMPLAINT:
        # Luật Khiếu nại Đ.28, 37: fixed longer limits (complexity, remote area), no extension.
        return _(
            "Khiếu nại không được gia hạn: thời hạn dài hơn chỉ do quyết định vụ việc phức tạp "
            "(Luật Khiếu nại Đ.28, Đ.37); thời gian tạm đình chỉ không tính."
        )
    if case.kind == Kind.DENUNCIATION and step != "resolve":
        # Luật Tố cáo 2018 extends only the resolution (Đ.30); initial processing goes from 7 to at
        # most 10 working days by its own rule (Đ.24, case_processing_extend); transfer (Đ.24),
        # the notices of acceptance (Đ.29), sending the conclusion (Đ.35) and the suspension and
        # termination decisions (Đ.34 khoản 4) have fixed limits.
        return _(
            "Thời hạn này của tố cáo do luật định và không được gia hạn (Luật Tố cáo 2018 Đ.24, Đ.29, Đ.34, "
            "Đ.35); chỉ thời hạn giải quyết tố cáo được gia hạn (Đ.30)."
        )
    if case.kind == Kind.DENUNCIATION:
        allowed = denunciation_extensions_allowed(case)
        if allowed == 0:
            return _(
                "Tố cáo không phức tạp không được gia hạn (Luật Tố cáo Đ.30): cần quyết định vụ việc phức tạp trước."
            )
        if case.extensions >= allowed:
            return gettext(
                "Tố cáo %(kind)s chỉ được gia hạn tối đa %(n)s lần, mỗi lần không quá 30 ngày (Luật Tố cáo Đ.30)."
            ) % {"kind": _("đặc biệt phức tạp") if case.is_especially_complex else _("phức tạp"), "n": allowed}
    return ""


def extension_step(case: Case, step: str | None = None) -> str:
    """The clock an extension moves: the one named (an escalation on a breached clock names its
    step); else before acceptance the acceptance limit, afterwards the resolution's."""
    return step or ("accept" if case.status == Status.RECEIVED else "resolve")


def case_extension_refusal(case: Case, *, step: str, decided_by_escalation: bool = False) -> str:
    """Why `case_extend` refuses to move `step` now ("" when it would): the one rule the case
    page, the leadership's decision form and the API read before offering an extension."""
    if case.status not in EXTENDABLE and not (step != "resolve" and decided_by_escalation):
        return gettext("Không thể gia hạn khi hồ sơ đang ở trạng thái “%(status)s”.") % {
            "status": case.get_status_display()
        }
    return _extension_refusal(case, step)


def case_may_extend(case: Case, user: Any) -> bool:
    """The page and the API offer an extension only where the law gives one."""
    return (
        case.status in EXTENDABLE
        and case.kind == Kind.DENUNCIATION
        and not _extension_refusal(case, "resolve")
        and can_lead(case, user)
    )


@transaction.atomic
def case_extend(
    *,
    case: Case,
    actor: Any,
    reason: str,
    new_due_on: dt.date | None = None,
    expected_version: int | None = None,
    decided_by_escalation: bool = False,
    step: str | None = None,
) -> Case:
    """Gia hạn giải quyết tố cáo, by a written decision of the competent leadership.

    Denunciations (Luật Tố cáo Đ.30): once if complex, twice if especially complex, at most 30
    days each; each extension is a written decision sent to the denouncer, the person denounced
    and the bodies concerned: it is issued in the same transaction (paper "case.extension") and
    its number is the next of the outgoing register, recorded in the audit event. Complaints are
    never extended, nor a denunciation's other statutory clocks (Đ.24, 29, 35). Petitions (no
    statute): through a leadership decision with a new due date, recorded without a paper of their own.
    """
    reason = require_text(reason, "reason", _("Phải nêu căn cứ gia hạn (quyết định của lãnh đạo)."))
    case = case_lock(case=case, expected_version=expected_version)
    if not decided_by_escalation and not can_lead(case, actor):
        raise TransitionNotAllowed(_("Chỉ Ban Thường vụ / Ban Chấp hành mới quyết định gia hạn."))
    decision_check(case=case, actor=actor, action=_("gia hạn"))
    step = extension_step(case, step)
    refusal = case_extension_refusal(case, step=step, decided_by_escalation=decided_by_escalation)
    if refusal:
        raise TransitionNotAllowed(refusal)
    if case.kind == Kind.DENUNCIATION and step == "resolve":
        rule = rule_get(version=case.policy_version, subject="denunciation", step="extend")
        if new_due_on is None:
            deadline = deadline_extend(target=case, step=step, days=rule.days)
        else:
            _check_denunciation_cap(case=case, new_due_on=new_due_on, days=rule.days, day_unit=rule.day_unit)
            deadline = deadline_extend(target=case, step=step, new_due_on=new_due_on)
    else:
        if new_due_on is None:
            raise ValidationFailed({"new_due_on": _("Phải nhập hạn mới.")})
        deadline = deadline_extend(target=case, step=step, new_due_on=new_due_on)
    case.extensions += 1
    case.extension_reason = reason
    case_save(case)
    recipients = DENUNCIATION_DECISION_SENT_TO if case.kind == Kind.DENUNCIATION else []
    decision_number = ""
    if case.kind == Kind.DENUNCIATION and step == "resolve":
        # Đ.30: each extension is a written decision, issued now from the data above and numbered
        # in the outgoing register.
        from casework.papers.services import paper_issue

        decision_number = paper_issue(target=case, key="case.extension", actor=actor).symbol
    audit_record(
        actor=actor,
        action="case.extend",
        target=case,
        unit=case.unit,
        before={"extensions": case.extensions - 1},
        after={
            "extensions": case.extensions,
            "step": step,
            "due_on": deadline.due_on.isoformat(),
            "decision_number": decision_number,
            "sent_to": recipients,
        },
        reason=reason,
    )
    title = f"Gia hạn giải quyết lần {case.extensions}, hạn mới {deadline.due_on:%d/%m/%Y}"
    case_notify(case=case, users=[case.assignee], title=title, event="extend")
    denounced_decision_notify(
        case=case,
        title=f"Quyết định gia hạn giải quyết tố cáo {decision_number}".strip(),
        body=f"Hạn giải quyết mới: {deadline.due_on:%d/%m/%Y}.",
        event=f"extend-denounced-{case.extensions}",
    )
    return case
