"""Which actions a user may take on an inspection, plan, flag or recommendation right now.

Pages show only these buttons; the services check the same rules again when the action is posted.
"""

from __future__ import annotations

from casework.inspections.explanation import explanation_over
from casework.inspections.models import Flag, Inspection, InspectionPlan, Recommendation
from casework.inspections.reporters import followup_may_report
from casework.inspections.roles import CHAIR, INSPECTION_STAFF, may_sign
from casework.inspections.selectors import (
    flags_open_for_unit,
    followup_report_awaiting,
    inspection_subject_has_account,
)
from casework.inspections.services.conclusions import inspection_discipline_may_vote
from casework.inspections.services.flags import flag_subject_area_may_change
from casework.inspections.services.followups import (
    followup_may_record_paper,
    followup_may_verify,
    followup_verifier_conflict,
)
from casework.inspections.services.guards import lead_or_chair, subject_rep_of, team_member_or_chair
from casework.inspections.services.inspections import committee_may_open
from casework.inspections.services.plans import plan_may_approve, plan_may_run
from casework.inspections.services.teams import decider_conflict
from casework.inspections.team_size import team_complete
from casework.org.models import User
from casework.org.selectors import user_has_role


def _staff(user: User, unit) -> bool:
    return user_has_role(user=user, roles=INSPECTION_STAFF, unit=unit)


def _may_escalate(user: User, target: Flag | Inspection, unit) -> bool:
    """Escalation by hand: the roles workflows allows, and nothing about the target already waiting on leadership."""
    from workflows.models import Escalation
    from workflows.services.escalations import MANUAL_ESCALATION_ROLES

    if not user_has_role(user=user, roles=MANUAL_ESCALATION_ROLES, unit=unit):
        return False
    target_type = f"{target._meta.app_label}.{target._meta.model_name}"
    pending = Escalation.objects.filter(target_type=target_type, target_id=str(target.pk), status="pending")
    return not pending.exists()


def _records_for_unit(user: User, inspection: Inspection) -> bool:
    """The chair or the team lead, when the subject unit has no account to acknowledge the notice or
    explain the draft report itself: they record what it did on paper."""
    return lead_or_chair(user, inspection) and not inspection_subject_has_account(inspection=inspection)


def inspection_actions(*, user: User, inspection: Inspection) -> list[str]:
    s = Inspection.Status
    staff = _staff(user, inspection.unit)
    status = inspection.status
    # The chair signs the decision and the conclusion, holding the role (an administrator only like
    # anyone else), never about a unit they are conflicted with.
    signer = (
        status in (s.OPENED, s.REPORTING, s.EXPLAINED)
        and may_sign(user=user, inspection=inspection)
        and not decider_conflict(actor=user, unit=inspection.subject_unit)
    )
    rep = subject_rep_of(user, inspection.subject_unit)
    member = staff and team_member_or_chair(user, inspection)
    allowed: list[str] = []
    # Only with a raised flag of the unit left to group in: never an empty choice the service refuses.
    if staff and inspection.accepts_flags and flags_open_for_unit(user=user, unit=inspection.subject_unit).exists():
        allowed.append("add_flags")
    if inspection.is_open and user_has_role(user=user, roles=CHAIR, unit=inspection.unit):
        allowed.append("assign_rep")
    if inspection.is_open and _may_escalate(user, inspection, inspection.unit):
        allowed.append("escalate")
    if staff and status == s.OPENED:
        allowed.append("team")
    # The decision names the team: signed once it is formed (team_size.team_complete, as inspection_decide).
    if signer and status == s.OPENED and team_complete(inspection):
        allowed.append("decide")
    if member and status == s.DECIDED:
        allowed.append("notify")
    if rep and status == s.NOTIFIED:
        allowed.append("acknowledge")
    if status == s.NOTIFIED and staff and _records_for_unit(user, inspection):
        allowed.append("deliver_notice")
    if rep and inspection.is_open and status not in (s.OPENED, s.DECIDED):
        allowed.append("documents")
    if member and status == s.FIELDWORK:
        allowed += ["check", "report_draft"]
    if member and status in (s.FIELDWORK, s.REPORTING):
        allowed.append("finding")
    if rep and status == s.REPORTING:
        allowed.append("explain")
    if status == s.REPORTING and staff and _records_for_unit(user, inspection):
        allowed.append("explain_paper")
    # Once the unit has explained the draft report or its time to explain has run out (explanation).
    if signer and explanation_over(inspection):
        allowed.append("conclude")
    if staff and status == s.CONCLUDED:
        allowed.append("conclusion_notify")
    if staff and status in (s.CONCLUDED, s.CLOSED):
        allowed.append("recommend")
        # Nobody conflicted with the unit inspected proposes discipline about it (conclusions.discipline_propose).
        if not decider_conflict(actor=user, unit=inspection.subject_unit):
            allowed.append("discipline")
    if inspection_discipline_may_vote(inspection, user):
        allowed.append("discipline_ballot")
    return allowed


def plan_actions(*, user: User, plan: InspectionPlan) -> list[str]:
    s = InspectionPlan.Status
    leader = plan_may_approve(user=user, plan=plan)
    runner = plan_may_run(user=user, plan=plan)
    allowed: list[str] = []
    # Drafting the plan is the committee's work (plans._require_committee), an administrator's only holding the role.
    if plan.status in (s.DRAFT, s.RETURNED) and committee_may_open(user=user, unit=plan.unit):
        allowed.append("item")
        if plan.items.exists():  # submitted with its items only (plan_submit)
            allowed.append("submit")
    if leader and plan.status == s.SUBMITTED:
        allowed += ["approve", "return"]
    # Put into effect and closed by the chair or the executive (plans.plan_may_run), an administrator's only holding the role.
    if runner and plan.status == s.APPROVED:
        allowed.append("activate")
    if plan.status in (s.APPROVED, s.ACTIVE) and committee_may_open(user=user, unit=plan.unit):
        allowed.append("open_item")
    if runner and plan.status == s.ACTIVE:
        allowed.append("close")
    return allowed


def flag_actions(*, user: User, flag: Flag) -> list[str]:
    from casework.inspections.services.flag_discipline import flag_discipline_may_propose, flag_discipline_may_vote

    allowed: list[str] = []
    # Opened by a committee the flag's unit lies under (the page offers those committees, the API names one).
    if flag.status == Flag.Status.RAISED and committee_may_open(user=user, unit=flag.unit):
        allowed.append("open_inspection")
    if not flag.is_closed and _may_escalate(user, flag, flag.unit):
        allowed.append("escalate")
    if flag_discipline_may_propose(flag, user):
        allowed.append("discipline_propose")
    if flag_discipline_may_vote(flag, user):
        allowed.append("discipline_ballot")
    if flag_subject_area_may_change(flag=flag, user=user):
        allowed.append("subject_area")
    return allowed


def recommendation_actions(*, user: User, recommendation: Recommendation) -> list[str]:
    """`report` for whoever reports on it (reporters.followup_may_report: a representative of the unit
    that must act not recused from the case a measure came from, else the leadership above);
    `report_paper` for whoever follows it (followups.followup_may_record_paper: the ones who verify it,
    with no conflict), whether or not the unit has anybody who may report in the system: its signed
    report may reach the committee on paper either way; `verify` for whoever verifies it
    (followups.followup_may_verify) with no conflict."""
    allowed: list[str] = []
    awaiting_report = recommendation.status in (Recommendation.Status.OPEN, Recommendation.Status.RETURNED)
    if awaiting_report and followup_may_report(user=user, recommendation=recommendation):
        allowed.append("report")
    if awaiting_report and followup_may_record_paper(user=user, recommendation=recommendation):
        allowed.append("report_paper")
    if recommendation.status == Recommendation.Status.REPORTED and followup_may_verify(
        user=user, recommendation=recommendation
    ):
        report = followup_report_awaiting(recommendation=recommendation)
        if report is not None and not followup_verifier_conflict(
            actor=user, recommendation=recommendation, report=report
        ):
            allowed.append("verify")
    return allowed
