"""Keeping each routed object's viewflow process in step with the object's saved state.

How a service routes: a service that creates a case, an inspection or a recommendation, or
changes its status or the person who holds its current step, calls

    process_advance(obj=obj)

once, after saving the object and inside the same transaction (services run under
`transaction.atomic` and hold the object's row lock). Nothing routes on its own: there is no
`post_save` receiver. The call goes through viewflow's public activation API only:

- no process yet: the flow's `start` node runs (`StartHandle.run`), its `route` switch picks the
  first step;
- the status (its routing state, `nodes.route_state`) moved away from the one the open task was
  opened for (kept in the task's data, see `RoleTaskActivation`): the task is completed through its activation (`assign` → `start` →
  `execute`), which passes the `route` switch (viewflow's own Switch: the first matching `Case`,
  else the `Default`) and creates the task for the next step;
- only the holder changed (a reassignment, a new team lead): the open task is handed over with the
  activation's `assign`/`reassign`/`unassign`.

So a flow never decides a status: it decides who works next, and it commits or rolls back with
the service.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from viewflow.workflow import flow
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from workflows.flows.cases import FLOW_FOR_KIND
from workflows.flows.inspections import FollowUpFlow, InspectionFlow
from workflows.flows.nodes import RoleTask, route_state

OPEN_TASK_STATUSES = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


@dataclass(frozen=True)
class Routed:
    flow_for: Callable[[Any], Any]


ROUTED: dict[str, Routed] = {
    "cases.Case": Routed(flow_for=lambda case: FLOW_FOR_KIND[case.kind]),
    "inspections.Inspection": Routed(flow_for=lambda _obj: InspectionFlow),
    "inspections.Recommendation": Routed(flow_for=lambda _obj: FollowUpFlow),
}


FLOWS: tuple[type[flow.Flow], ...] = (*FLOW_FOR_KIND.values(), InspectionFlow, FollowUpFlow)


@functools.cache
def roles_covering() -> dict[str, frozenset[str]]:
    """role → the roles that can do the work of someone holding it: those offered every step (every
    `RoleTask` of every flow) that role is offered. Read from the flows, so a step offered to a new
    role changes it: a case officer is covered by a case officer or the committee chair (an inspector
    is not offered triage), an inspector by an inspector or the chair (a case officer does not lead an
    inspection team), the chair by a chair only, an intake officer by whoever may triage. A role
    offered no step (auditor, administrator) has no work to cover and is not listed."""
    offered: dict[str, frozenset[str]] = {}
    for flow_class in FLOWS:
        for node in flow_class.instance.nodes():
            if isinstance(node, RoleTask):
                step = frozenset(node.roles)
                for role in step:
                    offered[role] = offered.get(role, step) & step
    return offered


def process_for(obj: Any, *, lock: bool = False) -> Process | None:
    """The object's process; with `lock`, its row locked until the transaction ends (the row the
    flows' `lock_impl`, viewflow's select_for_update lock, takes)."""
    content_type = ContentType.objects.get_for_model(obj.__class__)
    processes = Process.objects.filter(artifact_content_type=content_type, artifact_object_id=obj.pk)
    return (processes.select_for_update() if lock else processes).first()


def process_advance(*, obj: Any) -> None:
    """Start or advance the object's process to match its saved status and step holder.

    Call it after saving `obj`, inside the service's transaction (see the module docstring)."""
    # Read and locked in one statement: the lock is held to the end of the service's transaction,
    # so two routings of one process (a service, and `tasks_rehome` under the flow's lock) run one
    # after the other, the second seeing the tasks the first left.
    process = process_for(obj, lock=True)
    if process is None:
        ROUTED[obj._meta.label].flow_for(obj).start.run(obj=obj)
        return
    # The activations read the process and, in the `route` switch, its object: give them the ones
    # in hand (the object as the service saved it, still under the service's row lock).
    process.artifact = obj
    state = route_state(obj)
    for task in list(Task.objects.filter(process=process, status__in=OPEN_TASK_STATUSES).order_by("pk")):
        task.process = process
        if (task.data or {}).get("status") == state:
            _hand_over(task, obj)
        else:
            _complete(task)


def _hand_over(task: Task, obj: Any) -> None:
    """Same step, new holder: the open task follows the person."""
    node = task.flow_task
    if not isinstance(node, RoleTask) or not node.follows_owner:
        return
    owner = node.owner_for(obj)
    if task.owner_id == getattr(owner, "pk", None):
        return
    # The pool it is offered to, and the unit that scopes it, as the step would open it now: left
    # with nobody (the substitute recused), it goes to the people the flow puts in their place.
    task.owner_permission = node.pool_for(obj).permission
    kept = {k: v for k, v in (task.data or {}).items() if k != "held_for"}
    task.data = {**kept, **node.placement(obj, owner)}
    activation = node.activation_class(task)
    if task.status == STATUS.NEW:
        activation.assign(owner)
    elif task.status == STATUS.ASSIGNED:
        if owner is None:
            activation.unassign()
        else:
            activation.reassign(user=owner)


def _complete(task: Task) -> None:
    """Close a human task because its step was done through the domain service; viewflow's
    activation then passes the `route` switch and opens the next step."""
    activation = task.flow_task.activation_class(task)  # the caller holds the process row lock
    if task.status == STATUS.NEW:
        activation.assign(task.owner)
    if task.status == STATUS.ASSIGNED:
        activation.start(request=None)
    activation.execute()


def tasks_rehome(*, users: list[Any]) -> list[Task]:
    """Hand each open task held by one of `users`, or waiting in a pool for one of them (nobody could
    stand in for them: `RoleTask.placement`), to whoever should hold it now (see `RoleTask.owner_for`:
    a substitute while its person is away, the person again when back). Returns the tasks moved; one
    left with no owner went to its step's pool (the substitute is recused from its object)."""
    moved = []
    ids = [user.pk for user in users]
    held = Q(owner__in=ids) | Q(owner__isnull=True, data__held_for__in=ids)
    tasks = Task.objects.filter(held, status__in=OPEN_TASK_STATUSES).select_related("process")
    for task in tasks.order_by("pk"):
        owner_before = task.owner_id
        with task.process.flow_class.lock(task.process_id):
            _hand_over(task, task.process.artifact)
        if task.owner_id != owner_before:
            moved.append(task)
    return moved
