"""Procedures the law attaches to the clocks of a denunciation's intake: initial processing and
transfer (Luật Tố cáo 2018 Đ.24) and the notice of acceptance to the person denounced (Đ.29); and the
procedural actions a user may take on a case. The sending of the conclusion and of the decisions on a
case's course is in `sending`, the complexity decision in `complexity`, termination in `termination`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import (
    Case,
    Kind,
    Status,
)
from casework.cases.permissions import can_decide, can_triage, can_work
from casework.cases.selectors import case_steps_awaited
from casework.cases.services.common import (
    case_lock,
    case_notify_party,
    case_save,
    deadline_running,
    deadline_running_version,
    deadline_start,
    require_text,
)
from casework.cases.services.complexity import COMPLEXITY_OPEN
from casework.cases.services.publicity import (
    discipline_publication_may_record,
    publication_action,
    publication_close_refusal,
    publication_end_may_record,
    publication_may_record,
)
from casework.cases.services.sending import (
    DECISION_SENDING_STEPS,
    conclusion_sending_pending,
    decision_sending_pending,
    transferrer_notice_pending,
)
from core.errors import TransitionNotAllowed
from workflows.models import DeadlineRule
from workflows.services import deadline_close, deadline_relimit, rule_get

# ---- Luật Tố cáo Đ.24: initial processing and transfer -----------------------------------------


def processing_extension_possible(case: Case) -> bool:
    return (
        case.kind == Kind.DENUNCIATION
        and case.status == Status.RECEIVED
        and not case.processing_extension_reason
        and deadline_running(case, "accept")
    )


@transaction.atomic
def case_processing_extend(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """Initial processing of a denunciation: 7 working days, up to 10 when the information must be checked
    at several places or the check delegated to a competent body; the reason is recorded (Luật Tố cáo 2018
    Đ.24 khoản 1). Checking the denouncer's identity is part of the 7 days, not a ground for the 10."""
    reason = require_text(
        reason,
        "reason",
        _(
            "Lý do: nêu cần kiểm tra, xác minh tại nhiều địa điểm hoặc phải ủy quyền cho cơ quan, tổ chức có "
            "thẩm quyền kiểm tra, xác minh (Luật Tố cáo 2018 Đ.24 khoản 1)."
        ),
    )
    locked = case_lock(case=case, expected_version=expected_version)
    if not can_triage(locked, actor):
        raise TransitionNotAllowed(_("Chỉ người tiếp nhận, xử lý đơn được kéo dài thời hạn xử lý ban đầu."))
    if not processing_extension_possible(locked):
        raise TransitionNotAllowed(
            _("Chỉ tố cáo đang chờ xử lý ban đầu, chưa kéo dài lần nào, mới được kéo dài đến 10 ngày làm việc.")
        )
    # The complex row of the version the clock runs under: the clock names the row that sets its days.
    rule = rule_get(
        version=deadline_running_version(locked, "accept"),
        subject="denunciation",
        step="accept",
        variant=DeadlineRule.Variant.COMPLEX,
    )
    deadline = deadline_relimit(target=locked, step="accept", rule=rule)
    locked.processing_extension_reason = reason[:255]
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.processing_extend",
        target=locked,
        unit=locked.unit,
        after={"days": rule.days, "due_on": deadline.due_on.isoformat(), "source": rule.source},
        reason=reason,
    )
    return locked


def outside_competence_possible(case: Case) -> bool:
    return case.kind == Kind.DENUNCIATION and case.status == Status.RECEIVED and not deadline_running(case, "transfer")


@transaction.atomic
def case_outside_competence(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """A denunciation outside the union's competence: it must be transferred within 5 working
    days of receipt, on its own clock, and the denouncer told (Luật Tố cáo Đ.24)."""
    reason = require_text(
        reason, "reason", _("Lý do: nêu vì sao tố cáo không thuộc thẩm quyền và cơ quan nào có thẩm quyền.")
    )
    locked = case_lock(case=case, expected_version=expected_version)
    if not can_triage(locked, actor):
        raise TransitionNotAllowed(_("Chỉ người tiếp nhận, xử lý đơn được xác định tố cáo không thuộc thẩm quyền."))
    if not outside_competence_possible(locked):
        raise TransitionNotAllowed(_("Chỉ tố cáo đang chờ xử lý ban đầu mới có thể xác định không thuộc thẩm quyền."))
    deadline_close(target=locked, step="accept", cancelled=True)
    deadline_start(locked, "transfer", start=locked.received_on)
    locked.triage_note = reason
    case_save(locked)
    audit_record(actor=actor, action="case.outside_competence", target=locked, unit=locked.unit, reason=reason)
    return locked


# ---- Luật Tố cáo Đ.29: notice of acceptance to the person denounced -----------------------------


def denounced_notice_pending(case: Case) -> bool:
    return case.kind == Kind.DENUNCIATION and "notify_denounced" in case_steps_awaited(case=case)


def close_refusal(case: Case) -> str:
    """Why a denunciation's file may not be closed yet ("" when it may): the notice of acceptance to the
    person denounced is still owed. It must reach them within 5 working days of the acceptance (Luật Tố
    cáo 2018 Đ.29 khoản 3): it is how they learn the content of the denunciation they have the right to
    be told of and to answer (Đ.10 khoản 1 điểm a, b), and the conclusion rests on their explanation
    (Đ.35 khoản 1). A file closed without it would leave the notice owed on a case no one works any
    more. Nor is it closed while the publication of its conclusion or of a discipline decision on it is owed
    (`publication_close_refusal`, Đ.40).
    The case page's notice, `case_actions` and the service's refusal read this one rule."""
    if case.kind == Kind.COMPLAINT:
        # A second-round complaint's decision is published first (Luật Khiếu nại 2011 Đ.41).
        return publication_close_refusal(case)
    if case.kind != Kind.DENUNCIATION or case.status != Status.NOTIFIED:
        return ""
    if not denounced_notice_pending(case):
        return publication_close_refusal(case)
    return gettext(
        "Chưa thể đóng hồ sơ %(reference)s: chưa ghi nhận việc gửi thông báo thụ lý tố cáo cho người bị tố cáo "
        "(Luật Tố cáo 2018 Điều 29 khoản 3). Gửi thông báo và ghi nhận trước khi đóng hồ sơ."
    ) % {"reference": case.reference}


def conclude_refusal(case: Case) -> str:
    """Why a denunciation may not be concluded yet ("" when it may): the notice of acceptance to the
    person denounced is still owed (Luật Tố cáo 2018 Đ.29 khoản 3). Through it they are told the content
    of the denunciation (Đ.10 khoản 1 điểm a), which they have the right to explain and to answer with
    evidence (Đ.10 khoản 1 điểm b; Đ.31 khoản 4: the verifier lets them explain), and the conclusion is
    issued on their explanation (Đ.35 khoản 1). A conclusion issued before they were told would rest
    on an explanation they had no occasion to give. The case page's notice, `case_actions` and the
    service's refusal read this one rule."""
    if case.kind != Kind.DENUNCIATION or case.status != Status.APPROVED or not denounced_notice_pending(case):
        return ""
    return gettext(
        "Chưa thể ban hành kết luận nội dung tố cáo của hồ sơ %(reference)s: chưa ghi nhận việc gửi thông báo thụ "
        "lý tố cáo cho người bị tố cáo (Luật Tố cáo 2018 Điều 29 khoản 3). Người bị tố cáo có quyền được thông "
        "báo về nội dung tố cáo và giải trình trước khi có kết luận (Điều 10 khoản 1 điểm a, b; Điều 35 khoản "
        "1). Gửi thông báo và ghi nhận trước khi ban hành kết luận."
    ) % {"reference": case.reference}


@transaction.atomic
def case_denounced_notice_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Thông báo thụ lý tố cáo cho người bị tố cáo (Đ.29): the content of the denunciation and
    the acceptance, never who made it. Stops its 5-working-day clock."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_triage(locked, actor) or can_work(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận thông báo thụ lý hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not denounced_notice_pending(locked):
        raise TransitionNotAllowed(
            gettext("Hồ sơ %(reference)s không có thông báo cho người bị tố cáo nào đang chờ gửi.")
            % {"reference": locked.reference}
        )
    deadline_close(target=locked, step="notify_denounced")
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.denounced_notice",
        target=locked,
        unit=locked.unit,
        after={"recipient": "người bị tố cáo"},
        reason=note,
    )
    if locked.subject_user_id:
        case_notify_party(
            case=locked,
            user=locked.subject_user,
            title=gettext_lazy("Thông báo về việc thụ lý tố cáo"),
            body=lambda: (
                gettext("Đơn vị %(unit)s đã thụ lý giải quyết tố cáo có nội dung liên quan đến ông/bà: %(title)s.")
                % {"unit": locked.unit.name, "title": locked.title}
            ),
            event="denounced-notice",
        )
    return locked


def procedure_actions(case: Case, user: Any) -> list[str]:
    """The procedural actions (beyond the state machine's transitions) this user may take now."""
    names = []
    if processing_extension_possible(case) and can_triage(case, user):
        names.append("processing_extend")
    if outside_competence_possible(case) and can_triage(case, user):
        names.append("outside_competence")
    if denounced_notice_pending(case) and (can_triage(case, user) or can_work(case, user)):
        names.append("denounced_notice")
    if conclusion_sending_pending(case) and (can_triage(case, user) or can_work(case, user)):
        names.append("conclusion_sent")
    if transferrer_notice_pending(case) and (can_triage(case, user) or can_work(case, user)):
        names.append("transferrer_notice")
    if publication_may_record(case, user):
        names.append(publication_action(case))
    if discipline_publication_may_record(case, user):
        names.append("discipline_publish")
    if publication_end_may_record(case, user):
        names.append("publication_end")
    for decision in DECISION_SENDING_STEPS:
        if decision_sending_pending(case, decision) and (can_triage(case, user) or can_work(case, user)):
            names.append(f"{decision}_sent")
    if case.kind != Kind.PETITION and case.status in COMPLEXITY_OPEN and can_decide(case, user):
        names.append("complexity")
    return names
