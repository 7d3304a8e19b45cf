"""Who may schedule reception sessions, keep the reception book and read it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from casework.cases.permissions import INTAKE_ROLES, LEADERSHIP_ROLES, READ_ROLES
from casework.org.models import Role, RoleAssignment, Unit, User
from casework.org.selectors import user_has_role, user_holds_role
from core import clock

SCHEDULE_ROLES = (*INTAKE_ROLES, *LEADERSHIP_ROLES)
# The people who receive citizens: leaders of the union, the committee and its officers.
RECEIVER_ROLES = (*INTAKE_ROLES, *LEADERSHIP_ROLES, Role.INSPECTOR)
BOOK_READ_ROLES = READ_ROLES


def receivers_for(*, units: Iterable[Unit]) -> QuerySet[User]:
    """Who may receive citizens at a session of one of `units`: the active holders, today, of
    `RECEIVER_ROLES` in it or a unit above it. The rule `reception_session_schedule` applies to the
    session's unit, and the choices the form offers for the units the scheduler may choose."""
    paths = {path for unit in units for path in [*unit.ancestor_paths(), unit.path]}
    holders = RoleAssignment.objects.active_on(clock.today()).filter(role__in=RECEIVER_ROLES, unit__path__in=paths)
    return User.objects.filter(is_active=True, pk__in=holders.values("user_id")).order_by("full_name", "username")


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_schedule(user: Any, unit: Any) -> bool:
    return _active(user) and user_has_role(user=user, roles=SCHEDULE_ROLES, unit=unit)


def can_keep_book(user: Any, session: Any) -> bool:
    """The session's receivers and the unit's intake roles write the book and read the visitors' identities."""
    if not _active(user):
        return False
    if session.receivers.filter(pk=user.pk).exists():
        return True
    return user_has_role(user=user, roles=INTAKE_ROLES, unit=session.unit)


def can_open_case(user: Any, session: Any) -> bool:
    """Turning a visit into a case is an intake: the intake roles of the session's unit."""
    return _active(user) and user_has_role(user=user, roles=INTAKE_ROLES, unit=session.unit)


def visit_denounced(entry: Any) -> bool:
    """A denunciation told in person, whether or not a case was opened from it (Luật Tố cáo 2018 Đ.47)."""
    from casework.cases.models import Kind
    from casework.reception.models import Classification

    return entry.classification == Classification.DENUNCIATION or (
        entry.case_id is not None and entry.case.kind == Kind.DENUNCIATION
    )


def heard_visitors(user: Any, session: Any) -> bool:
    """Those who heard the session's visitors in person: its receivers and whoever holds an intake
    role in its unit; never an administrator for being one (`user_holds_role`)."""
    if not _active(user):
        return False
    if session.receivers.filter(pk=user.pk).exists():
        return True
    return user_holds_role(user=user, roles=INTAKE_ROLES, unit=session.unit)


def can_reveal_visitor(user: Any, entry: Any, *, heard: bool | None = None) -> bool:
    """May `user` learn who told a denunciation in person (Luật Tố cáo 2018 Đ.47 khoản 1, Đ.48 khoản 1
    điểm a-b: the person who resolves decides who learns it)? The case page's rule, read for the book:

    - a visit that became a denunciation: the book's keepers whom `can_reveal_identity` allows on that
      case (its intake before acceptance, its officer, its decider, a grantee);
    - a visit with no case: those who heard it (`heard_visitors`; `heard` when the caller knows it).

    Either way only on a stated reason, each reading audited (`reception_visitor_reveal`)."""
    from casework.cases.models import Kind
    from casework.cases.permissions import can_reveal_identity

    if not _active(user):
        return False
    if entry.case_id is not None and entry.case.kind == Kind.DENUNCIATION:
        return can_keep_book(user, entry.session) and can_reveal_identity(entry.case, user)
    return heard if heard is not None else heard_visitors(user, entry.session)
