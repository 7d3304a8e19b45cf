"""A human task whose owner and pool come from our roles in units, not Django permissions.

viewflow's own View node checks `user.has_perm(...)` without looking at the object; here the
check is "holds one of these roles in the case's unit (or above it)", the same rule the domain
services apply, so nobody is offered a task on a unit outside their scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from viewflow.workflow import flow

from casework.org.selectors import user_has_role

POOL_PREFIX = "roles:"


class RoleTask(flow.View):
    """Việc của một người: owned by `owner(process)` if it returns a user, else offered to a pool."""

    def __init__(self, *, roles: Iterable[str], owner: Callable[[Any], Any] | None = None, **kwargs: Any) -> None:
        super().__init__(view=None, **kwargs)
        self.roles = tuple(str(r) for r in roles)
        self._owner_fn = owner
        self.Assign(self._assign_owner)
        self.Permission(POOL_PREFIX + ",".join(self.roles))

    def _assign_owner(self, activation: Any) -> Any:
        if self._owner_fn is None:
            return None
        return self._owner_fn(activation.process.artifact)

    def _unit(self, task: Any) -> Any:
        artifact = task.process.artifact
        return getattr(artifact, "unit", None)

    def can_execute(self, user: Any, task: Any) -> bool:
        if task.owner_id:
            return task.owner_id == getattr(user, "pk", None)
        return self.can_assign(user, task)

    def can_assign(self, user: Any, task: Any) -> bool:
        if task.owner_id or user is None or not user.is_authenticated:
            return False
        unit = self._unit(task)
        return unit is not None and user_has_role(user=user, roles=self.roles, unit=unit)
