"""After the conclusion: recommendations with their follow-up clock, and discipline proposals that the
competent body decides by secret ballot (QĐ 5130/QĐ-TLĐ; the rules of casework.cases.services.discipline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.models import DisciplineForm, DisciplineProceeding
from casework.cases.services.discipline import (
    discipline_ballot_audited,
    discipline_proceeding_open,
    discipline_proceeding_refusal,
    discipline_subject_for,
)
from casework.inspections.models import (
    DisciplineProposal,
    Inspection,
    Recommendation,
)
from casework.inspections.roles import LEADERSHIP
from casework.inspections.services.guards import (
    inspection_lock,
    require_staff,
    require_status,
)
from casework.inspections.services.teams import (
    decider_conflict_check,
    escalations_about_units_refusals,
)
from casework.org.models import Role, Unit, User
from casework.org.selectors import user_holds_role, users_with_role
from casework.search.services import search_index_recommendation
from core import clock
from core.errors import ApplicationError, TransitionNotAllowed, ValidationFailed
from notifications.services import notify
from workflows.flows.routing import process_advance
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_leaders

CONCLUDED = (Inspection.Status.CONCLUDED, Inspection.Status.CLOSED)


@transaction.atomic
def recommendation_add(
    *, inspection: Inspection, text: str, owner_unit: Unit, due_on: dt.date, actor: User
) -> Recommendation:
    """A recommendation of the conclusion; its report clock runs to the due date set here."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    require_status(inspection, Inspection.Status.CONCLUDED, Inspection.Status.CLOSED, action=_("thêm kiến nghị"))
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Phải nhập nội dung kiến nghị.")
    if owner_unit is None or not owner_unit.is_within(inspection.unit):
        errors["owner_unit"] = _("Đơn vị thực hiện phải thuộc phạm vi của đơn vị tiến hành kiểm tra.")
    if due_on is None or due_on <= clock.today():
        errors["due_on"] = _("Hạn thực hiện phải sau ngày hôm nay.")
    if errors:
        raise ValidationFailed(errors)
    rec = Recommendation.objects.create(
        inspection=inspection, text=text.strip(), owner_unit=owner_unit, due_on=due_on, created_at=clock.now()
    )
    search_index_recommendation(recommendation=rec)
    process_advance(obj=rec)
    deadline_open(target=rec, unit=owner_unit, step="report", subject="followup", due_on=due_on)
    audit_record(
        actor=actor,
        action="recommendation.create",
        target=rec,
        unit=owner_unit,
        after={"status": rec.status, "inspection": inspection.pk, "due_on": due_on},
    )
    notify(
        users=users_with_role(unit=owner_unit, roles=[Role.SUBJECT_REP]),
        title=lambda: gettext("Kiến nghị cần thực hiện trước %(due_on)s") % {"due_on": f"{due_on:%d/%m/%Y}"},
        body=rec.text,
        url=f"/inspections/recommendations/{rec.pk}/",
        unit=owner_unit,
        key=f"recommendation:{rec.pk}:create",
        reference=rec.reference,
    )
    return rec


@transaction.atomic
def recommendation_add_for_case(
    *, case: Any, text: str, owner_unit: Unit, due_on: dt.date, monitor: User | None, actor: User
) -> Recommendation:
    """A measure of a denunciation's conclusion, followed like an inspection's recommendation: the unit
    that must act reports, the monitor verifies (Luật Tố cáo 2018 Đ.44 khoản 3, Đ.45; Nghị định
    31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.3). Called by the case's
    service (casework.cases.services.followup), which holds the case's lock and has checked who records
    it and when; the text has gone through the denunciation's masks. Its report clock runs to the due
    date set here, held by the monitor in the resolver's unit (followups.followup_report_clock_open)."""
    from casework.inspections.reporters import followup_reporters
    from casework.inspections.services.followups import followup_report_clock_open, recommendation_audience

    rec = Recommendation.objects.create(
        case=case,
        text=text,
        owner_unit=owner_unit,
        due_on=due_on,
        monitor=monitor,
        created_by=actor,
        created_at=clock.now(),
    )
    search_index_recommendation(recommendation=rec)
    process_advance(obj=rec)
    followup_report_clock_open(rec, due_on=due_on)
    audit_record(
        actor=actor,
        action="recommendation.create",
        target=rec,
        unit=owner_unit,
        # Not the case: the unit that must act reads this trail and may not learn which case it was
        # (Luật Tố cáo 2018 Đ.47); the case's own event (case.conclusion_measure) links the two.
        after={
            "status": rec.status,
            "due_on": due_on,
            "monitor": monitor.pk if monitor else None,
        },
    )
    users, never = recommendation_audience(rec, followup_reporters(rec))
    notify(
        users=users,
        never=never,
        title=lambda: gettext("Kiến nghị cần thực hiện trước %(due_on)s") % {"due_on": f"{due_on:%d/%m/%Y}"},
        body=rec.text,
        url=f"/inspections/recommendations/{rec.pk}/",
        unit=owner_unit,
        key=f"recommendation:{rec.pk}:create",
        reference=rec.reference,
    )
    return rec


@transaction.atomic
def discipline_propose(
    *, inspection: Inspection, person: str, proposal: str, reason: str, actor: User, subject_kind: str = ""
) -> DisciplineProceeding:
    """Đề nghị kỷ luật from an inspection's conclusion: a proposal the competent body (BTV/BCH of the
    inspecting unit) decides by secret ballot; the leadership is told, nobody decides it by one click.

    `subject_kind` (member, cadre, collective) sets the scale of forms; without it, the one the form
    implies (`discipline_subject_for`)."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    require_status(inspection, *CONCLUDED, action=_("đề nghị kỷ luật"))
    # Nobody conflicted with the unit inspected proposes discipline about it (inspection_actions reads the same).
    decider_conflict_check(actor=actor, unit=inspection.subject_unit, action=gettext("đề nghị kỷ luật về"))
    if proposal not in DisciplineForm.values:
        raise ValidationFailed({"proposal": _("Hình thức: khiển trách, cảnh cáo, cách chức hoặc khai trừ.")})
    person = (person or "").strip()
    if not person:
        raise ValidationFailed({"person": _("Phải nêu người bị đề nghị kỷ luật.")})
    proceeding = discipline_proceeding_open(
        inspection=inspection,
        unit=inspection.unit,
        actor=actor,
        subject_kind=subject_kind or discipline_subject_for(form=proposal, person=person),
        subject_name=person,
        violation_forms=[proposal],
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="inspection.discipline_propose",
        target=inspection,
        unit=inspection.unit,
        after={
            "proceeding": proceeding.pk,
            "subject_kind": proceeding.subject_kind,
            "discipline": proceeding.proposed_form,
            "awaiting": "secret_ballot",
        },
        reason=reason.strip(),
    )
    notify(
        users=escalation_leaders(unit=inspection.unit),
        title=lambda: (
            gettext("Đề nghị kỷ luật %(person)s chờ bỏ phiếu kín (%(reference)s)")
            % {"person": person, "reference": inspection.reference}
        ),
        body=reason.strip(),
        url=f"/inspections/{inspection.pk}/",
        unit=inspection.unit,
        key=f"inspection:{inspection.pk}:discipline:{proceeding.pk}",
        reference=inspection.reference,
    )
    return proceeding


def inspection_discipline_pending(inspection: Inspection) -> DisciplineProceeding | None:
    return inspection.disciplines.filter(status=DisciplineProceeding.Status.PROPOSED).first()


def inspection_discipline_may_vote(inspection: Inspection, user: Any) -> bool:
    """A member of the competent body (BTV/BCH of the inspecting unit or above) with no conflict with
    the unit inspected (a role held in it, or a declared conflict)."""
    from casework.inspections.services.teams import team_conflicts

    return (
        inspection.status in CONCLUDED
        and inspection_discipline_pending(inspection) is not None
        # A member who holds the role: an administrator votes only holding it like anyone else.
        and user_holds_role(user=user, roles=LEADERSHIP, unit=inspection.unit)
        # Nobody conflicted votes, an administrator no more than anyone.
        and user.pk not in team_conflicts(users=[user], subject_unit=inspection.subject_unit)
    )


@transaction.atomic
def inspection_discipline_ballot_record(
    *,
    inspection: Inspection,
    actor: Any,
    meeting_on: dt.date | None,
    members_total: int | None,
    members_present: int | None,
    votes: dict[str, int],
) -> DisciplineProceeding:
    """The competent body's secret ballot on the inspection's pending proposal, signed by `actor` on
    its behalf (quorum, votes per form, more than half of the body's members)."""
    inspection = inspection_lock(inspection)
    # A conflicted member is told why, whoever they are (inspection_discipline_may_vote refuses them too).
    decider_conflict_check(actor=actor, unit=inspection.subject_unit, action=gettext("ghi kết quả bỏ phiếu kỷ luật về"))
    if not inspection_discipline_may_vote(inspection, actor):
        raise TransitionNotAllowed(
            _("Chỉ ủy viên BCH/BTV có thẩm quyền ghi kết quả bỏ phiếu kín cho một đề nghị kỷ luật đang chờ.")
        )
    proceeding = DisciplineProceeding.objects.select_for_update().get(
        inspection=inspection, status=DisciplineProceeding.Status.PROPOSED
    )
    discipline_ballot_audited(
        proceeding=proceeding,
        actor=actor,
        target=inspection,
        unit=inspection.unit,
        action="inspection.discipline_ballot",
        meeting_on=meeting_on,
        members_total=members_total,
        members_present=members_present,
        votes=votes,
    )
    return proceeding


def discipline_escalation_decider_refusals(escalation: Any, user: Any) -> dict[str, str]:
    """The decisions on an escalation about a discipline item refused to `user`: all of them to one
    conflicted with the unit inspected."""
    return discipline_escalations_decider_refusals([escalation], [user]).get((escalation.pk, user.pk), {})


def discipline_escalations_decider_refusals(
    escalations: list[Any], users: list[Any]
) -> dict[tuple[int, int], dict[str, str]]:
    """discipline_escalation_decider_refusals for several escalations and deciders, read at once."""
    items = DisciplineProposal.objects.select_related("inspection__subject_unit").in_bulk(
        [int(e.target_id) for e in escalations]
    )
    return escalations_about_units_refusals(
        escalations,
        users,
        units={pk: item.inspection.subject_unit for pk, item in items.items()},
        action=gettext("quyết định đề nghị kỷ luật tại"),
    )


def discipline_escalation_refusal(
    escalation: Any,
    *,
    decision: str,
    actor: Any,
    new_due_on: Any = None,
    discipline: str | None = None,
    item: DisciplineProposal | None = None,
) -> ApplicationError | None:
    """The error discipline_escalation_handle raises for `decision` as given now, or None: every decision
    to one conflicted with the unit inspected; putting the proposal to the ballot while another of the
    inspection waits for it, or about a person already disciplined on it (discipline_proceeding_refusal,
    QĐ 5130/QĐ-TLĐ). escalation_decide_check reads it before the leader confirms."""
    if item is None:
        item = DisciplineProposal.objects.filter(pk=int(escalation.target_id)).first()
        if item is None:
            return None
    refusals = discipline_escalation_decider_refusals(escalation, actor)
    if decision in refusals:
        return TransitionNotAllowed(refusals[decision])
    if decision == "discipline":
        # Whatever the form chosen: the proposal is about the person the item names.
        return discipline_proceeding_refusal(subject_name=item.person, inspection=item.inspection)
    return None


def discipline_escalation_handle(
    *, escalation: Any, decision: str, actor: Any, reason: str, new_due_on: Any = None, discipline: str | None = None
) -> None:
    """A leadership decision on a discipline proposal still in the queue from before the ballot was
    recorded here: it is noted, and a discipline decision only puts the proposal to the body's ballot."""
    item = DisciplineProposal.objects.select_for_update().get(pk=int(escalation.target_id))
    inspection = inspection_lock(item.inspection) if decision == "discipline" else item.inspection
    # Its refusals (discipline_escalation_refusal, which escalation_decide_check asked before the leader
    # confirmed), read again under the inspection's lock; discipline_proceeding_open applies the same rule.
    refused = discipline_escalation_refusal(
        escalation, decision=decision, actor=actor, discipline=discipline, item=item
    )
    if refused is not None:
        raise refused
    item.decision_reason = reason
    item.save(update_fields=["decision_reason"])
    if decision == "discipline" and discipline:
        discipline_proceeding_open(
            inspection=inspection,
            unit=inspection.unit,
            actor=actor,
            subject_kind=discipline_subject_for(form=discipline, person=item.person),
            subject_name=item.person,
            violation_forms=[discipline],
            reason=reason,
        )


def discipline_not_by_escalation(escalation: Any) -> dict[str, str]:
    """Decisions refused on an escalation about an inspection step or a recommendation: discipline is
    proposed from the conclusion and decided by the competent body's secret ballot (QĐ 5130/QĐ-TLĐ),
    never by one leader's decision on a late step."""
    return {
        "discipline": _(
            "Kỷ luật được đề nghị từ kết luận kiểm tra (trang cuộc kiểm tra) và do cơ quan có thẩm quyền "
            "quyết định bằng bỏ phiếu kín."
        )
    }
