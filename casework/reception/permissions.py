"""Who may schedule reception sessions, keep the reception book and read it."""

from __future__ import annotations

from typing import Any

from casework.cases.permissions import INTAKE_ROLES, LEADERSHIP_ROLES, READ_ROLES
from casework.org.models import Role
from casework.org.selectors import user_has_role

SCHEDULE_ROLES = (*INTAKE_ROLES, *LEADERSHIP_ROLES)
# The people who receive citizens: leaders of the union, the committee and its officers.
RECEIVER_ROLES = (*INTAKE_ROLES, *LEADERSHIP_ROLES, Role.INSPECTOR)
BOOK_READ_ROLES = READ_ROLES


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
