"""Procedures the law attaches to the clocks: initial processing and transfer of a denunciation
(Luật Tố cáo 2018 Đ.24), notices of acceptance (Đ.29), sending the conclusion (Đ.35) and the
decisions on a case's course (Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP Đ.28b), the decision on
complexity (Luật Khiếu nại 2011 Đ.28, 37; Nghị định 124/2020/NĐ-CP Đ.3a; Luật Tố cáo Đ.30), and
termination (đình chỉ)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import (
    COMMUNE_COMMITTEE_GROUNDS,
    COMPLEXITY_GROUND_POINTS,
    TERMINABLE,
    Case,
    ComplexityGround,
    Kind,
    Status,
    TerminationGround,
)
from casework.cases.permissions import can_decide, can_triage, can_work
from casework.cases.services.common import (
    DENUNCIATION_DECISION_SENT_TO,
    case_lock,
    case_notify,
    case_notify_party,
    case_save,
    case_step,
    deadline_start,
    decision_check,
    denounced_decision_notify,
    require_text,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.models import Deadline, DeadlineRule
from workflows.services import deadline_close, deadline_relimit, rule_get


def _running_step(case: Case, step: str) -> bool:
    return Deadline.objects.filter(
        target_type="cases.case",
        target_id=str(case.pk),
        step=step,
        status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED, Deadline.Status.BREACHED],
    ).exists()


# ---- Luật Tố cáo Đ.24: initial processing and transfer -----------------------------------------


def processing_extension_possible(case: Case) -> bool:
    return (
        case.kind == Kind.DENUNCIATION
        and case.status == Status.RECEIVED
        and not case.processing_extension_reason
        and _running_step(case, "accept")
    )


@transaction.atomic
def case_processing_extend(*, case: Case, actor: Any, reason: str, expected_version: int | None = None) -> Case:
    """Initial processing of a denunciation: 7 working days, up to 10 when the denouncer's
    identity must be checked or several places are involved; the reason is recorded (Đ.24)."""
    reason = require_text(
        reason, "reason", _("Lý do: nêu cần xác minh danh tính người tố cáo hoặc phải kiểm tra nhiều địa điểm.")
    )
    locked = case_lock(case=case, expected_version=expected_version)
    if not can_triage(locked, actor):
        raise TransitionNotAllowed(_("Chỉ người tiếp nhận, xử lý đơn được kéo dài thời hạn xử lý ban đầu."))
    if not processing_extension_possible(locked):
        raise TransitionNotAllowed(
            _("Chỉ tố cáo đang chờ xử lý ban đầu, chưa kéo dài lần nào, mới được kéo dài đến 10 ngày làm việc.")
        )
    rule = rule_get(
        version=locked.policy_version, subject="denunciation", step="accept", variant=DeadlineRule.Variant.COMPLEX
    )
    deadline = deadline_relimit(target=locked, step="accept", days=rule.days)
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
    return case.kind == Kind.DENUNCIATION and case.status == Status.RECEIVED and not _running_step(case, "transfer")


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
    return (
        case.kind == Kind.DENUNCIATION
        and Deadline.objects.filter(
            target_type="cases.case",
            target_id=str(case.pk),
            step="notify_denounced",
            status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED],
        ).exists()
    )


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
    Deadline.objects.filter(
        target_type="cases.case", target_id=str(locked.pk), step="notify_denounced", status=Deadline.Status.BREACHED
    ).update(status=Deadline.Status.MET, closed_at=clock.now())
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
            title=_("Thông báo về việc thụ lý tố cáo"),
            body=gettext("Đơn vị %(unit)s đã thụ lý giải quyết tố cáo có nội dung liên quan đến ông/bà: %(title)s.")
            % {"unit": locked.unit.name, "title": locked.title},
            event="denounced-notice",
        )
    return locked


# ---- Luật Tố cáo Đ.35 khoản 3: the conclusion is sent -------------------------------------------------

# Whom the conclusion goes to (Đ.35 khoản 3): sent to the first three, the denouncer is told of it.
CONCLUSION_SENT_TO = [
    "người bị tố cáo",
    "cơ quan, tổ chức quản lý người bị tố cáo",
    "cơ quan, tổ chức, cá nhân có liên quan",
    "người tố cáo (thông báo về kết luận)",
]


def conclusion_sending_pending(case: Case) -> bool:
    return (
        case.kind == Kind.DENUNCIATION
        and Deadline.objects.filter(
            target_type="cases.case",
            target_id=str(case.pk),
            step="send_conclusion",
            status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED],
        ).exists()
    )


def conclusion_sending_stop(case: Case) -> None:
    """The conclusion has gone out: its 5-working-day clock stops, also when it had run out."""
    Deadline.objects.filter(
        target_type="cases.case", target_id=str(case.pk), step="send_conclusion", status=Deadline.Status.BREACHED
    ).update(status=Deadline.Status.MET, closed_at=clock.now())
    deadline_close(target=case, step="send_conclusion")


@transaction.atomic
def case_conclusion_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi kết luận nội dung tố cáo: at the latest 5 working days after it was issued, to the
    person denounced, the body that manages them and those concerned, and the denouncer told of it
    (Luật Tố cáo 2018 Đ.35 khoản 3). Stops that clock; the handling of the conclusion (Đ.36) goes on
    on its own."""
    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_triage(locked, actor) or can_work(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc gửi kết luận của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not conclusion_sending_pending(locked):
        raise TransitionNotAllowed(
            gettext("Hồ sơ %(reference)s không có kết luận nội dung tố cáo nào đang chờ gửi.")
            % {"reference": locked.reference}
        )
    conclusion_sending_stop(locked)
    case_save(locked)
    audit_record(
        actor=actor,
        action="case.conclusion_sent",
        target=locked,
        unit=locked.unit,
        after={"decision_number": locked.decision_number, "sent_to": CONCLUSION_SENT_TO},
        reason=note,
    )
    if locked.subject_user_id:
        case_notify_party(
            case=locked,
            user=locked.subject_user,
            title=f"Kết luận nội dung tố cáo {locked.decision_number}".strip(),
            body=gettext(
                "Đơn vị %(unit)s đã ban hành kết luận nội dung tố cáo có nội dung liên quan đến ông/bà: %(title)s."
            )
            % {"unit": locked.unit.name, "title": locked.title},
            event="conclusion-sent",
        )
    return locked


# ---- the decisions on a case's course are sent ----------------------------------------------------
# A denunciation's suspension and termination decisions: "Quyết định tạm đình chỉ, đình chỉ việc giải
# quyết tố cáo ... gửi đến người tố cáo, người bị tố cáo trong thời hạn 05 ngày làm việc kể từ ngày ra
# quyết định" (Luật Tố cáo 2018 Đ.34 khoản 4). A complaint's suspension and termination decisions
# (Mẫu số 14a) and its resumption decision (Mẫu số 14b): sent to the complainant, their representative,
# the person complained about and those with related rights and duties within 03 working days of
# issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, 2, bổ sung bởi Nghị định 155/2026/NĐ-CP).
# One clock per decision, started with it; the days are the policy's rules of the case's subject.
DECISION_SENDING_STEPS = {
    "suspension": "send_suspension",
    "termination": "send_termination",
    "resumption": "send_resumption",
}
# The decisions each kind of letter must send on a clock of their own.
SENT_DECISIONS: dict[str, tuple[str, ...]] = {
    Kind.DENUNCIATION: ("suspension", "termination"),
    Kind.COMPLAINT: ("suspension", "termination", "resumption"),
}
# These clocks run whatever happens to the resolution: a suspension does not pause them, a
# termination does not cancel the sending of an earlier suspension or resumption decision.
DECISION_SENDING_CLOCKS = tuple(DECISION_SENDING_STEPS.values())
# What closing the file does not do: send the notices of acceptance (Luật Tố cáo 2018 Đ.29), the
# conclusion (Đ.35 khoản 3) or a decision on the case's course (Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP
# Đ.28b). Their clocks run on after the case is closed, each stopped by recording its sending,
# offered on the closed case. (The handling of the conclusion, Đ.36, is done before the result is
# notified, hence before closing.)
SENDING_STEPS = ("notify_accept", "notify_denounced", "send_conclusion", *DECISION_SENDING_CLOCKS)
DECISION_SENT_TO: dict[str, list[str]] = {
    Kind.DENUNCIATION: ["người tố cáo", "người bị tố cáo"],
    Kind.COMPLAINT: [
        "người khiếu nại",
        "người đại diện người khiếu nại",
        "người bị khiếu nại",
        "người có quyền, nghĩa vụ liên quan",
    ],
}


def commune_committee_recipient(*, kind: str, ground: str, committee: str) -> str:
    """The People's Committee of the commune a complaint's termination decision is sent to on a ground
    of điểm b khoản 2 Điều 11a Luật Khiếu nại, with where the law places it (Nghị định 124/2020/NĐ-CP
    Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP); "" on any other ground."""
    where = COMMUNE_COMMITTEE_GROUNDS.get(TerminationGround(ground)) if ground in TerminationGround.values else None
    if kind != Kind.COMPLAINT or where is None or not committee.strip():
        return ""
    return f"{committee.strip()} ({where})"


def termination_sent_to(*, kind: str, ground: str, committee: str) -> list[str]:
    """Whom a termination decision is sent to. A complaint ended because the complainant died with no
    heir, or the complaining body ended with no successor (điểm b khoản 2 Điều 11a Luật Khiếu nại), has
    nobody left to receive it as complainant: the decision goes to the commune's People's Committee in
    the complainant's place (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định
    155/2026/NĐ-CP), and to the other parties."""
    parties = DECISION_SENT_TO[kind]
    recipient = commune_committee_recipient(kind=kind, ground=ground, committee=committee)
    if recipient:
        return [f"Ủy ban nhân dân cấp xã: {recipient}", *parties[1:]]
    return list(parties)


def decision_sent_to(case: Case, decision: str) -> list[str]:
    """Whom a decision on the case's course is sent to, as its sending's audit event records it."""
    if decision == "termination":
        return termination_sent_to(
            kind=case.kind, ground=case.termination_ground, committee=case.termination_commune_committee
        )
    return list(DECISION_SENT_TO[case.kind])


def decision_sending_start(case: Case, decision: str) -> None:
    """A suspension, termination or resumption decision was issued today: its sending clock starts
    where the law gives the case's kind one. A step runs one clock at a time: a second suspension
    decided while the first is still unsent is covered by the first one's earlier limit, and
    recording the sending stops it for both."""
    if decision in SENT_DECISIONS.get(case.kind, ()) and not _running_step(case, DECISION_SENDING_STEPS[decision]):
        deadline_start(case, DECISION_SENDING_STEPS[decision])


def decision_sending_pending(case: Case, decision: str) -> bool:
    return (
        decision in SENT_DECISIONS.get(case.kind, ())
        and Deadline.objects.filter(
            target_type="cases.case",
            target_id=str(case.pk),
            step=DECISION_SENDING_STEPS[decision],
            status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED],
        ).exists()
    )


def _nothing_to_send(case: Case, decision: str) -> str:
    if decision == "suspension":
        return gettext("Hồ sơ %(reference)s không có quyết định tạm đình chỉ nào đang chờ gửi.") % {
            "reference": case.reference
        }
    if decision == "termination":
        return gettext("Hồ sơ %(reference)s không có quyết định đình chỉ nào đang chờ gửi.") % {
            "reference": case.reference
        }
    return gettext("Hồ sơ %(reference)s không có quyết định tiếp tục giải quyết nào đang chờ gửi.") % {
        "reference": case.reference
    }


def _decision_sent(*, case: Case, actor: Any, decision: str, note: str, expected_version: int | None) -> Case:
    from casework.papers.context import case_paper_key
    from casework.papers.selectors import paper_issued_for

    locked = case_lock(case=case, expected_version=expected_version)
    if not (can_triage(locked, actor) or can_work(locked, actor)):
        raise TransitionNotAllowed(
            gettext("Bạn không có quyền ghi nhận việc gửi quyết định của hồ sơ %(reference)s.")
            % {"reference": locked.reference}
        )
    if not decision_sending_pending(locked, decision):
        raise TransitionNotAllowed(_nothing_to_send(locked, decision))
    step = DECISION_SENDING_STEPS[decision]
    # Sent: the clock stops, also when it had run out (every decision of this kind pending is sent).
    Deadline.objects.filter(
        target_type="cases.case", target_id=str(locked.pk), step=step, status=Deadline.Status.BREACHED
    ).update(status=Deadline.Status.MET, closed_at=clock.now())
    deadline_close(target=locked, step=step)
    case_save(locked)
    paper = paper_issued_for(target=locked, key=case_paper_key(locked, decision))
    audit_record(
        actor=actor,
        action=f"case.{decision}_sent",
        target=locked,
        unit=locked.unit,
        after={"decision_number": paper.symbol if paper else "", "sent_to": decision_sent_to(locked, decision)},
        reason=note,
    )
    return locked


@transaction.atomic
def case_suspension_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi quyết định tạm đình chỉ: a denunciation's to the denouncer and the person denounced within
    05 working days of the decision (Luật Tố cáo 2018 Đ.34 khoản 4), a complaint's to the parties within
    03 working days of issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định
    155/2026/NĐ-CP): stops that clock."""
    return _decision_sent(case=case, actor=actor, decision="suspension", note=note, expected_version=expected_version)


@transaction.atomic
def case_termination_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi quyết định đình chỉ: a denunciation's within 05 working days (Luật Tố cáo 2018 Đ.34
    khoản 4), a complaint's within 03 working days of issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1,
    bổ sung bởi Nghị định 155/2026/NĐ-CP): stops that clock."""
    return _decision_sent(case=case, actor=actor, decision="termination", note=note, expected_version=expected_version)


@transaction.atomic
def case_resumption_sent(*, case: Case, actor: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Đã gửi quyết định tiếp tục giải quyết khiếu nại (Mẫu số 14b) to the complainant, their
    representative, the person complained about and those with related rights and duties, within 03
    working days of issuance (Nghị định 124/2020/NĐ-CP Đ.28b khoản 2, bổ sung bởi Nghị định
    155/2026/NĐ-CP): stops that clock."""
    return _decision_sent(case=case, actor=actor, decision="resumption", note=note, expected_version=expected_version)


# ---- complexity: a decision that sets the longer limit ---------------------------------------------


class Complexity:
    NORMAL = "normal"
    COMPLEX = "complex"
    ESPECIALLY = "especially_complex"
    CHOICES = [
        (NORMAL, _("Không phức tạp")),
        (COMPLEX, _("Phức tạp")),
        (ESPECIALLY, _("Đặc biệt phức tạp (chỉ với tố cáo)")),
    ]


COMPLEXITY_OPEN = [Status.ACCEPTED, Status.ASSIGNED, Status.VERIFYING, Status.DIALOGUE, Status.SUSPENDED]


def complexity_grounds_check(*, kind: str, complexity: str, grounds: list[str] | None) -> list[str]:
    """The grounds of a complexity decision, in the order the law lists them. A complaint is complex only
    on one or more of the grounds of Nghị định 124/2020/NĐ-CP Đ.3a khoản 1 (bổ sung bởi Nghị định
    155/2026/NĐ-CP), which the decision must name; a plain one names none. A denunciation keeps its own
    rule (Luật Tố cáo Đ.30) and takes none."""
    chosen = [str(g) for g in (grounds or []) if str(g).strip()]
    if any(g not in ComplexityGround.values for g in chosen):
        raise ValidationFailed({"grounds": _("Căn cứ phức tạp: chọn trong các căn cứ pháp luật quy định.")})
    if chosen and (kind != Kind.COMPLAINT or complexity == Complexity.NORMAL):
        raise ValidationFailed(
            {
                "grounds": _(
                    "Căn cứ phức tạp (Nghị định 124/2020/NĐ-CP Điều 3a) chỉ ghi khi quyết định khiếu nại là vụ việc "
                    "phức tạp."
                )
            }
        )
    if kind == Kind.COMPLAINT and complexity == Complexity.COMPLEX and not chosen:
        raise ValidationFailed(
            {
                "grounds": _(
                    "Căn cứ phức tạp: khiếu nại chỉ là vụ việc phức tạp khi thuộc ít nhất một trường hợp tại khoản 1 "
                    "Điều 3a Nghị định 124/2020/NĐ-CP (bổ sung bởi Nghị định 155/2026/NĐ-CP); chọn căn cứ."
                )
            }
        )
    return [g for g in ComplexityGround.values if g in chosen]


def complexity_grounds_text(grounds: list[str]) -> str:
    """The grounds as the decision's text cites them: "điểm a, c khoản 1 Điều 3a Nghị định ..."."""
    if not grounds:
        return ""
    points = ", ".join(COMPLEXITY_GROUND_POINTS[ComplexityGround(g)] for g in grounds)
    return f"điểm {points} khoản 1 Điều 3a Nghị định 124/2020/NĐ-CP"


@transaction.atomic
def case_complexity_decide(
    *,
    case: Case,
    actor: Any,
    complexity: str,
    reason: str,
    grounds: list[str] | None = None,
    expected_version: int | None = None,
) -> Case:
    """The competent person decides whether the case is complex, recorded with its reason, the day
    and who decided (no paper of its own: the law prints the complexity on the decisions it
    governs, e.g. the extension decision of a denunciation).

    A complaint is complex only on the grounds of Nghị định 124/2020/NĐ-CP Đ.3a khoản 1 (bổ sung bởi
    Nghị định 155/2026/NĐ-CP): at least one is chosen, stored, and cited in the recorded decision,
    which Đ.3a khoản 2 requires in writing in the file. Its resolution limit follows (Luật Khiếu nại
    Đ.28: 30 → 45 days, remote 45 → 60; Đ.37 second round: 45 → 60, remote 60 → 70), counted from
    acceptance; a denunciation's complexity decides how many extensions the law allows (Luật Tố cáo Đ.30).
    """
    errors = {}
    if complexity not in {c for c, _label in Complexity.CHOICES}:
        errors["complexity"] = _("Tính chất vụ việc: chọn không phức tạp, phức tạp hoặc đặc biệt phức tạp.")
    elif complexity == Complexity.ESPECIALLY and case.kind != Kind.DENUNCIATION:
        errors["complexity"] = _("Tính chất vụ việc: “đặc biệt phức tạp” chỉ áp dụng với tố cáo (Luật Tố cáo Đ.30).")
    if not (reason or "").strip():
        errors["reason"] = _("Lý do: phải nêu vì sao vụ việc (không) phức tạp.")
    if errors:
        raise ValidationFailed(errors)
    chosen = complexity_grounds_check(kind=case.kind, complexity=complexity, grounds=grounds)
    locked = case_lock(case=case, expected_version=expected_version)
    if locked.kind == Kind.PETITION or locked.status not in COMPLEXITY_OPEN:
        raise TransitionNotAllowed(
            gettext("Không thể quyết định tính chất phức tạp khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not can_decide(locked, actor):
        raise TransitionNotAllowed(
            _(
                "Chỉ người có thẩm quyền giải quyết (BTV/BCH, hoặc UBKT khi được ủy quyền) quyết định tính chất phức tạp."
            )
        )
    decision_check(case=locked, actor=actor, action=_("quyết định tính chất phức tạp của"))
    before = {
        "is_complex": locked.is_complex,
        "is_especially_complex": locked.is_especially_complex,
        "complexity_grounds": locked.complexity_grounds,
    }
    locked.is_complex = complexity != Complexity.NORMAL
    locked.is_especially_complex = complexity == Complexity.ESPECIALLY
    locked.complexity_grounds = chosen
    if locked.kind == Kind.DENUNCIATION and locked.extensions > (
        2 if locked.is_especially_complex else 1 if locked.is_complex else 0
    ):
        raise ValidationFailed(
            {"complexity": _("Tính chất vụ việc: hồ sơ đã được gia hạn nhiều hơn mức này cho phép.")}
        )
    cited = complexity_grounds_text(chosen)
    # A record, not translated; the grounds' text is the one Đ.3a khoản 2 requires in the file.
    locked.complexity_decision = f"Ngày {clock.today():%d/%m/%Y}, {actor}{f'; căn cứ {cited}' if cited else ''}"[:255]
    case_save(locked)
    after: dict[str, Any] = {k: getattr(locked, k) for k in before}
    if locked.kind == Kind.COMPLAINT and _running_step(locked, "resolve"):
        rule = rule_get(
            version=locked.policy_version,
            subject=locked.deadline_subject,
            step="resolve",
            variant=locked.deadline_variant,
        )
        deadline = deadline_relimit(target=locked, step="resolve", days=rule.days)
        after.update(days=rule.days, due_on=deadline.due_on.isoformat(), source=rule.source)
    audit_record(
        actor=actor,
        action="case.complexity",
        target=locked,
        unit=locked.unit,
        before=before,
        after=after,
        reason=reason,
    )
    case_notify(case=locked, users=[locked.assignee], title=_("Quyết định về tính chất vụ việc"), event="complexity")
    return locked


# ---- đình chỉ --------------------------------------------------------------------------------------


# The kinds of letter a ground ends, where the law limits it (Luật Khiếu nại 2011, Luật 136/2025/QH15;
# Luật Tố cáo 2018 Đ.34); a ground not listed ends any kind.
TERMINATION_GROUND_KINDS = {
    TerminationGround.NO_HEIR: (Kind.COMPLAINT,),
    TerminationGround.DISSOLVED: (Kind.COMPLAINT,),
    TerminationGround.COURT: (Kind.COMPLAINT, Kind.PETITION),
    TerminationGround.DENOUNCED_DIED: (Kind.DENUNCIATION,),
    TerminationGround.RESOLVED_FINAL: (Kind.DENUNCIATION,),
}


def termination_grounds(kind: str) -> list[tuple[str, Any]]:
    """The termination grounds a letter of this kind may be ended on (what the form offers)."""
    return [
        (ground.value, ground.label)
        for ground in TerminationGround
        if kind in TERMINATION_GROUND_KINDS.get(ground, Kind.values)
    ]


def termination_due(case: Case) -> bool:
    """An accepted complaint or denunciation withdrawn in whole awaits the termination decision
    (Luật Khiếu nại 2011 Đ.10, TT 07/2013/TT-TTCP Đ.19; Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34 khoản 3
    điểm a): the one rule the page's notice and preset ground, and the API's detail, read."""
    return case.kind != Kind.PETITION and case.withdrawn_in_whole_on is not None and case.status in TERMINABLE


def case_terminate_check(*, case: Case, ground: str, commune_committee: str = "", **_ignored: Any) -> None:
    """The rules of a termination, checked before it is confirmed and again when it is written. A
    complaint ended because the complainant died with no heir, or the complaining body ended with no
    successor, names the commune's People's Committee its decision is sent to (Nghị định 124/2020/NĐ-CP
    Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP); no other termination names one."""
    errors = {}
    committee = (commune_committee or "").strip()
    if ground in COMMUNE_COMMITTEE_GROUNDS and case.kind == Kind.COMPLAINT and not committee:
        errors["commune_committee"] = (
            _(
                "Ghi tên Ủy ban nhân dân cấp xã nơi người khiếu nại thường trú cuối cùng trước khi chết: quyết định "
                "đình chỉ được gửi đến đó (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định "
                "155/2026/NĐ-CP)."
            )
            if ground == TerminationGround.NO_HEIR
            else _(
                "Ghi tên Ủy ban nhân dân cấp xã nơi cơ quan, tổ chức khiếu nại có trụ sở chính ngay trước khi giải "
                "thể, phá sản hoặc kết thúc hoạt động: quyết định đình chỉ được gửi đến đó (Nghị định "
                "124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP)."
            )
        )
    elif committee and ground not in COMMUNE_COMMITTEE_GROUNDS:
        errors["commune_committee"] = _(
            "Chỉ ghi Ủy ban nhân dân cấp xã khi đình chỉ vì người khiếu nại chết không có người thừa kế, hoặc cơ "
            "quan, tổ chức khiếu nại chấm dứt không có cơ quan, tổ chức kế thừa."
        )
    elif len(committee) > 255:
        errors["commune_committee"] = _("Tên Ủy ban nhân dân cấp xã: tối đa 255 ký tự.")
    if ground not in TerminationGround.values:
        errors["ground"] = _("Căn cứ đình chỉ: chọn một căn cứ pháp luật quy định.")
    elif ground == TerminationGround.DENOUNCED_DIED and case.kind != Kind.DENUNCIATION:
        errors["ground"] = _("Căn cứ đình chỉ: căn cứ này chỉ áp dụng với tố cáo.")
    elif ground in (TerminationGround.NO_HEIR, TerminationGround.DISSOLVED) and case.kind != Kind.COMPLAINT:
        errors["ground"] = _("Căn cứ đình chỉ: căn cứ này chỉ áp dụng với khiếu nại.")
    elif ground == TerminationGround.RESOLVED_FINAL and case.kind != Kind.DENUNCIATION:
        errors["ground"] = _("Căn cứ đình chỉ: căn cứ này chỉ áp dụng với tố cáo.")
    elif ground == TerminationGround.COURT and case.kind == Kind.DENUNCIATION:
        # Luật Tố cáo 2018 Đ.34: only a matter already resolved by a final judgment or decision ends one.
        errors["ground"] = _(
            "Căn cứ đình chỉ: tố cáo chỉ bị đình chỉ khi vụ việc đã được giải quyết bằng bản án, quyết định "
            "có hiệu lực pháp luật (Luật Tố cáo 2018 Điều 34), không phải khi Tòa án mới thụ lý."
        )
    elif ground == TerminationGround.WITHDRAWN and case.withdrawn_in_whole_on is None:
        # Luật Khiếu nại 2011 Đ.10; Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34 khoản 3 điểm a: the ground is the
        # sender's written withdrawal of the whole letter, recorded first (for a denunciation, with the
        # assessment of Đ.33 khoản 3).
        errors["ground"] = _(
            "Căn cứ đình chỉ: chưa ghi nhận việc người gửi rút toàn bộ đơn (thao tác “Ghi nhận rút đơn”; "
            "với tố cáo, kèm đánh giá dấu hiệu vi phạm, việc bị ép buộc rút - Luật Tố cáo 2018 Đ.33)."
        )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def case_terminate(
    *,
    case: Case,
    actor: Any,
    ground: str,
    reason: str = "",
    commune_committee: str = "",
    expected_version: int | None = None,
) -> Case:
    """Đình chỉ giải quyết by a decision, on a ground the law lists (see TerminationGround): the
    case ends, its clocks close. The decision is issued in the same transaction with the next
    number of the outgoing register; a denunciation's decision states its reason and is sent to the
    denouncer and the person denounced within 05 working days, on its own clock (Luật Tố cáo 2018
    Đ.34 khoản 4, `case_termination_sent`), a complaint's (Mẫu số 14a) to the parties within 03
    working days (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP), on the
    grounds of điểm b khoản 2 Điều 11a Luật Khiếu nại to the commune's People's Committee named with it
    (`commune_committee`, `decision_sent_to`). On the ground "withdrawn" the sender's whole withdrawal
    must have been recorded (`case_withdraw`; Luật Khiếu nại 2011 Đ.10, TT 07/2013/TT-TTCP Đ.19)."""
    case_terminate_check(case=case, ground=ground, commune_committee=commune_committee)
    with translation.override("vi"):  # the decision's text goes on a Vietnamese paper, whatever the page's language
        label = str(TerminationGround(ground).label)
    text = f"{label}. {(reason or '').strip()}".strip()
    locked = case_lock(case=case, expected_version=expected_version)
    case_terminate_check(case=locked, ground=ground, commune_committee=commune_committee)
    today = clock.today()
    case_obj, _before = case_step(
        case=locked,
        name="terminate",
        actor=actor,
        reason=text,
        locked=True,
        changes={
            "termination_ground": ground,
            "decision_text": text,
            "decided_on": today,
            "closed_on": today,
            "suspended_from": "",
            "termination_commune_committee": (commune_committee or "").strip(),
        },
        paper="case.termination",
        audit_after=_termination_audit(locked.kind, ground, commune_committee),
    )
    # The resolution's clocks end; the sending of an earlier suspension or resumption decision does not
    # (Luật Tố cáo 2018 Đ.34 khoản 4; Nghị định 124/2020/NĐ-CP Đ.28b), and this decision's own sending starts.
    deadline_close(target=case_obj, cancelled=True, except_steps=DECISION_SENDING_CLOCKS)
    decision_sending_start(case_obj, "termination")
    case_notify(
        case=case_obj,
        users=[case_obj.assignee],
        title=_("Hồ sơ đã bị đình chỉ giải quyết"),
        body=text,
        event="terminate",
    )
    denounced_decision_notify(
        case=case_obj,
        title=f"Quyết định đình chỉ việc giải quyết tố cáo {case_obj.decision_number}".strip(),
        body=f"Căn cứ đình chỉ: {label}.",
        event="terminate-denounced",
    )
    return case_obj


def _termination_audit(kind: str, ground: str, commune_committee: str) -> dict[str, list[str]] | None:
    """Whom the termination decision goes to, for its step's audit event (Luật Tố cáo 2018 Đ.34 khoản 4;
    Nghị định 124/2020/NĐ-CP Đ.28b khoản 1)."""
    if kind == Kind.DENUNCIATION:
        return {"sent_to": DENUNCIATION_DECISION_SENT_TO}
    if kind == Kind.COMPLAINT:
        return {"sent_to": termination_sent_to(kind=kind, ground=ground, committee=commune_committee)}
    return None


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
    for decision in DECISION_SENDING_STEPS:
        if decision_sending_pending(case, decision) and (can_triage(case, user) or can_work(case, user)):
            names.append(f"{decision}_sent")
    if case.kind != Kind.PETITION and case.status in COMPLEXITY_OPEN and can_decide(case, user):
        names.append("complexity")
    return names
