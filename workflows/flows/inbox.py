"""The inbox: open viewflow tasks a user owns, or may take from their units' pools, with the
due date of the step's running deadline, overdue first."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from casework import clock
from casework.org.selectors import role_assignments_active
from workflows.flows.nodes import POOL_PREFIX
from workflows.flows.routing import OPEN_TASK_STATUSES
from workflows.models import Deadline


def _pool_q(user: Any) -> Q:
    q = Q(pk__in=[])
    for ra in role_assignments_active(user=user):
        q |= Q(
            owner__isnull=True,
            owner_permission__contains=f"{ra.role}",
            owner_permission__startswith=POOL_PREFIX,
            process__data__unit_path__startswith=ra.unit.path,
        )
    return q


def task_list_inbox(*, user: Any) -> QuerySet[Task]:
    """Open tasks of this user: assigned to them, or unassigned in a pool they belong to."""
    if not user.is_authenticated:
        return Task.objects.none()
    due = Deadline.objects.filter(
        target_type="cases.case",
        target_id=Cast(OuterRef("process__artifact_object_id"), CharField()),
        status=Deadline.Status.OPEN,
    ).order_by("due_at")
    return (
        Task.objects.filter(status__in=OPEN_TASK_STATUSES)
        .filter(Q(owner=user) | _pool_q(user))
        .annotate(due_at=Subquery(due.values("due_at")[:1]))
        .select_related("process", "owner")
        .order_by(F("due_at").asc(nulls_last=True), "created")
    )


def tasks_home_section(request: HttpRequest) -> dict | None:
    tasks = list(task_list_inbox(user=request.user)[:20])
    if not tasks:
        return None
    now = clock.now()
    rows = []
    cases = _artifacts(tasks)
    for task in tasks:
        case = cases.get(task.process.artifact_object_id)
        if case is None:
            continue
        rows.append(
            {
                "label": f"{case.reference} — {task.flow_task.task_title or task.flow_task.name}",
                "url": reverse("cases:detail", args=[case.pk]),
                "due": task.due_at.strftime("%d/%m/%Y") if task.due_at else "",
                "overdue": bool(task.due_at and task.due_at < now),
            }
        )
    return {"title": _("Công việc theo quy trình"), "rows": rows}


def _artifacts(tasks: list[Task]) -> dict[int, Any]:
    from casework.cases.models import Case

    ids = {t.process.artifact_object_id for t in tasks}
    return {c.pk: c for c in Case.objects.filter(pk__in=ids)}
