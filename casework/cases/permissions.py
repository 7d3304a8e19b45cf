"""Who may take which step on a case: roles held in the case's competent unit (or above it).

These predicates are wired into the FSM transitions (`permission=`), so the same rule decides
what the detail page offers and what the service accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from casework.org.models import Role
from casework.org.selectors import stand_in_for, user_has_role, user_holds_role

INTAKE_ROLES = (Role.INTAKE_OFFICER, Role.CASE_OFFICER, Role.COMMITTEE_CHAIR)
ASSIGN_ROLES = (Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER)
APPROVE_ROLES = (Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER)
LEADERSHIP_ROLES = (Role.BTV_MEMBER, Role.BCH_MEMBER)
RESOLVER_ROLES = (Role.CASE_OFFICER, Role.INSPECTOR, Role.COMMITTEE_CHAIR)
# The roles a case is assigned to someone in (phân công cán bộ giải quyết): selectors.case_assignable_users.
ASSIGNEE_ROLES = (Role.CASE_OFFICER, Role.INSPECTOR)
READ_ROLES = (
    Role.INTAKE_OFFICER,
    Role.CASE_OFFICER,
    Role.INSPECTOR,
    Role.COMMITTEE_CHAIR,
    Role.BTV_MEMBER,
    Role.BCH_MEMBER,
    Role.AUDITOR,
    Role.ADMIN,
)


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _may_act(case: Any, user: Any) -> bool:
    """An active user not recused from the case: the person concerned never acts on it."""
    from casework.cases.recusal import case_recusal_reason

    return _active(user) and not case_recusal_reason(case=case, user=user)


def can_triage(case: Any, user: Any) -> bool:
    return _may_act(case, user) and user_has_role(user=user, roles=INTAKE_ROLES, unit=case.unit)


def can_assign(case: Any, user: Any) -> bool:
    return _may_act(case, user) and user_has_role(user=user, roles=ASSIGN_ROLES, unit=case.unit)


def _holds(case: Any, user: Any) -> bool:
    """The case is this user's to work on: assigned to them, or to someone they stand in for today."""
    if case.assignee_id == user.pk:
        return True
    return case.assignee_id is not None and getattr(stand_in_for(case.assignee), "pk", None) == user.pk


def can_work(case: Any, user: Any) -> bool:
    """The resolving officer (assignee) or whoever stands in while they are away, or the committee chair."""
    if not _may_act(case, user):
        return False
    if _holds(case, user) and user_has_role(user=user, roles=RESOLVER_ROLES, unit=case.unit):
        return True
    return user_has_role(user=user, roles=(Role.COMMITTEE_CHAIR,), unit=case.unit)


def can_approve(case: Any, user: Any) -> bool:
    """Approving a resolution is the competent body's decision (see can_decide)."""
    return can_decide(case, user)


def can_lead(case: Any, user: Any) -> bool:
    """A member of the competent body (BTV/BCH of the case's unit or above) who holds the role: an
    administrator decides and votes only when they hold it like anyone else (user_holds_role)."""
    return _may_act(case, user) and user_holds_role(user=user, roles=LEADERSHIP_ROLES, unit=case.unit)


def can_withdraw(case: Any, user: Any) -> bool:
    """Recording the sender's withdrawal: whoever received it or is resolving it."""
    return can_triage(case, user) or can_work(case, user)


def is_decider(case: Any, user: Any) -> bool:
    """The person who decides the case: the inspection committee chair of the competent unit itself
    (who assigns it and approves the result), not of a unit above it."""
    from casework.org.selectors import active_assignments

    return _may_act(case, user) and any(
        ra.role == Role.COMMITTEE_CHAIR and ra.unit_id == case.unit_id for ra in active_assignments(user=user)
    )


def can_decide(case: Any, user: Any) -> bool:
    """Decisions that are the competent body's (BCH/BTV of the unit): its members, or the
    committee chair holding a delegation in force for this kind of case (Delegation), or the acting
    chair of that committee in the period of their appointment (`delegation_in_force`). Each of them
    holds the role (user_holds_role): being an administrator is not one."""
    if can_lead(case, user):
        return True
    return (
        _may_act(case, user)
        and user_holds_role(user=user, roles=(Role.COMMITTEE_CHAIR,), unit=case.unit)
        and delegation_in_force(unit_id=case.unit_id, user=user, kind=case.kind)
    )


def case_decidable_q(*, user: Any) -> Q:
    """`can_decide` as a filter over cases (recusal aside: the callers exclude `case_recused_q`): the
    cases of a unit in or below one where the user holds the leadership's role today, and, where they
    hold the committee chair's role, those of the units and kinds a delegation in force lets them
    decide (`delegation_in_force`): one naming them, read in the case's own query; while they hold an
    acting appointment to a chair, one naming a chair of that committee, asked per unit and kind."""
    from django.db.models import Exists, OuterRef

    from casework.cases.models import Delegation, Kind
    from casework.org.selectors import active_assignments, holder_scope_q
    from core import clock

    if not _active(user):
        return Q(pk__in=[])
    leaders = holder_scope_q(user=user, roles=LEADERSHIP_ROLES, prefix="unit__")
    chair_roles = [ra for ra in active_assignments(user=user) if ra.role == Role.COMMITTEE_CHAIR]
    if not chair_roles:
        return leaders
    today = clock.today()
    in_force = Delegation.objects.filter(valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    delegated = Q(pk__in=[])
    for kind in Kind.values:
        # `kinds` is a JSON list of kind codes: matched as its quoted text, the same on SQLite and PostgreSQL.
        naming = in_force.filter(unit_id=OuterRef("unit_id"), delegate_id=user.pk, kinds__icontains=f'"{kind}"')
        delegated |= Q(kind=kind) & Q(Exists(naming))
    acting_units = sorted({ra.unit_id for ra in chair_roles if ra.acting_document})
    if acting_units:
        for unit_id, kinds in in_force.filter(unit_id__in=acting_units).values_list("unit_id", "kinds"):
            for kind in kinds or []:
                if delegation_in_force(unit_id=unit_id, user=user, kind=kind):
                    delegated |= Q(unit_id=unit_id, kind=kind)
    chairs = holder_scope_q(user=user, roles=(Role.COMMITTEE_CHAIR,), prefix="unit__")
    return leaders | (chairs & delegated)


@dataclass
class CaseDeciders:
    """Who decides a case now and who of its competent unit may not, read in one pass (case_deciders_read);
    `unit` is the one whose holders decide (the case's own, or the nearest above with someone to decide)."""

    deciders: list[Any]
    conflicted: list[tuple[Any, str]] = field(default_factory=list)
    unit: Any = None


def case_deciders_read(case: Any) -> CaseDeciders:
    """Who may take the competent body's decisions on this case now (see can_decide): those of the
    competent unit with no conflict of interest in it (case_conflict_reason). When every one of
    them is conflicted, the leaders of the nearest unit above with someone unconflicted, who hold
    the role there too (can_lead reads the unit and its ancestors) and whom the services accept.
    With them, the competent unit's deciders conflicted with the case and why: the case page names
    them and whoever decides instead. Each person's conflict is read once, and within a page's reading
    (core.reading) the whole answer once."""
    from core.reading import read_once

    return read_once(("deciders", case.pk), lambda: _case_deciders_read(case))


def _case_deciders_read(case: Any) -> CaseDeciders:
    from casework.cases.selectors import case_conflict_reasons
    from casework.org.selectors import assignments_read_ahead, users_with_role

    conflicted: list[tuple[Any, str]] = []
    for level in [case.unit, *reversed(list(case.unit.ancestors()))]:
        deciders = []
        holders = list(users_with_role(unit=level, roles=APPROVE_ROLES))
        assignments_read_ahead(users=holders)
        candidates = [user for user in holders if can_decide(case, user)]
        reasons = case_conflict_reasons(case=case, users=candidates)
        for user in candidates:
            if why := reasons[user.pk]:
                if level.pk == case.unit_id:
                    conflicted.append((user, why))
            else:
                deciders.append(user)
        if deciders:
            return CaseDeciders(deciders=deciders, conflicted=conflicted, unit=level)
    return CaseDeciders(deciders=[], conflicted=conflicted)


def case_deciders(case: Any) -> list[Any]:
    """Who may take the competent body's decisions on this case now (case_deciders_read)."""
    return case_deciders_read(case).deciders


def delegation_in_force(*, unit_id: int, user: Any, kind: str) -> bool:
    """Whether `user` may take the body's decisions on a case of `kind` in unit `unit_id` today under a
    delegation (ủy quyền) in force: one naming them, or, while they hold an acting appointment to the
    chair of that unit's committee (quyền Chủ nhiệm UBKT), one naming a chair of that committee. The
    acting chair exercises the chair's powers for the period of the appointment, those the body gave
    the chair included; the decision's audit event names the appointment (audit DECISION_ACTIONS)."""
    from casework.cases.models import Delegation
    from casework.org.models import RoleAssignment
    from core import clock
    from core.reading import read_once

    today = clock.today()
    delegations = (
        Delegation.objects.filter(unit_id=unit_id, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("delegate_id", "valid_from", "kinds")
    )
    # The unit's delegations in force, read once per unit and day within a page's reading (core.reading):
    # the page asks it of each decision it offers and of each person who may decide.
    in_force = read_once(("delegations_in_force", unit_id, today), lambda: list(delegations))
    found = [(delegate_id, since) for delegate_id, since, kinds in in_force if kind in (kinds or [])]
    if any(delegate_id == user.pk for delegate_id, _since in found):
        return True
    acting = (
        RoleAssignment.objects.active_on(today)
        .filter(user_id=user.pk, unit_id=unit_id, role=Role.COMMITTEE_CHAIR)
        .exclude(acting_document="")
    )
    if not found or not acting.exists():
        return False
    # The delegation was given to the committee's chair: the delegate held the chair (in their own
    # right, not acting) in that unit at some time while it has been in force.
    chairs = RoleAssignment.objects.filter(unit_id=unit_id, role=Role.COMMITTEE_CHAIR, acting_document="")
    return any(
        chairs.filter(user_id=delegate_id, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=since))
        .exists()
        for delegate_id, since in found
    )


def _at_intake_with(case: Any, user: Any) -> bool:
    """The letter is being checked before acceptance and `user` holds an intake role for its unit."""
    return case.status == "received" and user_holds_role(user=user, roles=INTAKE_ROLES, unit=case.unit)


def checks_at_intake(case: Any, user: Any) -> bool:
    """Whether `user` checks the letter at intake (`can_reveal_identity`'s first branch, whatever its
    kind): the sender is theirs to verify, and linking the letter to one handled elsewhere their task."""
    return _may_act(case, user) and _at_intake_with(case, user)


def can_reveal_identity(case: Any, user: Any) -> bool:
    """May `user` see who denounced (Luật Tố cáo 2018 Đ.9 k1b, Đ.47, Đ.56)? The one rule for the
    identity, identity-bearing files, redaction and the papers addressed to the denouncer:

    - the intake officer, while checking the letter before acceptance (Đ.24: the denouncer's
      identity is verified then);
    - the officer assigned to resolve it;
    - the person who decides it (`is_decider`);
    - anyone else (leadership included) only on a grant by the person who decides, with a reason.
    Nobody recused from the case, ever; and no administrator for being one (roles held, as
    user_holds_role reads them, never user_has_role's pass for administrators).

    A substitute standing in for the absent assigned officer takes the officer's steps (`_holds`),
    not the identity: who learns it is the resolver's decision (Luật Tố cáo 2018 Đ.47 khoản 1, Đ.48
    khoản 1 điểm a-b: the identity is kept secret and removed from what is handed to those who
    verify), while an absence is recorded by the officer or a manager. The person who decides
    grants it to the substitute by name, with a reason, when the work needs it (`case_identity_grant`).
    """
    if not _may_act(case, user):
        return False
    if _at_intake_with(case, user):
        return True
    if case.assignee_id == user.pk and user_holds_role(user=user, roles=RESOLVER_ROLES, unit=case.unit):
        return True
    if is_decider(case, user):
        return True
    from casework.cases.models import IdentityGrant

    return IdentityGrant.objects.filter(case_id=case.pk, user_id=user.pk).exists()
