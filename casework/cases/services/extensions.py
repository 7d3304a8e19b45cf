"""Gia hạn: which clock of a case may be extended, how often and how far (Luật Tố cáo 2018 Đ.30;
Luật Khiếu nại 2011 Đ.28, 37 give no extension), and the extension by the leadership's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import (
    Case,
    Kind,
    Status,
)
from casework.cases.permissions import can_lead
from casework.cases.services.common import (
    DENUNCIATION_DECISION_SENT_TO,
    case_lock,
    case_notify,
    case_save,
    decision_check,
    denounced_decision_notify,
    require_text,
)
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline
from workflows.services.escalations import deadline_extend_by_leadership, escalations_pending_lock
from workflows.services.policy import rule_get

EXTENDABLE = [Status.ACCEPTED, Status.ASSIGNED, Status.VERIFYING, Status.DIALOGUE, Status.PROPOSED, Status.APPROVED]


def denunciation_extensions_allowed(case: Case) -> int:
    """Luật Tố cáo 2018 Đ.30 khoản 2, 3: none for a plain denunciation, one if complex, two if especially
    complex, as the complexity decision found it on the criteria of Nghị định 31/2019/NĐ-CP Đ.3 khoản 2, 3
    (`case_complexity_decide`, the only writer of these flags; a case decided before the criteria were
    recorded keeps what was decided)."""
    if case.kind != Kind.DENUNCIATION:
        return 0
    if case.is_especially_complex:
        return 2
    return 1 if case.is_complex else 0


def case_extension_due_refusal(case: Case, *, step: str, new_due_on: dt.date | None) -> ValidationFailed | None:
    """The error `case_extend` raises for `new_due_on` on `step` (None when it takes it): each extension of
    a denunciation's resolution adds at most 30 days to the running limit (Luật Tố cáo Đ.30). Also read by
    a leader's extension on the case's escalation before it is confirmed."""
    if new_due_on is None or case.kind != Kind.DENUNCIATION or step != "resolve":
        return None
    rule = rule_get(version=case.policy_version, subject="denunciation", step="extend")
    running = (
        Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step="resolve")
        .exclude(status__in=[Deadline.Status.MET, Deadline.Status.CANCELLED])
        .order_by("-created_at")
        .first()
    )
    if running is None:
        return None
    latest = WorkingCalendar.load().due_date(running.due_on, rule.days, rule.day_unit)
    if running.due_on < new_due_on <= latest:
        return None
    return ValidationFailed(
        {
            "new_due_on": _(
                "Hạn mới phải sau %(after)s và không muộn hơn %(latest)s (mỗi lần gia hạn tối đa %(days)s ngày)."
            )
            % {"after": f"{running.due_on:%d/%m/%Y}", "latest": f"{latest:%d/%m/%Y}", "days": rule.days}
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
        # most 10 working days by its own rule (Đ.24, case_processing_extend); transfer (Đ.24), the
        # result told to the body that transferred it (Đ.26 khoản 2), the notices of acceptance (Đ.29),
        # sending the conclusion (Đ.35), publishing it (Đ.40) and the suspension and termination decisions
        # (Đ.34 khoản 4) have fixed limits.
        return _(
            "Thời hạn này của tố cáo do luật định và không được gia hạn (Luật Tố cáo 2018 Đ.24, Đ.26, Đ.29, "
            "Đ.34, Đ.35, Đ.40); chỉ thời hạn giải quyết tố cáo được gia hạn (Đ.30)."
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
    """The clock an extension moves: the one named (a leadership decision on an escalation names the step
    whose clock that decision moves, workflows.services.escalations.escalation_extension_step, whether the
    escalation was raised on a breach or by hand); else, for an extension decided on the case itself, before
    acceptance the acceptance limit, afterwards the resolution's."""
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

    The extension is leadership's decision on the breach of the clock it moves, whether given here or on an
    escalation: a breach that no pass of the sweep had marked yet is recorded, escalated once, and answered
    by it (deadline_extend_by_leadership), as is one a pass escalated; nobody is asked to decide it again.
    """
    reason = require_text(reason, "reason", _("Phải nêu căn cứ gia hạn (quyết định của lãnh đạo)."))
    if not decided_by_escalation:
        # The case's pending escalations, those the extension answers among them, before the case: a leader
        # deciding one of them meanwhile holds them all, then waits on the case (escalation_decide's order,
        # workflows.services.escalations); this extension waits for that decision. On an escalation,
        # escalation_decide took them already.
        escalations_pending_lock(target=case)
    case = case_lock(case=case, expected_version=expected_version)
    if not decided_by_escalation and not can_lead(case, actor):
        raise TransitionNotAllowed(_("Chỉ Ban Thường vụ / Ban Chấp hành mới quyết định gia hạn."))
    decision_check(case=case, actor=actor, action=_("gia hạn"))
    step = extension_step(case, step)
    refusal = case_extension_refusal(case, step=step, decided_by_escalation=decided_by_escalation)
    if refusal:
        raise TransitionNotAllowed(refusal)
    if case.kind == Kind.DENUNCIATION and step == "resolve" and new_due_on is None:
        rule = rule_get(version=case.policy_version, subject="denunciation", step="extend")
        deadline = deadline_extend_by_leadership(target=case, step=step, actor=actor, reason=reason, days=rule.days)
    else:
        if new_due_on is None:
            raise ValidationFailed({"new_due_on": _("Phải nhập hạn mới.")})
        if (refused := case_extension_due_refusal(case, step=step, new_due_on=new_due_on)) is not None:
            raise refused
        deadline = deadline_extend_by_leadership(
            target=case, step=step, actor=actor, reason=reason, new_due_on=new_due_on
        )
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
    due_on = f"{deadline.due_on:%d/%m/%Y}"
    case_notify(
        case=case,
        users=[case.assignee],
        title=lambda: (
            gettext("Gia hạn giải quyết lần %(n)s, hạn mới %(due_on)s") % {"n": case.extensions, "due_on": due_on}
        ),
        event="extend",
    )
    denounced_decision_notify(
        case=case,
        title=lambda: (
            gettext("Quyết định gia hạn giải quyết tố cáo %(number)s") % {"number": decision_number}
        ).strip(),
        body=lambda: gettext("Hạn giải quyết mới: %(due_on)s.") % {"due_on": due_on},
        event=f"extend-denounced-{case.extensions}",
    )
    return case
