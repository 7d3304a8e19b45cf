"""Giải quyết: assignment, verification, proposal, approval, decision or conclusion, handling of a
conclusion, answer, notification, closure. The dialogue is in `dialogue`, the pause in `suspension`,
the extension in `extensions`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.decision_parts import PART_MAX_LENGTH, decision_draft, decision_parts, draft_field
from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import (
    Case,
    ConflictDeclaration,
    DisciplineForm,
    Kind,
    Outcome,
    Status,
)
from casework.cases.permissions import APPROVE_ROLES, case_deciders
from casework.cases.selectors import case_assignable_users, case_conflict_reason
from casework.cases.services.common import (
    case_lock,
    case_notify,
    case_step,
    deadline_start,
    require_text,
)
from casework.cases.services.dialogue import (
    dialogue_check_before_approval,
    dialogue_check_before_decision,
    dialogue_check_before_proposal,
)
from casework.cases.services.expertise import expertise_end_with_case
from casework.cases.services.explanation import explanation_check_before_proposal
from casework.cases.services.identity import case_text_masked
from casework.cases.services.procedures import close_refusal, conclude_refusal
from casework.cases.services.publicity import publication_clock_start
from casework.cases.services.sending import SENDING_STEPS, conclusion_sending_stop
from casework.cases.services.termination import termination_due
from casework.cases.services.verification import (
    found_right_check_before_proposal,
    verification_check_before_proposal,
)
from casework.org.selectors import users_with_role
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.models import Deadline
from workflows.services.deadlines import deadline_close

DISCIPLINE_CHOICES = [  # lazy: read by forms built in each reader's language
    ("", gettext_lazy("Không đề xuất kỷ luật")),
    *(
        (form.value, form.label)
        for form in (
            DisciplineForm.KHIEN_TRACH,
            DisciplineForm.CANH_CAO,
            DisciplineForm.CACH_CHUC,
            DisciplineForm.KHAI_TRU,
        )
    ),
]


@transaction.atomic
def case_assign(*, case: Case, actor: Any, assignee: Any, expected_version: int | None = None) -> Case:
    """Phân công one of those the case may be assigned to (`case_assignable_users`: the case officers and
    inspectors of the competent unit or a unit above it, the choices the assignment form offers), refusing
    anyone else and anyone with a conflict of interest."""
    if assignee is None:
        raise ValidationFailed({"assignee": _("Phải chọn cán bộ giải quyết.")})
    if not case_assignable_users(case=case).filter(pk=assignee.pk).exists():
        raise ValidationFailed(
            {
                "assignee": gettext(
                    "%(assignee)s không phải cán bộ giải quyết, kiểm tra viên của %(unit)s hoặc của công đoàn cấp trên."
                )
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
    case_notify(case=case, users=[assignee], title=gettext_lazy("Bạn được phân công giải quyết hồ sơ"), event="assign")
    if previous is not None and previous.pk != assignee.pk:
        case_notify(
            case=case, users=[previous], title=gettext_lazy("Hồ sơ đã được phân công cho người khác"), event="unassign"
        )
    return case


@transaction.atomic
def case_conflict_declare(*, case: Case, actor: Any, note: str) -> ConflictDeclaration:
    """Khai báo xung đột lợi ích: the declarer can no longer be assigned to this case."""
    note = require_text(note, "note", _("Phải nêu lý do xung đột lợi ích."))
    locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
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
                title=gettext_lazy("Cán bộ được phân công khai báo xung đột lợi ích"),
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


def _outcome(outcome: str) -> str:
    if outcome not in Outcome.values:
        raise ValidationFailed({"outcome": _("Phải chọn kết quả: đúng, đúng một phần hoặc sai.")})
    return outcome


def proposal_draft_check(*, case: Case, values: dict[str, str]) -> dict[str, str]:
    """The proposal's draft parts as stored (`Case.proposal_<part>`), each of the case's kind, trimmed:
    none is required, a longer one than a part may be is refused (ValidationFailed, nothing written)."""
    errors = {}
    drafts = {}
    for part in decision_parts(case.kind):
        text = str(values.get(part.field) or "").strip()
        if len(text) > PART_MAX_LENGTH:
            errors[part.field] = gettext("Tối đa %(limit)s ký tự.") % {"limit": PART_MAX_LENGTH}
        drafts[draft_field(part.field)] = text
    if errors:
        raise ValidationFailed(errors)
    return drafts


@transaction.atomic
def case_propose(
    *,
    case: Case,
    actor: Any,
    proposal: str,
    outcome: str,
    verification_result: str = "",
    legal_basis: str = "",
    decision_text: str = "",
    resolution_measures: str = "",
    policy_recommendations: str = "",
    compensation: str = "",
    expected_version: int | None = None,
) -> Case:
    """Báo cáo kết quả xác minh và đề xuất (Luật Tố cáo 2018 Đ.31 khoản 6; Luật Khiếu nại 2011 Đ.29 khoản 4,
    Đ.38): the report and the proposed outcome, and, optionally, the officer's draft of each part of the
    decision or conclusion (`decision_parts`), which the one who issues it starts from (`decision_draft`).
    A part drafted is checked for length only; the decision step requires the parts."""
    proposal = require_text(proposal, "proposal", _("Phải nhập báo cáo kết quả xác minh và đề xuất."))
    outcome = _outcome(outcome)
    drafts = proposal_draft_check(
        case=case,
        values={
            "verification_result": verification_result,
            "legal_basis": legal_basis,
            "decision_text": decision_text,
            "resolution_measures": resolution_measures,
            "policy_recommendations": policy_recommendations,
            "compensation": compensation,
        },
    )
    locked = case_lock(case=case, expected_version=expected_version)
    # A complaint found right on re-examination, with no verification, is proposed right (Luật Khiếu nại 2011
    # Đ.29 khoản 1 điểm a); another conclusion waits for the verification (điểm b), not for a dialogue.
    found_right_check_before_proposal(case=locked, outcome=outcome)
    # A second round, or a first whose result differs from the demands, has its dialogue first
    # (Luật Khiếu nại 2011 Đ.30 khoản 1, Đ.39; Nghị định 124/2020/NĐ-CP Đ.28 khoản 2).
    dialogue_check_before_proposal(case=locked, outcome=outcome, actor=actor)
    # A denunciation's person denounced is given the chance to explain first (Luật Tố cáo 2018 Đ.31 khoản 4).
    explanation_check_before_proposal(case=locked)
    # ... assigned in writing, and reported by one it names or the resolver verifying personally (Luật Tố
    # cáo 2018 Đ.31 khoản 1, 2, 6).
    verification_check_before_proposal(case=locked, actor=actor)
    # A proposal made again (after it was sent back) replaces the drafts; only what changes is in the trail.
    drafts = {field: text for field, text in drafts.items() if text or getattr(locked, field)}
    case, _unused = case_step(
        case=locked,
        name="propose",
        actor=actor,
        locked=True,
        changes={"proposal": proposal, "outcome": outcome, **drafts},
    )
    approvers = list(users_with_role(unit=case.unit, roles=APPROVE_ROLES))
    # When the unit's own deciders are all conflicted with the case, whoever decides instead is told too.
    approvers += [u for u in case_deciders(case) if u not in approvers]
    case_notify(case=case, users=approvers, title=gettext_lazy("Có đề xuất kết quả chờ phê duyệt"), event="propose")
    return case


@transaction.atomic
def case_approve(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    locked = case_lock(case=case, expected_version=expected_version)
    # A proposal made without the dialogue the law requires is not approved (Luật Khiếu nại 2011 Đ.30
    # khoản 1, Đ.39; Nghị định 124/2020/NĐ-CP Đ.28 khoản 2, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.11).
    dialogue_check_before_approval(case=locked, actor=actor)
    case, _unused = case_step(case=locked, name="approve", actor=actor, locked=True, reason=note)
    case_notify(case=case, users=[case.assignee], title=gettext_lazy("Đề xuất đã được phê duyệt"), event="approve")
    return case


@transaction.atomic
def case_send_back(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    reason = require_text(reason, "reason", _("Phải nêu lý do trả lại."))
    case, _unused = case_step(
        case=case, name="send_back", actor=actor, expected_version=expected_version, reason=reason
    )
    case_notify(
        case=case,
        users=[case.assignee],
        title=gettext_lazy("Đề xuất bị trả lại để xác minh thêm"),
        body=reason,
        event="send_back",
    )
    return case


@transaction.atomic
def case_reopen_verification(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """Thu hồi phê duyệt, trả lại để xác minh thêm: the approver (the right of `send_back`) takes back an
    approval not yet followed by the decision or conclusion, with a reason: a complaint approved without
    the dialogue the law requires (Luật Khiếu nại 2011 Đ.30 khoản 1, Đ.39) goes back to verification, where
    it is recorded, then proposed and approved again. The clocks run on as after `send_back`: the
    resolution limit counts from the acceptance (Đ.28, Đ.37), it neither stops nor starts again here."""
    reason = require_text(reason, "reason", _("Phải nêu lý do thu hồi phê duyệt, trả lại để xác minh thêm."))
    case, _unused = case_step(
        case=case, name="reopen_verification", actor=actor, expected_version=expected_version, reason=reason
    )
    case_notify(
        case=case,
        users=[case.assignee],
        title=gettext_lazy("Phê duyệt đã được thu hồi, hồ sơ trả lại để xác minh thêm"),
        body=reason,
        event="reopen_verification",
    )
    return case


def case_decision_check(
    *,
    case: Case,
    decision_text: str,
    outcome: str,
    deviation_reason: str = "",
    verification_result: str = "",
    legal_basis: str = "",
    resolution_measures: str = "",
    policy_recommendations: str = "",
    compensation: str = "",
) -> dict:
    """The rules of a decision (khiếu nại) or conclusion (tố cáo), checked before anything is asked or
    written: each part the law requires (`decision_parts`: Luật Tố cáo 2018 Đ.35 khoản 2; Luật Khiếu nại
    2011 Đ.31 khoản 2, Đ.40 khoản 2), `decision_text` being the conclusion on the content, an outcome, and
    a stated reason when the outcome departs from the proposal the leadership approved. Returns the fields
    the decision writes (its number is the register's, taken when it is issued)."""
    values = {
        "verification_result": verification_result,
        "legal_basis": legal_basis,
        "decision_text": decision_text,
        "resolution_measures": resolution_measures,
        "policy_recommendations": policy_recommendations,
        "compensation": compensation,
    }
    errors = {}
    written: dict[str, Any] = {}
    for part in decision_parts(case.kind):
        text = str(values.get(part.field) or "").strip()
        if part.required and not text:
            errors[part.field] = gettext("Phải nhập phần “%(part)s”.") % {"part": part.label}
        elif len(text) > PART_MAX_LENGTH:
            errors[part.field] = gettext("Tối đa %(limit)s ký tự.") % {"limit": PART_MAX_LENGTH}
        written[part.field] = text
    if outcome not in Outcome.values:
        errors["outcome"] = _("Phải chọn kết quả: đúng, đúng một phần hoặc sai.")
    elif decision_departs(case=case, outcome=outcome) and not (deviation_reason or "").strip():
        errors["deviation_reason"] = gettext(
            "Kết quả khác với đề xuất đã được phê duyệt (%(approved)s): phải nêu lý do."
        ) % {"approved": Outcome(case.outcome).label}
    if errors:
        raise ValidationFailed(errors)
    return {**written, "outcome": outcome, "decided_on": clock.today()}


def decision_departs(*, case: Case, outcome: str) -> bool:
    """A decision departs from the approved proposal when it chooses another outcome."""
    return case.status == Status.APPROVED and case.outcome in Outcome.values and outcome != case.outcome


def _decision_step(
    *,
    case: Case,
    name: str,
    paper: str,
    actor: Any,
    decision_text: str | None,
    outcome: str,
    deviation_reason: str,
    parts: dict,
    expected_version: int | None,
) -> Case:
    """The decision is issued in the same transaction: its number is the next of the unit's
    outgoing register (sổ văn bản đi), never typed, and the step's audit event records it. A part
    left None is taken from the approved proposal's draft (`decision_draft`), read under the lock."""
    case = case_lock(case=case, expected_version=expected_version)
    drafted = decision_draft(case)
    if decision_text is None:
        decision_text = drafted.get("decision_text", "")
    parts = {field: drafted.get(field, "") if text is None else text for field, text in parts.items()}
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
    # A complaint approved without the dialogue the law requires before its result is not decided: the
    # approver takes the approval back (Luật Khiếu nại 2011 Đ.30 khoản 1, Đ.39; Nghị định 124/2020/NĐ-CP
    # Đ.28, sửa đổi bởi Nghị định 155/2026/NĐ-CP).
    dialogue_check_before_decision(case=case, outcome=outcome, actor=actor)
    # A denunciation is not concluded before the person denounced was told its content and could explain
    # (Luật Tố cáo 2018 Đ.29 khoản 3, Đ.10 khoản 1 điểm a, b, Đ.35 khoản 1).
    refusal = conclude_refusal(case)
    if refusal:
        raise TransitionNotAllowed(refusal)
    changes = case_decision_check(
        case=case, decision_text=decision_text, outcome=outcome, deviation_reason=deviation_reason, **parts
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
        # Đ.41 khoản 2, 3: a second-round decision is published within 15 days (stopped by case_decision_publish).
        publication_clock_start(case)
    elif case.kind == Kind.DENUNCIATION:
        # Luật Tố cáo 2018 Đ.35 khoản 3: the conclusion is sent at the latest 5 working days after it
        # is issued (stopped by case_conclusion_sent or "thông báo kết quả"); Đ.36 khoản 1: it is
        # handled at the latest 7 working days after it is issued (stopped by case_handle_conclusion).
        deadline_start(case, "send_conclusion")
        deadline_start(case, "handle_conclusion")
        # Đ.40 khoản 1: it is published within 07 working days (stopped by case_conclusion_publish).
        publication_clock_start(case)
    return case


@transaction.atomic
def case_decide(
    *,
    case: Case,
    actor: Any,
    decision_text: str | None,
    outcome: str,
    deviation_reason: str = "",
    verification_result: str | None = "",
    legal_basis: str | None = "",
    resolution_measures: str | None = "",
    policy_recommendations: str | None = "",
    compensation: str | None = "",
    expected_version: int | None = None,
) -> Case:
    """Quyết định giải quyết khiếu nại: the resolution clock stops here. A part given as None is the
    approved proposal's draft of it (`decision_draft`)."""
    return _decision_step(
        case=case,
        name="decide",
        paper="case.decision",
        actor=actor,
        decision_text=decision_text,
        outcome=outcome,
        deviation_reason=deviation_reason,
        parts={
            "verification_result": verification_result,
            "legal_basis": legal_basis,
            "resolution_measures": resolution_measures,
            "policy_recommendations": policy_recommendations,
            "compensation": compensation,
        },
        expected_version=expected_version,
    )


@transaction.atomic
def case_conclude(
    *,
    case: Case,
    actor: Any,
    decision_text: str | None,
    outcome: str,
    deviation_reason: str = "",
    verification_result: str | None = "",
    legal_basis: str | None = "",
    resolution_measures: str | None = "",
    policy_recommendations: str | None = "",
    compensation: str | None = "",
    expected_version: int | None = None,
) -> Case:
    """Kết luận nội dung tố cáo: the resolution clock stops here. Refused while the notice of acceptance
    to the person denounced is owed (`conclude_refusal`, Luật Tố cáo 2018 Đ.29 khoản 3, Đ.35 khoản 1). A
    part given as None is the approved proposal's draft of it (`decision_draft`)."""
    return _decision_step(
        case=case,
        name="conclude",
        paper="case.conclusion",
        actor=actor,
        decision_text=decision_text,
        outcome=outcome,
        deviation_reason=deviation_reason,
        parts={
            "verification_result": verification_result,
            "legal_basis": legal_basis,
            "resolution_measures": resolution_measures,
            "policy_recommendations": policy_recommendations,
            "compensation": compensation,
        },
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
        # Telling the complainant the result is sending them the decision (Luật Khiếu nại 2011 Đ.32,
        # Đ.41 khoản 1): its clock stops here, met on this day, late if it had run out.
        deadline_close(target=case, step="send_decision")
    elif case.kind == Kind.DENUNCIATION:
        # Telling the parties the result sends the conclusion at the latest (Luật Tố cáo 2018 Đ.35 khoản 3).
        conclusion_sending_stop(case)
    return case


@transaction.atomic
def case_close(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đóng hồ sơ, lưu trữ. What is still to be sent to the parties is not sent by closing: those
    clocks run on (SENDING_STEPS), and recording each sending stays open on the closed case.

    A complaint is closed only after its decision was sent: `close` starts from NOTIFIED, which only
    `case_notify_result` reaches, recording the sending and stopping the send_decision clock (Luật
    Khiếu nại 2011 Đ.32: within 03 working days; Đ.41 khoản 1: 07 days for the second round). The law
    leaves no file to close before that: the file keeps the decision (Đ.34 khoản 1 điểm đ), and the
    complainant's 30 days to complain again or to sue run from receiving it (Đ.33 khoản 1).

    A denunciation is closed only after the notice of acceptance to the person denounced was sent
    (`close_refusal`, Luật Tố cáo 2018 Đ.29 khoản 3)."""
    case = case_lock(case=case, expected_version=expected_version)
    refusal = close_refusal(case)
    if refusal:
        raise TransitionNotAllowed(refusal)
    case, _unused = case_step(
        case=case,
        name="close",
        actor=actor,
        locked=True,
        reason=note,
        changes={"closed_on": clock.today()},
    )
    expertise_end_with_case(case=case, actor=actor)  # a conclusion still awaited is not met by closing
    # Closing is no sending: the clocks of what is still to be sent to the parties run on.
    deadline_close(target=case, except_steps=SENDING_STEPS)
    return case
