"""Keeping each routed object's viewflow process in step with the object's saved state.

Services are the only writers of a case's, inspection's or recommendation's status. When such
an object is saved (inside the service's transaction), its process is started if it has none;
when the status has moved, the open tasks are completed and the flow's `route` switch opens the
task for the new step; when only the owner changed, the open task is handed over. So a flow never
decides a status: it decides who works next, and it commits or rolls back with the service.

Starting a process and the common step (one human task done, the `route` switch, the next human
task) are written in bulk, as viewflow's activations would write them, in two or three statements
each instead of twelve to fifteen (benchmarks: transition_vs_floor); every other shape goes through
viewflow's activations.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone
from viewflow.workflow import flow
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.token import Token

from casework.rows import Statement, insert_rows, rows_insert, run
from workflows.flows.cases import FLOW_FOR_KIND
from workflows.flows.inspections import FollowUpFlow, InspectionFlow, team_lead
from workflows.flows.nodes import RoleTask

OPEN_TASK_STATUSES = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


@dataclass(frozen=True)
class Routed:
    flow_for: Callable[[Any], Any]
    owner_key: Callable[[Any], Any]  # what, when it changes, hands the open task to someone else


ROUTED: dict[str, Routed] = {
    "cases.Case": Routed(flow_for=lambda case: FLOW_FOR_KIND[case.kind], owner_key=lambda case: case.assignee_id),
    "inspections.Inspection": Routed(
        flow_for=lambda _obj: InspectionFlow, owner_key=lambda obj: getattr(team_lead(obj), "pk", None)
    ),
    "inspections.Recommendation": Routed(flow_for=lambda _obj: FollowUpFlow, owner_key=lambda _obj: None),
}


def connect() -> None:
    for sender in ROUTED:
        post_save.connect(_saved, sender=sender, dispatch_uid=f"workflows.flows.route.{sender}")


def _saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures and restores carry their processes with them
        return
    route(obj=instance, created=created)


def process_for(obj: Any) -> Process | None:
    content_type = ContentType.objects.get_for_model(obj.__class__)
    return Process.objects.filter(artifact_content_type=content_type, artifact_object_id=obj.pk).first()


@dataclass(frozen=True)
class OpenTask:
    """What the bulk step needs of an open task, read without a model instance."""

    pk: int
    process_id: int
    flow_task: Any  # the flow's node
    token: Any  # viewflow's Token


_OPEN = ", ".join(f"'{s}'" for s in OPEN_TASK_STATUSES)


def _state_of(obj: Any) -> tuple[int | None, dict, list[OpenTask]]:
    """The object's process id, its data and its open tasks, in one query."""
    content_type = ContentType.objects.get_for_model(obj.__class__)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.data, t.id, t.flow_task, t.token FROM {Process._meta.db_table} p "
            f"LEFT JOIN {Task._meta.db_table} t ON t.process_id = p.id AND t.status IN ({_OPEN}) "
            "WHERE p.artifact_content_type_id = %s AND p.artifact_object_id = %s ORDER BY t.id",
            [content_type.pk, obj.pk],
        )
        rows = cursor.fetchall()
    if not rows:
        return None, {}, []
    data = rows[0][1]
    data = json.loads(data) if isinstance(data, str) else data
    node_of, token_of = Task._meta.get_field("flow_task").to_python, Task._meta.get_field("token").to_python
    tasks = [OpenTask(pk=r[2], process_id=r[0], flow_task=node_of(r[3]), token=token_of(r[4])) for r in rows if r[2]]
    return rows[0][0], data or {}, tasks


def route(*, obj: Any, created: bool = False) -> None:
    """Start or advance the object's process to match its saved status and owner.

    `created`: the object was just inserted, so it has no process yet and none is looked up."""
    routed = ROUTED[obj._meta.label]
    flow_class = routed.flow_for(obj)
    process_id, state, open_tasks = (None, {}, []) if created else _state_of(obj)
    if process_id is None:
        if _start(flow_class, obj, owner=routed.owner_key(obj)):
            return
        process = flow_class.start.run(obj=obj)
        process.data = {**(process.data or {}), "owner": routed.owner_key(obj)}
        process.save(update_fields=["data"])
        return
    owner = routed.owner_key(obj)
    if state.get("status") == obj.status and state.get("owner") == owner:
        return
    if state.get("status") != obj.status and len(open_tasks) == 1:
        if _advance(open_tasks[0], obj, data={**state, "status": obj.status, "owner": owner}):
            return
    with flow_class.lock(process_id):
        open_tasks = list(Task.objects.filter(process_id=process_id, status__in=OPEN_TASK_STATUSES))
        if state.get("status") == obj.status:
            _hand_over(open_tasks, obj)
        else:
            for task in open_tasks:
                _complete(task)
        process = Process.objects.get(pk=process_id)
        process.data = {**(process.data or {}), "status": obj.status, "owner": owner}
        process.save(update_fields=["data"])


def _data_prepared(data: dict) -> Any:
    return Process._meta.get_field("data").get_db_prep_save(data, connection)


def _set_data(process_id: int, data: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Process._meta.db_table} SET data = %s WHERE id = %s", [_data_prepared(data), process_id]
        )


class _Artifact:
    """What a routing condition reads (`activation.process.artifact`), without an activation."""

    def __init__(self, obj: Any) -> None:
        self.process = self
        self.artifact = obj


def _next_human(node: Any, obj: Any) -> tuple[Any, Any] | None:
    """(the `route` switch after `node`, the human task it opens for `obj`), or None when the
    flow has another shape there."""
    switch = getattr(node, "_next", None)
    if not isinstance(switch, flow.Switch):
        return None
    target = next((n for n, cond in switch._branches if cond is None or cond(_Artifact(obj))), None)
    return (switch, target) if isinstance(target, RoleTask) else None


def _opened(target: Any, obj: Any, common: dict) -> dict:
    """The row of a human task as viewflow's View activation creates it."""
    owner = target.owner_for(obj)
    unit = target.unit_for(obj)
    return {
        **common,
        "flow_task": target,
        "flow_task_type": target.task_type,
        "status": STATUS.ASSIGNED if owner else STATUS.NEW,
        "owner_id": getattr(owner, "pk", None),
        "owner_permission": target.calc_owner_permission(_Artifact(obj)),
        "data": {"unit_path": unit.path, "unit_id": unit.pk},
    }


def _start(flow_class: Any, obj: Any, *, owner: Any) -> bool:
    """A new process written in bulk: the start, the `route` switch and the first human task, as
    viewflow's StartHandle → Switch → View activations write them (test_fast_routing compares).
    False, having written nothing, when the flow does not begin that way."""
    start = flow_class.start
    step = _next_human(start, obj) if isinstance(start, flow.StartHandle) else None
    if step is None:
        return False
    switch, target = step
    now = timezone.now()
    ((process_id,),) = insert_rows(
        Process,
        [
            {
                "flow_class": flow_class,
                "status": PROCESS.NEW,
                "created": now,
                "data": {"status": obj.status, "owner": owner},
                "artifact_content_type_id": ContentType.objects.get_for_model(obj.__class__).pk,
                "artifact_object_id": obj.pk,
            }
        ],
    )
    common = {"process_id": process_id, "token": Token("start"), "created": now}
    begun, gate, first = insert_rows(
        Task,
        [
            {**common, "flow_task": start, "flow_task_type": start.task_type, "status": STATUS.DONE,
             "started": now, "finished": now, "data": {}},
            {**common, "flow_task": switch, "flow_task_type": switch.task_type, "status": STATUS.DONE,
             "finished": now, "data": {}},
            _opened(target, obj, common),
        ],
    )  # fmt: skip
    _link([(gate[0], begun[0]), (first[0], gate[0])])
    return True


def _link(pairs: list[tuple[int, int]]) -> None:
    """task_previous rows: (task, the task it follows)."""
    insert_rows(Task.previous.through, [{"from_task_id": a, "to_task_id": b} for a, b in pairs], returning=())


def _advance(task: OpenTask | Task, obj: Any, *, data: dict) -> bool:
    """The common step, written in bulk: a human task done, the `route` switch passed, the next
    human task opened, the process's `data` set. The rows are the ones viewflow's execute →
    Switch → View activations write (tests/workflows/flows/test_fast_routing.py compares them),
    in two statements on PostgreSQL (four elsewhere) instead of about fifteen; the object's row
    lock, held by the service, keeps the step single.

    Returns False, having written nothing, for any other shape (an End, a split, a task that is
    no longer open), which then goes through viewflow's activations.
    """
    node = task.flow_task
    step = _next_human(node, obj) if isinstance(node, RoleTask) else None
    if step is None:
        return False
    switch, target = step
    now = timezone.now()  # viewflow stamps its tasks with wall time, not the domain clock
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Task._meta.db_table} SET status = %s, started = COALESCE(started, %s), finished = %s "
            f"WHERE id = %s AND status IN ({_OPEN})",
            [STATUS.DONE, now, now, task.pk],
        )
        if cursor.rowcount != 1:
            return False
    common = {"process_id": task.process_id, "token": task.token, "created": now}
    tasks = rows_insert(
        Task,
        [
            {**common, "flow_task": switch, "flow_task_type": switch.task_type, "status": STATUS.DONE,
             "finished": now, "data": {}},
            _opened(target, obj, common),
        ],
    )  # fmt: skip
    if connection.vendor != "postgresql":
        gate, following = run(tasks)
        _link([(gate[0], task.pk), (following[0], gate[0])])
        _set_data(task.process_id, data)
        return True
    # One round trip for the rest of the step (every case step passes here; three statements were
    # a sixth of an accept, transition_vs_floor). The two ids come from one sequence in the order
    # of the VALUES, as the RETURNING rows of the four-statement path do.
    previous = Task.previous.through._meta.db_table
    run(
        Statement(
            f"WITH new AS ({tasks.sql}), ids AS (SELECT min(id) AS gate, max(id) AS following FROM new), "
            f"linked AS (INSERT INTO {previous} (from_task_id, to_task_id) "
            "SELECT gate, %s FROM ids UNION ALL SELECT following, gate FROM ids), "
            f"process AS (UPDATE {Process._meta.db_table} SET data = %s WHERE id = %s) "
            "SELECT gate, following FROM ids",
            [*tasks.params, task.pk, _data_prepared(data), task.process_id],
            returns=True,
        )
    )
    return True


def _hand_over(tasks: list[Task], obj: Any) -> None:
    """Same step, new owner (reassignment, a new team lead): the open task follows the person."""
    for task in tasks:
        if task.flow_task._owner_fn is None:
            continue
        owner = task.flow_task.owner_for(obj)
        task.owner = owner
        task.status = STATUS.ASSIGNED if owner else STATUS.NEW
        task.save(update_fields=["owner", "status"])


def _complete(task: Task) -> None:
    """Close a human task because its step was done through the domain service."""
    activation = task.flow_task.activation_class(task)  # the caller already holds the process lock
    if task.status == STATUS.NEW:
        activation.assign(task.owner)
    if task.status == STATUS.ASSIGNED:
        activation.start(request=None)
    activation.execute()
