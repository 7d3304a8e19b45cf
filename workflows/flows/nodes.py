"""A human task whose owner and pool come from our roles in units, not Django permissions.

viewflow's own View node checks `user.has_perm(...)` without looking at the object; here the
check is "holds one of these roles in the task's unit (or above it)" (`user_holds_role`), the rule
the inbox offers a pool by, so nobody is offered a task on a unit outside their scope, and an
administrator takes a pooled step (an approval, an inspection's decision) only holding its role,
as the services of those steps require (docs/roles.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from viewflow.workflow import flow
from viewflow.workflow.nodes.view import ViewActivation

from casework.org.selectors import active_assignments, stand_in_for, user_holds_role
from workflows.deadline_status import target_key
from workflows.escalations import target_excluded

POOL_PREFIX = "roles:"
# A pool of the holders of the roles in the task's unit itself, not above it: the people a domain rule
# names for one object (the leadership of one unit, the committee chairs of one unit).
UNIT_POOL_PREFIX = "unit:"


@dataclass(frozen=True)
class Pool:
    """Who may take a task nobody holds: the holders of `roles` in `unit` or a unit above it, or,
    `exact`, in `unit` itself only."""

    roles: tuple[str, ...]
    unit: Any
    exact: bool = False

    @property
    def permission(self) -> str:
        """The task's marker: ",role," entries let the inbox match one role exactly with a LIKE."""
        return (UNIT_POOL_PREFIX if self.exact else POOL_PREFIX) + "," + ",".join(self.roles) + ","

    def offers(self, user: Any) -> bool:
        """Whether `user` is one of the pool's people today: holding the role (an administrator too)."""
        if not self.exact:
            return user_holds_role(user=user, roles=self.roles, unit=self.unit)
        return any(ra.role in self.roles and ra.unit_id == self.unit.pk for ra in active_assignments(user=user))


@dataclass(frozen=True)
class TakeRule:
    """Who among a step's pool may take it on one object: the rule the step's service applies to its
    actor beyond the role (a signer conflicted with the unit inspected, a chair with no delegation in
    force for the case's kind). `allows(obj, user)` answers for one object (RoleTask.can_assign);
    `objects(user)` is the same rule as a query, the pks of the objects `user` may take the step on
    (the inbox, workflows.flows.inbox), so nobody is offered a task the service would refuse them."""

    allows: Callable[[Any, Any], bool]
    objects: Callable[[Any], QuerySet[Any, Any]]


def route_state(obj: Any) -> str:
    """What routing reads of an object's state: its status, or, for an object whose next step also
    turns on time (`obj.route_state`: an inspection whose subject's time to explain has run out), a
    finer key. A task is opened for one value and completed when the object's value moves on."""
    return str(getattr(obj, "route_state", obj.status))


class RoleTaskActivation(ViewActivation):
    """Writes the task with what it was opened for in its first INSERT: where it waits (`placement`:
    the pool's unit, kept so the inbox can scope pools in one query), and the object's status, which
    tells routing whether the step is still the object's current one (workflows.flows.routing)."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        obj = prev_activation.process.artifact
        placement = flow_task.placement(obj, flow_task.owner_for(obj))
        data = {**(data or {}), **placement, "status": route_state(obj)}
        return super().create(flow_task, prev_activation, token, data=data, seed=seed)


class RoleTask(flow.View):
    """Việc của một người: owned by `owner(obj)` when it names someone, else offered to a pool of
    the people holding `roles` in `unit(obj)` (the object's own unit by default), or to the one
    `pool(obj)` names when it names one (the people a domain rule puts in their place, e.g. when
    every holder of the step's roles is recused from the object); `roles_of(obj)`, when given,
    narrows the step's own pool to the roles among `roles` that the object's step is offered to
    (an inspection's signers: roles.signer_roles); `rule`, when given, is who among that pool the
    step's service accepts on the object (`TakeRule`); `due(obj)`, when given, is the step's own last
    day for the one who takes it, kept apart from the object's clocks (a unit's time to explain), which
    their task lists show instead of the object's running deadline."""

    activation_class = RoleTaskActivation

    def __init__(
        self,
        *,
        roles: Iterable[str],
        roles_of: Callable[[Any], Iterable[str]] | None = None,
        owner: Callable[[Any], Any] | None = None,
        unit: Callable[[Any], Any] | None = None,
        pool: Callable[[Any], Pool | None] | None = None,
        rule: TakeRule | None = None,
        due: Callable[[Any], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(view=None, **kwargs)
        self.due_of = due
        self.roles = tuple(str(r) for r in roles)  # every role the step may be offered
        self.roles_of = roles_of
        self.owner_of = owner
        self.unit_of = unit or (lambda obj: obj.unit)
        self.pool_of = pool
        self.rule = rule
        self.Assign(self.assign_owner)
        self.Permission(self.pool_permission)

    def roles_for(self, obj: Any) -> tuple[str, ...]:
        """The roles whose holders make the step's own pool on `obj`: who finds its task in their
        inbox (the marker written when the task opens, `pool_permission`) and who may claim it."""
        if self.roles_of is None:
            return self.roles
        offered = {str(r) for r in self.roles_of(obj)}
        return tuple(r for r in self.roles if r in offered)

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

    def pool_for(self, obj: Any) -> Pool:
        """Who may take the task when nobody holds it: `pool(obj)`, else the step's roles in its unit."""
        named = self.pool_of(obj) if self.pool_of is not None else None
        return named or Pool(self.roles_for(obj), self.unit_of(obj))

    def placement(self, obj: Any, owner: Any) -> dict[str, Any]:
        """What the task's data records of where it waits for `owner`: the unit of its pool, and,
        when it waits in the pool because nobody may stand in for its holder, whom it is held for,
        so that it goes back to them when they return (workflows.flows.routing.tasks_rehome)."""
        unit = self.pool_for(obj).unit
        data: dict[str, Any] = {"unit_path": unit.path, "unit_id": unit.pk}
        holder = self.owner_of(obj) if self.owner_of is not None else None
        if owner is None and holder is not None:
            data["held_for"] = holder.pk
        return data

    def pool_permission(self, activation: Any) -> str:
        return self.pool_for(activation.process.artifact).permission

    def unit_for(self, obj: Any) -> Any:
        """The unit of the task's pool (whose committee chairs are told of a task left in it)."""
        return self.pool_for(obj).unit

    def assign_owner(self, activation: Any) -> Any:
        return self.owner_for(activation.process.artifact)

    def can_execute(self, user: Any, task: Any) -> bool:
        if task.owner_id:
            return task.owner_id == getattr(user, "pk", None)
        return self.can_assign(user, task)

    def can_assign(self, user: Any, task: Any) -> bool:
        """A pooled task is claimed by a member of its pool: one holding a role of the step in the
        task's unit or above it today, not recused from the object, whom the step's `rule` admits
        on it (the inbox's pool, inbox._pool_q and inbox._refused_q)."""
        if task.owner_id or user is None or not user.is_authenticated or not user.is_active:
            return False
        obj = task.process.artifact
        if not self.pool_for(obj).offers(user):
            return False
        if user.pk in target_excluded(*target_key(obj)):
            return False
        return self.rule is None or self.rule.allows(obj, user)


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


def state_is(*states: str):
    """A routing condition: the object's routing state (`route_state`) is one of `states`."""

    def check(activation) -> bool:
        return route_state(activation.process.artifact) in states

    return check
