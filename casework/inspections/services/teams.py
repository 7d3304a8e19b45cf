"""The inspection team: at least 3 members (1 in a small grassroots union), none with a conflict of interest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.inspections.models import (
    ConflictDeclaration,
    Inspection,
    TeamMember,
)
from casework.inspections.roles import (
    CHAIR,
    COMMITTEE_ROLES,
    INSPECTION_STAFF,
)
from casework.inspections.services.guards import (
    inspection_lock,
    require_staff,
    require_status,
    step_audit,
)
from casework.inspections.team_size import team_minimum
from casework.org.models import RoleAssignment, Unit, User
from casework.org.selectors import unit_is_visible, user_has_role, user_holds_role, users_with_role
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from workflows.flows.routing import process_advance


def team_may_join(*, user: User, unit: Unit) -> bool:
    """Whether `user` may sit on a team of `unit`'s inspection committee: the team is made of the
    committee's members (Điều lệ Công đoàn Việt Nam: the inspection committee inspects through its
    members), so they hold, today, a role of the committee (inspector, its chair) in `unit` or a
    unit above it (the committee above lends members to the teams below). Being an administrator is
    not one (docs/roles.md). The service checks it (`inspection_team_set`, a plan item's lead), the
    pages offer `team_candidates`, the same people."""
    return user_holds_role(user=user, roles=INSPECTION_STAFF, unit=unit)


def team_candidates(*, unit: Unit) -> QuerySet[User]:
    """The active people `team_may_join` admits to a team of `unit`'s committee: the choices of the
    team's form and of a plan item's lead."""
    return users_with_role(unit=unit, roles=INSPECTION_STAFF, include_ancestors=True)


def team_conflicts(*, users: list[User], subject_unit: Unit) -> dict[int, str]:
    """Members who may not inspect the subject unit, with the reason shown to the chair."""
    return units_team_conflicts(users=users, units=[subject_unit])[subject_unit.pk]


def units_team_conflicts(*, users: list[User], units: Iterable[Unit]) -> dict[int, dict[int, str]]:
    """`team_conflicts` for several subject units at once (unit pk → user pk → reason), in two queries
    whatever their number: the leadership queue names who decides each of its rows so. Conflicted with
    a unit: who holds today a role other than the committee's in it or below it, or declared a conflict
    with it or a unit above it."""
    today = clock.today()
    subjects = list({unit.pk: unit for unit in units}.values())
    conflicts: dict[int, dict[int, str]] = {unit.pk: {} for unit in subjects}
    if not subjects or not users:
        return conflicts
    below = Q(pk__in=[])
    for unit in subjects:
        below |= Q(unit__path__startswith=unit.path)
    held = (
        RoleAssignment.objects.active_on(today)
        .filter(below, user__in=users)
        .exclude(role__in=COMMITTEE_ROLES)
        .select_related("unit")
        .order_by("pk")
    )
    for ra in held:
        for unit in subjects:
            if ra.unit.path.startswith(unit.path):
                conflicts[unit.pk].setdefault(
                    ra.user_id,
                    _("giữ vai trò “%(role)s” tại %(unit)s") % {"role": ra.get_role_display(), "unit": ra.unit.name},
                )
    declared = (
        ConflictDeclaration.objects.filter(
            user__in=users, unit__path__in={p for u in subjects for p in [*u.ancestor_paths(), u.path]}
        )
        .select_related("unit")
        .order_by("pk")
    )
    for d in declared:
        for unit in subjects:
            if unit.path.startswith(d.unit.path):
                conflicts[unit.pk].setdefault(
                    d.user_id,
                    _("đã kê khai xung đột lợi ích với %(unit)s (%(reason)s)")
                    % {"unit": d.unit.name, "reason": d.reason},
                )
    return conflicts


def _case_recusals(inspection: Inspection, people: list[User]) -> dict[int, str]:
    """People recused from a case one of the inspection's flags came from (the person denounced,
    leaders of the unit denounced): they never sit on the team that inspects it."""
    from casework.cases.models import Case
    from casework.cases.recusal import case_recusal_reason

    case_ids = [
        int(pk)
        for pk in inspection.flags.filter(source_type="cases.case").values_list("source_id", flat=True)
        if str(pk).isdigit()
    ]
    found: dict[int, str] = {}
    for case in Case.objects.filter(pk__in=case_ids):
        for user in people:
            why = case_recusal_reason(case=case, user=user)
            if why:
                found.setdefault(user.pk, why)
    return found


@transaction.atomic
def inspection_team_set(*, inspection: Inspection, members: list[User], lead: User, actor: User) -> Inspection:
    """Form the team: at least 3 (1 for a small grassroots union), no one conflicted with the subject."""
    inspection = inspection_lock(inspection)
    require_staff(actor, inspection)
    require_status(inspection, Inspection.Status.OPENED, action=_("thay đổi đoàn kiểm tra"))
    people = list({u.pk: u for u in [lead, *members] if u is not None}.values())
    errors: dict[str, list[str]] = {}
    minimum = team_minimum(inspection)
    if lead is None:
        errors.setdefault("lead", []).append(_("Phải chọn trưởng đoàn."))
    if len(people) < minimum:
        errors.setdefault("members", []).append(
            _("Đoàn kiểm tra phải có ít nhất %(minimum)s thành viên (hiện có %(count)s).")
            % {"minimum": minimum, "count": len(people)}
        )
    outside = [u for u in people if not team_may_join(user=u, unit=inspection.unit)]
    for u in outside:
        errors.setdefault("members", []).append(
            _("%(person)s không phải ủy viên Ủy ban kiểm tra của đơn vị.") % {"person": u}
        )
    for user_id, why in team_conflicts(users=people, subject_unit=inspection.subject_unit).items():
        who = next(u for u in people if u.pk == user_id)
        errors.setdefault("members", []).append(
            _("%(person)s không được tham gia đoàn vì %(why)s (xung đột lợi ích).") % {"person": who, "why": why}
        )
    for user_id, why in _case_recusals(inspection, people).items():
        who = next(u for u in people if u.pk == user_id)
        errors.setdefault("members", []).append(
            _("%(person)s không được tham gia đoàn vì %(why)s (hồi tỵ).") % {"person": who, "why": why}
        )
    if errors:
        raise ValidationFailed(errors)
    inspection.team.all().delete()
    for user in people:
        role = TeamMember.Role.LEAD if user.pk == lead.pk else TeamMember.Role.MEMBER
        TeamMember.objects.create(inspection=inspection, user=user, role=role)
    process_advance(obj=inspection)
    step_audit(
        inspection,
        actor,
        "team_set",
        inspection.status,
        team=[u.pk for u in people],
        lead=lead.pk,
    )
    return inspection


def decider_conflict(*, actor: User, unit: Unit) -> str:
    """Why `actor` may not decide on `unit` ("" when they may): a role held in it, or a declared
    conflict; the team's rule, for whoever signs or decides about the unit (the chair signing an
    inspection's decision or conclusion, leaders deciding an escalation). The pages' and the API's
    allowed actions read it too."""
    return team_conflicts(users=[actor], subject_unit=unit).get(actor.pk, "")


def unit_conflicted_user_ids(*, unit: Unit) -> set[int]:
    """Everyone conflicted with `unit` by the rule of team_conflicts, as ids: who holds a role other
    than the committee's in it or below it today, or declared a conflict with it or a unit above it
    (the people who may neither sign nor decide for the body about it)."""
    held = (
        RoleAssignment.objects.active_on(clock.today())
        .filter(unit__path__startswith=unit.path)
        .exclude(role__in=COMMITTEE_ROLES)
        .values_list("user_id", flat=True)
    )
    declared = ConflictDeclaration.objects.filter(unit__in=[unit, *unit.ancestors()]).values_list("user_id", flat=True)
    return set(held) | set(declared)


def decider_conflict_refusal(*, actor: User, unit: Unit, action: str) -> str:
    """The refusal of `action` on `unit` to a conflicted decider (decider_conflict); "" when they may."""
    return _conflict_refusal(decider_conflict(actor=actor, unit=unit), unit=unit, action=action)


def _conflict_refusal(why: str, *, unit: Unit, action: str) -> str:
    if not why:
        return ""
    return _("Bạn không thể %(action)s %(unit)s: %(why)s.") % {"action": action, "unit": unit.name, "why": why}


def decider_conflict_check(*, actor: User, unit: Unit, action: str) -> None:
    """Refuse `action` on `unit` to a conflicted decider (decider_conflict_refusal)."""
    refusal = decider_conflict_refusal(actor=actor, unit=unit, action=action)
    if refusal:
        raise TransitionNotAllowed(refusal)


def escalations_about_units_refusals(
    escalations: list[Any], users: list[Any], *, units: dict[int, Unit], action: str
) -> dict[tuple[int, int], dict[str, str]]:
    """Every decision on an escalation about a unit (`units`: target pk → the unit it is about), refused to a
    decider conflicted with that unit (decider_conflict's rule, read for all at once: units_team_conflicts),
    for several escalations and deciders ((escalation pk, user pk) → refusals; a target gone is refused
    nothing): the escalation handlers refuse them, the leadership queue's page and the API do not offer them
    (workflows.escalations decider refusals), and the queue names who decides each row by them."""
    from workflows.models import Escalation

    about = {e.pk: units[int(e.target_id)] for e in escalations if int(e.target_id) in units}
    conflicts = units_team_conflicts(users=users, units=about.values())
    found: dict[tuple[int, int], dict[str, str]] = {}
    for pk, unit in about.items():
        for user in users:
            refusal = _conflict_refusal(conflicts[unit.pk].get(user.pk, ""), unit=unit, action=action)
            found[(pk, user.pk)] = dict.fromkeys(Escalation.Decision.values, refusal) if refusal else {}
    return found


def escalation_decider_check(refusals: dict[str, str], decision: str) -> None:
    """Refuse `decision` when the target's decider refusals name it."""
    if decision in refusals:
        raise TransitionNotAllowed(refusals[decision])


def conflict_declare(*, user: User, unit: Unit, reason: str, actor: User) -> ConflictDeclaration:
    """A committee member declares a conflict of interest with a unit; teams for that unit then refuse them."""
    if actor.pk != user.pk and not user_has_role(user=actor, roles=CHAIR, unit=unit):
        raise TransitionNotAllowed(_("Chỉ người kê khai hoặc Chủ nhiệm UBKT được ghi nhận xung đột lợi ích."))
    if not unit_is_visible(user=actor, unit=unit):
        raise OutOfScope(_("Không tìm thấy đơn vị."))
    if not (reason or "").strip():
        raise ValidationFailed({"reason": _("Phải nêu lý do xung đột lợi ích.")})
    declaration = ConflictDeclaration.objects.create(
        user=user, unit=unit, reason=reason.strip()[:255], declared_at=clock.now()
    )
    audit_record(
        actor=actor,
        action="inspection.conflict_declare",
        target=declaration,
        unit=unit,
        after={"user": user.pk, "unit": unit.pk},
        reason=declaration.reason,
    )
    return declaration
