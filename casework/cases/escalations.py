"""Leadership decisions on escalated cases (workflows.escalations), applied through case services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import Case, DisciplineProceeding, Status
from casework.cases.services import case_approve, case_extend, case_send_back
from casework.cases.services.common import case_lock, case_save, decision_refusal_text, transition_refusal
from core.errors import ApplicationError, TransitionNotAllowed, ValidationFailed
from workflows.services.escalations import escalation_extension_step

TARGET = "cases.case"


def case_escalation_decide(
    *,
    escalation: Any,
    decision: str,
    actor: Any,
    reason: str,
    new_due_on: dt.date | None = None,
    discipline: str | None = None,
) -> None:
    """Called inside the decision's transaction: approve / return / extend / refer / discipline."""
    case = Case.objects.get(pk=int(escalation.target_id))
    if decision == "discipline":
        case = case_lock(case=case)
    # Its refusals (case_escalation_refusal, which escalation_decide_check asked before the leader
    # confirmed), read again as the case is now; the case's services apply the same rules under its lock.
    refused = case_escalation_refusal(
        escalation, decision=decision, actor=actor, new_due_on=new_due_on, discipline=discipline, case=case
    )
    if refused is not None:
        raise refused
    if decision == "approve" and case.status == Status.PROPOSED:
        case_approve(case=case, actor=actor, note=reason)
    elif decision == "return" and case.status == Status.PROPOSED:
        case_send_back(case=case, actor=actor, reason=reason or _("Lãnh đạo trả lại"))
    elif decision == "extend":
        case_extend(
            case=case,
            actor=actor,
            reason=reason or _("Lãnh đạo quyết định gia hạn"),
            new_due_on=new_due_on,
            decided_by_escalation=True,
            step=case_escalation_extension_step(escalation, case),
        )
    elif decision == "discipline" and discipline:
        # A leader's decision on an escalation is a proposal: discipline is decided only by the
        # competent body's secret ballot (QĐ 5130/QĐ-TLĐ), recorded with discipline_ballot_record.
        from casework.cases.services.discipline import discipline_proceeding_open, discipline_subject_for

        proceeding = discipline_proceeding_open(
            case=case,
            unit=case.unit,
            actor=actor,
            subject_kind=discipline_subject_for(form=discipline, person=case.subject_person),
            subject_name=_discipline_subject_name(case),
            violation_forms=[discipline],
            reason=reason,
        )
        case.discipline_proposal = discipline
        case_save(case)
        audit_record(
            actor=actor,
            action="case.discipline_propose",
            target=case,
            unit=case.unit,
            after={"proceeding": proceeding.pk, "discipline_proposal": discipline, "awaiting": "secret_ballot"},
            reason=reason,
        )
    else:
        # "refer" (up to the superior union) and decisions that need no state change on the
        # case are still recorded on the case's own timeline.
        audit_record(
            actor=actor,
            action=f"case.escalation_{decision}",
            target=case,
            unit=case.unit,
            after={"escalation": escalation.pk},
            reason=reason,
        )


def case_escalation_extension_step(escalation: Any, case: Case) -> str:
    """The case's clock a leader's "extend" on `escalation` moves: the one the escalation's extension moves
    (escalation_extension_step: the breached clock, else the case's latest running limit, for one raised by
    hand as for one on a breach), by the case's rule (extension_step) when the case has none running. The
    handler's extension, its refusals and the decisions offered read this one step."""
    from casework.cases.services.extensions import extension_step

    return extension_step(case, escalation_extension_step(escalation))


def _discipline_subject_name(case: Case) -> str:
    """Whom a leader's discipline proposal on the case is about: the person concerned, else the unit."""
    return case.subject_person or str(case.subject_unit or case.unit)


def case_escalation_refusal(
    escalation: Any,
    *,
    decision: str,
    actor: Any,
    new_due_on: dt.date | None = None,
    discipline: str | None = None,
    case: Case | None = None,
) -> ApplicationError | None:
    """The error case_escalation_decide raises for `decision` as given on the case now, or None: the
    rules of the case services it calls (the decider's conflict, decision_refusal; approving or sending
    back a proposal, transition_refusal, and approving one made without the dialogue the law requires,
    Luật Khiếu nại 2011 Đ.30 khoản 1, Đ.39; a denunciation's new due day past the Đ.30 cap of Luật Tố
    cáo 2018; a second discipline proposal while one waits for the secret ballot, or on a subject
    already disciplined, QĐ 5130/QĐ-TLĐ). escalation_decide_check reads it before the leader confirms."""
    from casework.cases.services.dialogue import dialogue_approval_refusal
    from casework.cases.services.discipline import discipline_conclusion_refusal, discipline_proceeding_refusal
    from casework.cases.services.extensions import case_extension_due_refusal

    if case is None:
        case = Case.objects.filter(pk=int(escalation.target_id)).first()
        if case is None:
            return None
    # Nobody decides an escalation about a case they are recused from or conflicted in, nor about a
    # case whose unit concerned they are conflicted with (case_decider_refusals).
    refusals = case_decider_refusals(escalation, actor)
    if decision in refusals:
        return TransitionNotAllowed(refusals[decision])
    if decision == "approve" and case.status == Status.PROPOSED:
        # case_approve's order: the dialogue the law requires first, then the step itself.
        return dialogue_approval_refusal(case=case, actor=actor) or transition_refusal(
            case=case, name="approve", actor=actor
        )
    if decision == "return" and case.status == Status.PROPOSED:
        return transition_refusal(case=case, name="send_back", actor=actor)
    if decision == "extend":
        step = case_escalation_extension_step(escalation, case)
        return case_extension_due_refusal(case, step=step, new_due_on=new_due_on)
    if decision == "discipline":
        # Whatever the form chosen (its absence is the decision's own field error, escalation_decide's check).
        if refusal := discipline_conclusion_refusal(case):  # after the conclusion (Luật Tố cáo 2018 Đ.36 khoản 1)
            return TransitionNotAllowed(refusal)
        if case.disciplines.filter(status=DisciplineProceeding.Status.PROPOSED).exists():
            return ValidationFailed({"discipline": _("Hồ sơ đã có đề nghị kỷ luật đang chờ bỏ phiếu kín.")})
        return discipline_proceeding_refusal(subject_name=_discipline_subject_name(case), case=case)
    return None


def case_decider_refusals(escalation: Any, user: Any) -> dict[str, str]:
    """Leadership decisions the case's services refuse to `user`: every one to a leader recused from
    the case, who declared a conflict in it or is conflicted with the unit concerned (decision_refusal,
    the rule of approve, send back, extend, complexity and discipline on the case itself)."""
    return case_escalations_decider_refusals([escalation], [user]).get((escalation.pk, user.pk), {})


def case_escalations_decider_refusals(
    escalations: list[Any], users: list[Any]
) -> dict[tuple[int, int], dict[str, str]]:
    """case_decider_refusals for several escalations and leaders, the cases and their conflicts read at once
    (casework.cases.selectors.cases_conflict_reasons)."""
    from casework.cases.selectors import cases_conflict_reasons
    from workflows.models import Escalation

    cases = Case.objects.select_related("subject_unit").in_bulk([int(e.target_id) for e in escalations])
    conflicts = cases_conflict_reasons(cases=cases.values(), users=users)
    found: dict[tuple[int, int], dict[str, str]] = {}
    for escalation in escalations:
        case = cases.get(int(escalation.target_id))
        for user in users:
            refusal = (
                decision_refusal_text(
                    case=case, conflict=conflicts[case.pk][user.pk], action=_("quyết định kiến nghị về")
                )
                if case is not None
                else ""
            )
            found[(escalation.pk, user.pk)] = dict.fromkeys(Escalation.Decision.values, refusal) if refusal else {}
    return found


def case_decision_refusals(escalation: Any) -> dict[str, str]:
    """Leadership decisions the case's services refuse now: an extension where the law gives none
    (a complaint, Luật Khiếu nại Đ.28, 37; a denunciation past its Đ.30 extensions), by the same
    rule `case_extend` applies."""
    from casework.cases.services.extensions import case_extension_refusal

    case = Case.objects.filter(pk=int(escalation.target_id)).first()
    if case is None:
        return {}
    refusal = case_extension_refusal(
        case, step=case_escalation_extension_step(escalation, case), decided_by_escalation=True
    )
    return {"extend": refusal} if refusal else {}


def _summary(case: Case) -> dict:
    return {
        "title": f"{case.reference} — {case.title}",
        "url": reverse("cases:detail", args=[case.pk]),
        "unit": case.unit,
        "reference": case.reference,
    }


def case_escalation_summary(target_id: str) -> dict:
    return _summary(Case.objects.select_related("unit").get(pk=int(target_id)))


def case_escalation_summaries(target_ids: list[str]) -> dict[str, dict]:
    cases = Case.objects.select_related("unit").in_bulk([int(pk) for pk in target_ids])
    return {str(pk): _summary(case) for pk, case in cases.items()}


def case_text_for_escalation(target_id: str, text: str) -> str:
    """A reason or proposal typed about a case: a denunciation's through its masks."""
    from casework.cases.services.identity import case_text_masked

    case = Case.objects.filter(pk=int(target_id)).first()
    return case_text_masked(case, text) if case is not None else text


def case_excluded_people(target_id: str) -> set[int]:
    from casework.cases.recusal import case_recused_user_ids

    case = Case.objects.filter(pk=int(target_id)).first()
    return case_recused_user_ids(case=case) if case is not None else set()


def register() -> None:
    from casework.files.access import register_access_check
    from workflows.escalations import (
        register_decider_refusals,
        register_decision_refusals,
        register_escalation_handler,
        register_escalation_summary,
        register_target_excluded_people,
        register_target_refusal,
        register_text_mask,
    )

    register_escalation_handler(TARGET, case_escalation_decide)
    register_escalation_summary(TARGET, case_escalation_summary, many=case_escalation_summaries)
    register_target_excluded_people(TARGET, case_excluded_people)
    register_text_mask(TARGET, case_text_for_escalation)
    register_decision_refusals(TARGET, case_decision_refusals)
    register_decider_refusals(TARGET, case_decider_refusals, many=case_escalations_decider_refusals)
    register_target_refusal(TARGET, case_escalation_refusal)
    register_access_check(TARGET, attachment_access)


IDENTITY_DOCUMENT = "identity"


def attachment_access(user: Any, attachment: Any) -> bool:
    """Attachments of a case: whoever may see the case; a denouncer's identity papers only
    to the officer resolving it (Luật Tố cáo Đ.47)."""
    from casework.cases.permissions import can_reveal_identity
    from casework.cases.selectors import case_visible_q

    case = Case.objects.filter(case_visible_q(user=user), pk=int(attachment.target_id)).first()
    if case is None:
        return False
    if (attachment.identifying or attachment.kind == IDENTITY_DOCUMENT) and case.kind == "denunciation":
        return can_reveal_identity(case, user)
    return True
