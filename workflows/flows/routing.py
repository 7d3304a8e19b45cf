"""Keeping each case's viewflow process in step with the case's saved state.

Services are the only writers of a case's status. When a case is saved (inside the service's
transaction), its process is started if it has none, and when the status has moved, the open
task is completed and the flow's `route` switch opens the task for the new step. So the flow
never decides a status; it decides who works next, and it commits or rolls back with the
service that moved the case.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from workflows.flows.cases import FLOW_FOR_KIND

OPEN_TASK_STATUSES = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def connect() -> None:
    post_save.connect(_case_saved, sender="cases.Case", dispatch_uid="workflows.flows.case_saved")


def _case_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures and restores carry their processes with them
        return
    case_route(case=instance)


def process_for(obj: Any) -> Process | None:
    content_type = ContentType.objects.get_for_model(obj.__class__)
    return Process.objects.filter(artifact_content_type=content_type, artifact_object_id=obj.pk).first()


def case_route(*, case: Any) -> Process:
    """Start or advance the case's process to match its saved status and assignee."""
    flow_class = FLOW_FOR_KIND[case.kind]
    process = process_for(case)
    if process is None:
        return flow_class.start.run(case=case)
    state = process.data or {}
    if state.get("status") == case.status and state.get("assignee") == case.assignee_id:
        return process
    with flow_class.lock(process.pk):
        open_tasks = list(Task.objects.filter(process=process, status__in=OPEN_TASK_STATUSES).select_related("process"))
        if state.get("status") == case.status:
            # Same step, new resolving officer: hand the open task over.
            for task in open_tasks:
                if task.flow_task._owner_fn is not None:
                    task.owner = case.assignee
                    task.status = STATUS.ASSIGNED if case.assignee else STATUS.NEW
                    task.save(update_fields=["owner", "status"])
        else:
            for task in open_tasks:
                _complete(task)
        process.refresh_from_db()
        process.data = {**(process.data or {}), "status": case.status, "assignee": case.assignee_id}
        process.save(update_fields=["data"])
    return process


def _complete(task: Task) -> None:
    """Close a human task because its step was done through the domain service."""
    activation = task.flow_task.activation_class(task)  # the caller already holds the process lock
    if task.status == STATUS.NEW:
        activation.assign(task.owner)
    if task.status == STATUS.ASSIGNED:
        activation.start(request=None)
    activation.execute()
