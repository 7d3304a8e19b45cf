"""Reads about units, users and roles; above all the one scoping function every selector uses."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import Q, QuerySet

from casework.org import role_cache
from casework.org.models import Absence, Role, RoleAssignment, RoleAssignmentQuerySet, Unit, User
from casework.search.text import fold
from core import clock
from core.reading import read_once


def _assignments_on(user_id: int, day: Any) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.active_on(day).filter(user_id=user_id).select_related("unit")


def role_assignments_active(*, user: User) -> QuerySet[RoleAssignment]:
    return _assignments_on(user.pk, clock.today())


def active_assignments(*, user: User) -> list[RoleAssignment]:
    """Today's role assignments of the user, read once per request (see org.role_cache)."""
    if not user.is_authenticated or not user.is_active:
        return []
    day = clock.today()
    return role_cache.remembered(user.pk, day, lambda: list(_assignments_on(user.pk, day)))


def token_assignment_rows() -> RoleAssignmentQuerySet:
    """Role assignments, each with its user, the user's API token and its unit: what
    `token_assignments` narrows."""
    return RoleAssignment.objects.select_related("user__auth_token", "unit")


def token_assignments(*, key: str, day: Any, rows: RoleAssignmentQuerySet | None = None) -> RoleAssignmentQuerySet:
    """The assignments `active_assignments` reads on `day`, found by the user's API token, each
    with the user and the token: token authentication reads the token and the roles at once.
    `rows` is `token_assignment_rows()`, or a query made from it (with annotations of its own)."""
    rows = token_assignment_rows() if rows is None else rows
    return rows.filter(user__auth_token__key=key).active_on(day)


def assignments_read_ahead(*, users: Iterable[User]) -> None:
    """Today's role assignments of several users, read in one query for the request's later checks of
    each of them (`active_assignments`): a page asking about every decider of a case reads their roles once."""
    day = clock.today()
    pks = role_cache.unremembered([u.pk for u in users if u.is_authenticated and u.is_active], day)
    if not pks:
        return
    found: dict[int, list[RoleAssignment]] = {pk: [] for pk in pks}
    for ra in RoleAssignment.objects.active_on(day).filter(user_id__in=pks).select_related("unit"):
        found[ra.user_id].append(ra)
    for pk, assignments in found.items():
        role_cache.remembered(pk, day, lambda assignments=assignments: assignments)


def assignments_read(*, user: User, day: Any, assignments: list[RoleAssignment]) -> None:
    """The user's assignments on `day` as just read: the request's later checks use them."""
    role_cache.remembered(user.pk, day, lambda: assignments)


def user_roots(*, user: User, roles: Iterable[str] | None = None) -> list[Unit]:
    """The units where the user holds one of `roles` today (all roles when None)."""
    wanted = None if roles is None else set(roles)
    return [ra.unit for ra in active_assignments(user=user) if wanted is None or ra.role in wanted]


def everything_q() -> Q:
    """Every row: a condition always true, which Django leaves out of the SQL (no WHERE, the plan of
    no filter). Unlike an empty Q(), it stays "everything" when OR-ed: `Q() | Q(x)` is `Q(x)`."""
    return ~Q(pk__in=[])


def scope_q(*, user: User, roles: Iterable[str] | None = None, prefix: str = "") -> Q:
    """A Q object matching units (through `prefix`, e.g. "unit__") the user may see.

    Roles reach the unit they are held in and its subtree. Superusers see everything (`everything_q()`,
    which may be OR-ed or AND-ed like any other scope). A user with no matching role matches nothing.
    """
    if user.is_authenticated and user.is_superuser:
        return everything_q()
    return holder_scope_q(user=user, roles=roles, prefix=prefix)


def holder_scope_q(*, user: User, roles: Iterable[str] | None = None, prefix: str = "") -> Q:
    """A Q object matching units (through `prefix`) where the user holds one of `roles` today, and
    their subtrees: `user_holds_role` as a filter, for the lists of steps only a holder takes (being
    an administrator is not one). A user with no matching role matches nothing."""
    roots = user_roots(user=user, roles=roles)
    if not roots:
        return Q(pk__in=[])
    q = Q()
    for path in _minimal_paths(unit.path for unit in roots):
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def units_visible_to(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[Unit]:
    """The units a user may see for the given roles: their units and their subtrees."""
    return Unit.objects.filter(scope_q(user=user, roles=roles))


def unit_is_visible(*, user: User, unit: Unit, roles: Iterable[str] | None = None) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(unit.path.startswith(root.path) for root in user_roots(user=user, roles=roles))


def user_has_role(*, user: User, roles: Iterable[str], unit: Unit | None = None) -> bool:
    """Whether the user may act in one of `roles` today, in `unit` or one of its ancestors: they
    hold it there (`user_holds_role`), or they are an administrator (superuser), who reaches every
    unit for the administration and the work the role matrix gives them (docs/roles.md). Never
    the question for a decision of the body or its chair: that is `user_holds_role`."""
    if user.is_authenticated and user.is_superuser:
        return True
    return user_holds_role(user=user, roles=roles, unit=unit)


def user_holds_role(*, user: User, roles: Iterable[str], unit: Unit | None = None) -> bool:
    """Whether the user holds one of `roles` today, in `unit` or one of its ancestors (anywhere
    when `unit` is None), under an assignment of their own or an acting appointment; being an
    administrator is not one. Who decides on a case or an escalation and who votes in a
    discipline ballot asks this (docs/roles.md)."""
    roots = user_roots(user=user, roles=roles)
    if unit is None:
        return bool(roots)
    return any(unit.path.startswith(root.path) for root in roots)


def user_holds_role_titular(*, user: User, roles: Iterable[str], unit: Unit) -> bool:
    """Whether the user holds one of `roles` today in `unit` or one of its ancestors in their own
    right: an acting appointment (quyền chủ nhiệm) does not count, nor does being an administrator."""
    wanted = set(roles)
    return any(
        ra.role in wanted and not ra.acting_document and unit.path.startswith(ra.unit.path)
        for ra in active_assignments(user=user)
    )


def users_visible_to(*, user: User) -> QuerySet[User]:
    """People the user may name in a filter: themselves and whoever holds (or held) a role in a unit
    they see. Anyone else is answered like an id that does not exist."""
    if not user.is_authenticated:
        return User.objects.none()
    holders = RoleAssignment.objects.filter(scope_q(user=user, prefix="unit__")).values("user_id")
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=holders))


def users_nameable_by(*, user: User) -> QuerySet[User]:
    """Active people the user may name in a choice (an assignee, a team, a substitute): those of
    `users_visible_to`, and whoever holds a role in a unit above the user's own (the committee
    above lends members to teams below). Anyone else is answered like an id that does not exist,
    so an id says nothing of people outside the user's reach, not even their name."""
    if not user.is_authenticated:
        return User.objects.none()
    above = Q(pk__in=[])
    for root in user_roots(user=user):
        above |= Q(unit__in=root.ancestors())
    holders = RoleAssignment.objects.filter(scope_q(user=user, prefix="unit__") | above).values("user_id")
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=holders), is_active=True)


def users_with_role(*, unit: Unit, roles: Iterable[str], include_ancestors: bool = False) -> QuerySet[User]:
    """Users holding a role in `unit` itself (and its ancestors when asked) today."""
    units = Q(unit=unit)
    if include_ancestors:
        units |= Q(unit__in=unit.ancestors())  # a subquery: no round trip of its own
    return _holders(units, list(roles), clock.today()).order_by("username")


def nearest_with_role(*, unit: Unit, roles: Iterable[str], exclude: Collection[int] = ()) -> list[User]:
    """Holders of `roles` in `unit`, less the people in `exclude`; a unit with none of its own (a small
    grassroots union, or its only holder excluded) falls back to its nearest ancestor that has some."""
    for candidate in [unit, *reversed(list(unit.ancestors()))]:
        holders = [u for u in users_with_role(unit=candidate, roles=roles) if u.pk not in exclude]
        if holders:
            return holders
    return []


def users_with_role_by_unit(*, units: Iterable[Unit], roles: Iterable[str]) -> dict[int, list[User]]:
    """`users_with_role` of several units at once (unit pk → its holders, by username), in one query."""
    unit_ids = list({unit.pk for unit in units})
    found: dict[int, list[User]] = {pk: [] for pk in unit_ids}
    if not unit_ids:
        return found
    assignments = _assignments_held(Q(unit__in=unit_ids), list(roles), clock.today()).filter(user__is_active=True)
    seen: set[tuple[int, int]] = set()
    for ra in assignments.select_related("user").order_by("user__username", "pk"):
        if (ra.unit_id, ra.user_id) not in seen:
            seen.add((ra.unit_id, ra.user_id))
            found[ra.unit_id].append(ra.user)
    return found


def _assignments_held(units: Q, roles: list[str], day: Any) -> RoleAssignmentQuerySet:
    """The assignments that make someone a holder of `roles` in these units on `day` (`users_with_role`)."""
    return RoleAssignment.objects.active_on(day).filter(units, role__in=roles)


def _holders(units: Q, roles: list[str], day: Any) -> QuerySet[User]:
    holders = _assignments_held(units, roles, day)
    # A semi-join on the holders' ids: each user once without DISTINCT over every user column.
    return User.objects.filter(is_active=True, pk__in=holders.values("user_id"))


def unit_tree(*, user: User) -> QuerySet[Unit]:
    """Visible units in tree order, for the unit tree page."""
    return units_visible_to(user=user).order_by("path")


def _minimal_paths(paths: Iterable[str]) -> list[str]:
    """Drop paths already covered by an ancestor path: fewer OR terms in the query."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return result


def absences_in_force(*, day: Any = None) -> QuerySet[Absence]:
    day = day or clock.today()
    return Absence.objects.filter(starts_on__lte=day, ends_on__gte=day)


def stand_in_for(user: Any, *, day: Any = None) -> Any:
    """Who does `user`'s work today: their substitute while an absence with one is in force, else themselves."""
    if user is None:
        return None
    day = day or clock.today()
    # A page asks it of one person for several of its actions: within its reading (core.reading), once.
    return read_once(("stand_in_for", user.pk, day), lambda: stand_ins(user_ids=[user.pk], day=day).get(user.pk, user))


def stand_ins(*, user_ids: Iterable[int], day: Any = None) -> dict[int, User]:
    """absent user id → substitute, for the users among `user_ids` away today with a substitute
    (should two absences overlap, the one that began last)."""
    return absence_cover(user_ids=user_ids, day=day)[0]


def absence_cover(*, user_ids: Iterable[int], day: Any = None) -> tuple[dict[int, User], set[int]]:
    """Who covers the users among `user_ids` away today: (absent user id → the person who does their
    work, ids of those away with nobody able to). The one rule for task routing, notices and
    permission checks:

    - should two absences of one person overlap, the one that began last names the substitute;
    - a substitute away themself hands on to their own substitute, and so on; a loop (A for B, B for A)
      leaves nobody;
    - a substitute counts only while active and holding, today, a role in a unit of the absent
      person or above it, and, for each role of the absent person that is
      offered steps, a role offered all of them there or above: one whose
      role has ended, or who cannot take the absent person's steps, covers nobody.

    Those left uncovered are the committee chair's to cover (`notifications.services.notify`).
    The usual answer, nobody away, costs one light query."""
    day = day or clock.today()
    wanted = set(user_ids)
    away: dict[int, int | None] = {}  # user id → substitute id named by the absence in force
    asking, asked = wanted, set(wanted)
    while asking:
        # One filter, no ORDER BY (the usual answer is no row at all): the rows are put in order here.
        rows = sorted(
            Absence.objects.filter(starts_on__lte=day, ends_on__gte=day, user_id__in=list(asking)).values_list(
                "starts_on", "pk", "user_id", "substitute_id"
            )
        )
        for _s, _pk, user_id, substitute_id in rows:
            away[user_id] = substitute_id
        # The substitutes named: are they away too? (one query per link of the longest chain)
        asking = {s for _s, _pk, _u, s in rows if s is not None} - asked
        asked |= asking
    absent = wanted & away.keys()
    if not absent:  # the usual case: nobody is away, one light query
        return {}, set()
    final: dict[int, int] = {}
    for user_id in absent:
        seen, substitute = {user_id}, away[user_id]
        while substitute is not None and substitute in away and substitute not in seen:
            seen.add(substitute)
            substitute = away[substitute]
        if substitute is not None and substitute not in seen:
            final[user_id] = substitute
    held = _roles_held(user_ids={*final, *final.values()}, day=day)
    people = User.objects.filter(is_active=True).in_bulk(set(final.values())) if final else {}
    covered = {
        user_id: people[substitute_id]
        for user_id, substitute_id in final.items()
        if substitute_id in people and _covers(held.get(user_id, []), held.get(substitute_id, []))
    }
    return covered, absent - covered.keys()


def standing_in_for(*, user: Any, day: Any = None) -> dict[int, User]:
    """The people `user` does the work of today (absent user id → that person), by `absence_cover`:
    directly named, or down a chain of substitutes away themselves. One query when nobody is away."""
    day = day or clock.today()
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    away = set(Absence.objects.filter(starts_on__lte=day, ends_on__gte=day).values_list("user_id", flat=True))
    if not away:
        return {}
    covered, _nobody = absence_cover(user_ids=away, day=day)
    mine = [absent_id for absent_id, substitute in covered.items() if substitute.pk == user.pk]
    return User.objects.in_bulk(mine) if mine else {}


Held = list[tuple[str, str]]  # (role, unit path) of each role held on a day


def _roles_held(*, user_ids: Iterable[int], day: Any) -> dict[int, Held]:
    """The roles each user holds on `day`, with the paths of their units."""
    found: dict[int, Held] = {}
    rows = RoleAssignment.objects.active_on(day).filter(user_id__in=list(user_ids))
    for user_id, role, path in rows.values_list("user_id", "role", "unit__path"):
        found.setdefault(user_id, []).append((role, path))
    return found


def _paths_reach(absent: Held, substitute: Held) -> bool:
    """A role in one of the absent person's units or above it reaches their work."""
    return any(path.startswith(other) for _r, path in absent for _o, other in substitute)


def _work_left(absent: Held, substitute: Held) -> Held:
    """The absent person's roles whose steps the substitute cannot take: for each, the substitute holds
    no role offered every step of it (`roles_covering`, read from the flows) in its unit or above."""
    # The flows are read from the workflows app, which builds on this module: imported when asked.
    from workflows.flows.routing import roles_covering

    able = roles_covering()
    return [
        (role, path)
        for role, path in absent
        if role in able and not any(other in able[role] and path.startswith(at) for other, at in substitute)
    ]


def _covers(absent: Held, substitute: Held) -> bool:
    return _paths_reach(absent, substitute) and not _work_left(absent, substitute)


def substitute_coverage(
    *, user: User, substitute_ids: Iterable[int], day: Any = None
) -> dict[int, list[RoleAssignment] | None]:
    """For each of `substitute_ids`, how far they reach `user`'s work on `day`: None when they hold no
    role in a unit of `user` or above it (they may not stand in), else `user`'s role assignments whose
    steps they cannot take (none: they can do the work). Two queries for any number of people: the
    rule `absence_cover` applies every day of an absence, asked of a whole list at once."""
    day = day or clock.today()
    ids = list(substitute_ids)
    held = _roles_held(user_ids=[user.pk, *ids], day=day)
    mine_held = held.get(user.pk, [])
    mine: list[RoleAssignment] | None = None
    found: dict[int, list[RoleAssignment] | None] = {}
    for substitute_id in ids:
        theirs = held.get(substitute_id, [])
        if not _paths_reach(mine_held, theirs):
            found[substitute_id] = None
            continue
        left = set(_work_left(mine_held, theirs))
        if left and mine is None:
            mine = list(
                RoleAssignment.objects.active_on(day)
                .filter(user=user)
                .select_related("unit")
                .order_by("unit__path", "role")
            )
        found[substitute_id] = [ra for ra in mine or [] if (ra.role, ra.unit.path) in left]
    return found


def absence_people(*, user: Any) -> QuerySet[User]:
    """People `user` may name on an absence, as the person away or the one who stands in: themselves
    and the active people holding, today, a role in a unit they see. The list the page offers, the
    ids the API accepts and the choice the service checks."""
    if not user.is_authenticated:
        return User.objects.none()
    holders = RoleAssignment.objects.active_on(clock.today()).filter(scope_q(user=user, prefix="unit__"))
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk=user.pk) | Q(pk__in=holders.values("user_id")))
        .order_by("full_name", "username")
    )


# Who may record, change or end another person's absence: the committee chair or leadership of a unit
# where the person holds a role (or above it).
ABSENCE_MANAGER_ROLES = (Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER)


def absence_managed_holders(*, actor: Any) -> RoleAssignmentQuerySet:
    """The role assignments held today in a unit where `actor` is committee chair or leadership, or
    below it: whose holders' absences `actor` may record, change or end besides their own."""
    return RoleAssignment.objects.active_on(clock.today()).filter(
        scope_q(user=actor, roles=ABSENCE_MANAGER_ROLES, prefix="unit__")
    )


def absence_managed_people(*, user: Any) -> QuerySet[User]:
    """People whose absence `user` may record: themselves and the active holders of
    `absence_managed_holders`. The person-away list the page offers."""
    if not user.is_authenticated:
        return User.objects.none()
    holders = absence_managed_holders(actor=user)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk=user.pk) | Q(pk__in=holders.values("user_id")))
        .order_by("full_name", "username")
    )


def acting_document_for(*, user: Any, unit: Any, role: str | None = None) -> str:
    """The appointment under which `user` holds a role (`role`, or any) reaching `unit` only in an
    acting capacity ("" if none)."""
    if user is None or not getattr(user, "is_authenticated", False) or unit is None:
        return ""
    held = [
        ra
        for ra in active_assignments(user=user)
        if unit.path.startswith(ra.unit.path) and (role is None or ra.role == role)
    ]
    own_roles = {ra.role for ra in held if not ra.acting_document}
    return next((ra.acting_document for ra in held if ra.acting_document and ra.role not in own_roles), "")


def position_held(*, user: Any, unit: Any, role: str) -> str:
    """The position (`Position`) `user` holds today under their own assignment of `role` reaching `unit`, the
    nearest unit's first; "" when none is known or the role is held only as acting."""
    if user is None or not getattr(user, "is_authenticated", False) or unit is None:
        return ""
    held = [
        ra
        for ra in active_assignments(user=user)
        if ra.role == role and not ra.acting_document and unit.path.startswith(ra.unit.path)
    ]
    return next((ra.position for ra in sorted(held, key=lambda ra: -len(ra.unit.path)) if ra.position), "")


def absence_list(*, user: Any) -> QuerySet[Absence]:
    """Absences the reader may see: their own, and those of people holding roles in units of their scope."""
    if not user.is_authenticated:
        return Absence.objects.none()
    people = RoleAssignment.objects.filter(scope_q(user=user, prefix="unit__")).values("user_id")
    return (
        Absence.objects.filter(Q(user=user) | Q(user_id__in=people))
        .select_related("user", "substitute")
        .order_by("-starts_on", "-pk")
    )


def acting_appointment_list(*, user: Any) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(scope_q(user=user, prefix="unit__"))
        .exclude(acting_document="")
        .select_related("user", "unit")
        .order_by("-valid_from", "-pk")
    )


def unit_names_holding(*, phrases: Iterable[str]) -> list[str]:
    """The names of the units of the tree (active or not) that hold any of `phrases`, accents and case
    ignored: where a denouncer's place is written as part of a unit's name, it is not masked
    (casework.cases.redaction.masks_places)."""
    keys = {key for phrase in phrases if (key := fold(phrase))}
    if not keys:
        return []
    query = Q()
    for key in keys:
        query |= Q(name_folded__contains=key)
    return list(Unit.objects.filter(query).values_list("name", flat=True).distinct())
