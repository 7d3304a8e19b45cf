"""A human task whose owner and pool come from our roles in units, not Django permissions.

viewflow's own View node checks `user.has_perm(...)` without looking at the object; here the
check is "holds one of these roles in the task's unit (or above it)" (`user_holds_role`), the rule
the inbox offers a pool by, so nobody is offered a task on a unit outside their scope, and an
administrator takes a pooled step (an approval, an inspection's decision) only holding its role,
as the services of those steps require (docs/roles.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from viewflow.workflow import flow
from viewflow.workflow.nodes.view import ViewActivation

from casework.org.selectors import stand_in_for, user_holds_role
from workflows.deadline_status import target_key
from workflows.escalations import target_excluded

POOL_PREFIX = "roles:"


class RoleTaskActivation(ViewActivation):
    """Writes the task with what it was opened for in its first INSERT: the pool's unit, kept so
    the inbox can scope pools in one query, and the object's status, which tells routing whether
    the step is still the object's current one (workflows.flows.routing)."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        obj = prev_activation.process.artifact
        unit = flow_task.unit_for(obj)
        data = {**(data or {}), "unit_path": unit.path, "unit_id": unit.pk, "status": obj.status}
        return super().create(flow_task, prev_activation, token, data=data, seed=seed)


class RoleTask(flow.View):
    """Việc của một người: owned by `owner(obj)` when it names someone, else offered to a pool of
    the people holding `roles` in `unit(obj)` (the object's own unit by default)."""

    activation_class = RoleTaskActivation

    def __init__(
        self,
        *,
        roles: Iterable[str],
        owner: Callable[[Any], Any] | None = None,
        unit: Callable[[Any], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(view=None, **kwargs)
        self.roles = tuple(str(r) for r in roles)
        self.owner_of = owner
        self.unit_of = unit or (lambda obj: obj.unit)
        self.Assign(self.assign_owner)
        # ",role," markers let the inbox match one role exactly with a LIKE.
        self.Permission(POOL_PREFIX + "," + ",".join(self.roles) + ",")

    @property
    def follows_owner(self) -> bool:
        """The task is held by one person (`owner`), so it moves when that person changes."""
        return self.owner_of is not None

    def owner_for(self, obj: Any) -> Any:
        """The person who does the step today: the object's holder, or their substitute while they are away.

        A substitute recused from the object (the person it is about, the leadership of its unit)
        never holds its task: it goes to the pool of the step's roles, where a colleague takes it."""
        if not self.owner_of:
            return None
        holder = self.owner_of(obj)
        stand_in = stand_in_for(holder)
        if stand_in is not None and holder is not None and stand_in.pk != holder.pk:
            target_type, target_id = target_key(obj)
            if stand_in.pk in target_excluded(target_type, target_id):
                return None
        return stand_in

    def unit_for(self, obj: Any) -> Any:
        return self.unit_of(obj)

    def assign_owner(self, activation: Any) -> Any:
        return self.owner_for(activation.process.artifact)

    def can_execute(self, user: Any, task: Any) -> bool:
        if task.owner_id:
            return task.owner_id == getattr(user, "pk", None)
        return self.can_assign(user, task)

    def can_assign(self, user: Any, task: Any) -> bool:
        """A pooled task is claimed by a member of its pool: one holding a role of the step in the
        task's unit or above it today, not recused from the object (the inbox's pool, inbox._pool_q)."""
        if task.owner_id or user is None or not user.is_authenticated or not user.is_active:
            return False
        obj = task.process.artifact
        if not user_holds_role(user=user, roles=self.roles, unit=self.unit_for(obj)):
            return False
        return user.pk not in target_excluded(*target_key(obj))


class RoutedStartMixin:
    """Links a new process to its object before the first routing decision reads it."""

    def start_object(self, activation, obj):
        activation.process.artifact = obj
        return activation.process


def status_is(*statuses: str):
    """A routing condition: the object's saved status is one of `statuses`."""

    def check(activation) -> bool:
        return activation.process.artifact.status in statuses

    return check
