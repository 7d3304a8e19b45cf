"""Shared checks of the inspection services: lock the row, check scope, role, team and step; audit a step."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.inspections.models import (
    Inspection,
    TeamMember,
)
from casework.inspections.roles import (
    CHAIR,
    INSPECTION_STAFF,
)
from casework.org.models import Role, Unit, User
from casework.org.selectors import unit_is_visible, user_has_role, user_holds_role, users_with_role
from core.errors import OutOfScope, TransitionNotAllowed

SUBJECT = "inspection"


def inspection_url(inspection: Inspection) -> str:
    return f"/inspections/{inspection.pk}/"


def inspection_lock(inspection: Inspection) -> Inspection:
    # The inspection's row only (`of`): locking its units too would block every row written meanwhile
    # that names them (the sweep's escalation of a breach holding the step's clock), a deadlock. Taken
    # for no key update, as a case is (`case_lock`): the rows naming the inspection (its flags, team,
    # checklist, findings, recommendations) take a key-share lock on it, which this one does not hold up.
    return (
        Inspection.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit", "subject_unit")
        .get(pk=inspection.pk)
    )


def require_staff(actor: User, inspection: Inspection, message: str = "") -> None:
    if not unit_is_visible(user=actor, unit=inspection.unit):
        raise OutOfScope(_("Không tìm thấy cuộc kiểm tra."))
    if not user_has_role(user=actor, roles=INSPECTION_STAFF, unit=inspection.unit):
        raise TransitionNotAllowed(message or _("Chỉ Ủy ban kiểm tra của đơn vị được thực hiện bước này."))


def team_member_or_chair(actor: User, inspection: Inspection) -> bool:
    """The team's work (notice, checklist, findings, draft report) is its members' and the chair's:
    a member of the team, or one holding the chair's role in the inspecting unit (an administrator
    only like anyone else, docs/roles.md)."""
    return inspection.team.filter(user=actor).exists() or user_holds_role(user=actor, roles=CHAIR, unit=inspection.unit)


def require_team(actor: User, inspection: Inspection) -> None:
    require_staff(actor, inspection)
    if not team_member_or_chair(actor, inspection):
        raise TransitionNotAllowed(_("Chỉ thành viên đoàn kiểm tra được thực hiện bước này."))


def lead_or_chair(actor: User, inspection: Inspection) -> bool:
    """The team lead, or one holding the chair's role in the inspecting unit (an administrator only
    like anyone else): who records the notice's delivery to a unit without an account."""
    is_lead = inspection.team.filter(user=actor, role=TeamMember.Role.LEAD).exists()
    return is_lead or user_holds_role(user=actor, roles=CHAIR, unit=inspection.unit)


def subject_rep_of(actor: User, unit: Unit) -> bool:
    """A representative of the unit inspected or that must act (acknowledge, documents, explanation,
    report on a recommendation): the unit's own step, an administrator's only holding the role."""
    return user_holds_role(user=actor, roles=(Role.SUBJECT_REP,), unit=unit)


def require_subject_rep(actor: User, inspection: Inspection) -> None:
    if not subject_rep_of(actor, inspection.subject_unit):
        raise OutOfScope(_("Không tìm thấy cuộc kiểm tra."))


def require_status(inspection: Inspection, *statuses: str, action: str) -> None:
    if inspection.status not in statuses:
        raise TransitionNotAllowed(
            gettext("Không thể %(action)s khi cuộc kiểm tra đang ở bước “%(status)s”.")
            % {"action": action, "status": inspection.get_status_display()}
        )


def step_audit(inspection: Inspection, actor: User, action: str, before: str, reason: str = "", **after: Any) -> None:
    """The audit event of a step on the inspection. Its status is recorded only when the step changed it
    (`before` → the inspection's status now): forming the team or adding documents moves it nowhere."""
    moved = before != inspection.status
    audit_record(
        actor=actor,
        action=f"inspection.{action}",
        target=inspection,
        unit=inspection.unit,
        before={"status": before} if moved else {},
        after={"status": inspection.status, **after} if moved else after,
        reason=reason,
    )


def subject_reps(inspection: Inspection) -> list[User]:
    return list(users_with_role(unit=inspection.subject_unit, roles=[Role.SUBJECT_REP]))


def uploads_store(uploads: list[UploadedFile] | None, *, target: Any, unit: Unit, actor: User, kind: str) -> int:
    if not uploads:
        return 0
    from casework.files.services import attachment_store

    for upload in uploads:
        attachment_store(upload=upload, target=target, unit=unit, actor=actor, kind=kind)
    return len(uploads)
