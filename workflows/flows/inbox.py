"""The inbox: open viewflow tasks a user owns, or may take from the pools of their units, with
the due date of the object's running deadline, overdue first."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from casework.org import role_cache
from casework.org.selectors import active_assignments, scope_q, standing_in_for
from core import clock
from workflows.deadline_status import (
    day_status,
    deadline_status_q,
    overdue_exists,
    overdue_key_in,
    statuses_for,
    target_key,
    urgent_due_at,
)
from workflows.flows.nodes import POOL_PREFIX, UNIT_POOL_PREFIX, RoleTask
from workflows.flows.routing import FLOWS, OPEN_TASK_STATUSES, ROUTED
from workflows.list_order import by_column, parse_sort

DETAIL_URLS = {
    "cases.case": "cases:detail",
    "inspections.inspection": "inspections:inspection_detail",
    "inspections.recommendation": "inspections:recommendation_detail",
}


def _pool_q(user: Any) -> Q:
    """Unowned tasks offered to a role the user holds, on a unit inside that role's reach (or, for
    a pool of one unit's holders, on the unit the role is held in): the pool written when the task
    opened (RoleTask.pool_permission, from RoleTask.pool_for, as can_assign reads)."""
    q = Q(pk__in=[])
    for ra in active_assignments(user=user):
        q |= Q(
            owner__isnull=True,
            owner_permission__startswith=POOL_PREFIX,
            owner_permission__contains=f",{ra.role},",
            data__unit_path__startswith=ra.unit.path,
        )
        q |= _unit_pool_q(ra)
    return q


def _unit_pool_q(ra: Any) -> Q:
    """Unowned tasks offered to the holders of the assignment's role in its unit itself
    (workflows.flows.nodes.Pool `exact`: the people a domain rule names in place of the step's)."""
    return Q(
        owner__isnull=True,
        owner_permission__startswith=UNIT_POOL_PREFIX,
        owner_permission__contains=f",{ra.role},",
        data__unit_path=ra.unit.path,
    )


def _refused_q(user: Any) -> Q:
    """Pooled tasks of a step whose rule (RoleTask.rule, the rule of the step's service) does not admit
    `user` on the task's object: a signer conflicted with the unit inspected, a chair with no delegation
    in force for the case's kind. What RoleTask.can_assign refuses them, as one filter: one subquery
    per rule, whatever the number of steps sharing it."""
    held = {str(ra.role) for ra in active_assignments(user=user)}
    steps: dict[Any, list[RoleTask]] = {}
    for flow_class in FLOWS:
        for node in flow_class.instance.nodes():
            # A step none of whose roles the user holds is in no pool of theirs: nothing to refuse.
            if isinstance(node, RoleTask) and node.rule is not None and held.intersection(node.roles):
                steps.setdefault(node.rule, []).append(node)
    q = Q(pk__in=[])
    for rule, nodes in steps.items():
        q |= Q(owner__isnull=True, flow_task__in=nodes) & ~Q(process__artifact_object_id__in=rule.objects(user))
    return q


def _artifact_type(ref: Any = OuterRef) -> Concat:
    """The task's object's model label ("cases.case"): `ref` is OuterRef inside a subquery, F outside."""
    return Concat(
        ref("process__artifact_content_type__app_label"),
        Value("."),
        ref("process__artifact_content_type__model"),
        output_field=CharField(),
    )


def _artifact_id(ref: Any = OuterRef) -> Cast:
    return Cast(ref("process__artifact_object_id"), CharField())


def task_list_inbox(*, user: Any, now: Any = None) -> QuerySet[Task]:
    """Open tasks of this user: assigned to them, or unassigned in a pool they belong to; in the
    lists' urgency order (workflows.deadline_status.URGENCY_ORDER): overdue first, then by the
    nearest due moment, then the tasks whose object has no clock that counts (none, or paused)."""
    if not user.is_authenticated:
        return Task.objects.none()
    now = now or clock.now()
    return (
        _open_tasks(user)
        .annotate(
            due_at=urgent_due_at(type_ref=_artifact_type(), id_ref=_artifact_id(), now=now),
            overdue=overdue_exists(type_ref=_artifact_type(), id_ref=_artifact_id(), now=now),
        )
        .select_related("process__artifact_content_type", "owner")
        .order_by("-overdue", F("due_at").asc(nulls_last=True), "created", "pk")
    )


def _open_tasks(user: Any) -> QuerySet[Task]:
    """Open tasks the user owns or may take, less those on a case the user is recused from
    (for them that case does not exist: casework.cases.recusal) and the pooled ones the step's
    service would refuse them (`_refused_q`). An owned task counts only while
    its unit is within the reach of a role the user holds today: a task still naming someone whose
    role has ended is not theirs to see."""
    with role_cache.remembering():  # the user's roles today, read once for the three questions
        if not _holds_a_role(user):
            return Task.objects.none()
        # One page asks this of several parts (the badge, the task list, the reports to verify): the
        # filter is built once per request from the roles it reads (org.role_cache.derived), and each
        # part is handed a fresh copy of it (`all()`, no query): what one part evaluates, it keeps,
        # and no other part reads its rows, gone stale after a write.
        roles = active_assignments(user=user)
        return role_cache.derived(user.pk, roles, "open_tasks", lambda: _open_tasks_built(user)).all()


def _open_tasks_built(user: Any) -> QuerySet[Task]:
    """`_open_tasks` as built from the user's roles today (the caller holds them in memory)."""
    from casework.cases.models import Case
    from casework.cases.recusal import case_recused_q
    from casework.inspections.models import Recommendation
    from casework.inspections.recusal import recommendation_recused_q

    with role_cache.remembering():
        recused = Case.objects.filter(case_recused_q(user=user)).values("pk")
        mine = (Q(owner=user) & scope_q(user=user, prefix="data__unit_")) | _pool_q(user)
        # The measures of a case's conclusion are the case's: recused from it, recused from them.
        recused_measures = Recommendation.objects.filter(recommendation_recused_q(user=user)).values("pk")
        refused = _refused_q(user)
    return (
        Task.objects.filter(status__in=OPEN_TASK_STATUSES)
        .filter(mine)
        .exclude(refused)
        .exclude(
            process__artifact_content_type__app_label="cases",
            process__artifact_content_type__model="case",
            process__artifact_object_id__in=recused,
        )
        .exclude(
            process__artifact_content_type__app_label="inspections",
            process__artifact_content_type__model="recommendation",
            process__artifact_object_id__in=recused_measures,
        )
    )


def task_objects_held(*, user: Any, label: str) -> QuerySet[Task, Any]:
    """The ids of the objects of `label` ("app_label.model") whose open task `user` holds in their
    inbox (the owner named: the object's holder, or whom they stand in for while that holder is
    away, workflows.flows.nodes.RoleTask), or is offered as one of the people a domain rule names
    in place of the step's (a pool of one unit's holders): a subquery, for a list that must name
    the same work."""
    app_label, model = label.split(".")
    named = Q(pk__in=[])
    for ra in active_assignments(user=user):
        named |= _unit_pool_q(ra)
    return (
        _open_tasks(user)
        .filter(
            Q(owner=user) | named,
            process__artifact_content_type__app_label=app_label,
            process__artifact_content_type__model=model,
        )
        .values("process__artifact_object_id")
    )


def task_counts(*, user: Any, now: Any = None) -> dict[str, int]:
    """The menu's badge: how many open tasks the user has (`_open_tasks`, the inbox's own rows), and
    how many of them are overdue (the inbox's overdue filter, `overdue_exists`, read as one hashed
    set: deadline_status.overdue_key_in). One query, whatever the number of tasks; none for a user
    who holds no role today (`_open_tasks`)."""
    with role_cache.remembering():  # the user's roles today, read once for the count and its rows
        if not user.is_authenticated or not _holds_a_role(user):
            return {"tasks": 0, "overdue": 0}
        now = now or clock.now()
        overdue = overdue_key_in(type_ref=_artifact_type(F), id_ref=_artifact_id(F), now=now)
        counts = _open_tasks(user).aggregate(tasks=Count("pk"), overdue=Count("pk", filter=overdue))
    return {"tasks": counts["tasks"] or 0, "overdue": counts["overdue"] or 0}


def _holds_a_role(user: Any) -> bool:
    """Whether the user may have tasks at all: holding no role today, they are in no pool, and a task
    naming them is out of every role's reach (`_open_tasks`)."""
    return user.is_superuser or bool(active_assignments(user=user))


# What the task list's text search looks at, per routed model.
SEARCH_FIELDS = {
    "cases.Case": ("reference", "title"),
    "inspections.Inspection": ("decision_number", "title"),
    "inspections.Recommendation": ("text",),
}
KINDS = {"case": "cases.Case", "inspection": "inspections.Inspection", "recommendation": "inspections.Recommendation"}


# The columns the task list may be sorted by (`?sort=`; workflows.list_order): anything else
# gives the inbox's urgency order.
TASK_SORTS: dict[str, tuple] = {
    "task": ("flow_task", "created"),
    "due": ("due_at",),
}


def task_list_filtered(*, user: Any, filters: dict, sort: Any = None) -> QuerySet[Task]:
    """The inbox narrowed by the task page's filters (never wider than the inbox itself), in
    the inbox's urgency order or by the column `sort` names."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    qs = task_list_inbox(user=user)
    if kind := filters.get("kind"):
        model = apps.get_model(KINDS[kind])
        qs = qs.filter(process__artifact_content_type=ContentType.objects.get_for_model(model))
    if filters.get("mine"):
        qs = qs.filter(owner=user)
    if filters.get("overdue"):
        qs = qs.filter(overdue=True)
    if code := filters.get("deadline"):
        # The tasks whose object's chip says so (workflows.deadline_status), whatever the object.
        now, kept = clock.now(), Q(pk__in=[])
        for label in ROUTED:
            model = apps.get_model(label)
            kept |= Q(
                deadline_status_q(model, code, now, field="process__artifact_object_id"),
                process__artifact_content_type__app_label=model._meta.app_label,
                process__artifact_content_type__model=model._meta.model_name,
            )
        qs = qs.filter(kept)
    if text := filters.get("q"):
        match = Q(pk__in=[])
        for label, fields in SEARCH_FIELDS.items():
            model = apps.get_model(label)
            found = Q(pk__in=[])
            for name in fields:
                found |= Q(**{f"{name}__icontains": text})
            match |= Q(
                process__artifact_content_type=ContentType.objects.get_for_model(model),
                process__artifact_object_id__in=model.objects.filter(found).values("pk"),
            )
        qs = qs.filter(match)
    order = parse_sort(sort, TASK_SORTS)
    return by_column(qs, order, TASK_SORTS) if order.column else qs


def _stood_in_for(task: Task, obj: Any, user: Any, covering: dict[int, Any]) -> Any:
    """The absent person whose task `user` holds in their stead, or None."""
    flow_task = task.flow_task
    if not covering or task.owner_id != getattr(user, "pk", None) or not getattr(flow_task, "follows_owner", False):
        return None
    holder = flow_task.owner_of(obj)
    return holder if holder is not None and holder.pk in covering else None


def task_rows(tasks: list[Task], *, user: Any = None) -> list[dict]:
    """Display rows for tasks: the object's label, state and link, the step, its current due date and
    status chip (both from the object's running deadlines, read for the whole page at once, or from
    the step's own last day when it has one: RoleTask's `due`), and,
    for a task `user` holds while its holder is away, whose it is ("làm thay")."""
    _load_artifacts(tasks)
    now = clock.now()
    today = timezone.localdate(now)
    statuses = statuses_for([t.process.artifact for t in tasks], now)
    # Whom the user stands in for is read only when a task they hold may be someone else's: held by
    # its holder (a case's assignee), it is not, and the page reads nothing more.
    held = [
        t for t in tasks if user is not None and t.owner_id == user.pk and getattr(t.flow_task, "follows_owner", False)
    ]
    maybe_theirs = any(getattr(t.process.artifact, "assignee_id", None) != user.pk for t in held)
    covering = standing_in_for(user=user) if maybe_theirs else {}
    rows = []
    for task in tasks:
        obj = task.process.artifact
        if obj is None:
            continue
        label = f"{obj._meta.app_label}.{obj._meta.model_name}"
        status = statuses.get(target_key(obj))
        own_due = task.flow_task.due_of(obj) if getattr(task.flow_task, "due_of", None) else None
        if own_due is not None:
            status = day_status(own_due, today)
        stood_in_for = _stood_in_for(task, obj, user, covering)
        step = task.flow_task.task_title or task.flow_task.name
        rows.append(
            {
                "label": f"{_object_label(obj)} — {step}",
                "subject": _object_subject(obj),
                "own": True,
                "step": step,
                # The object's state, as its own list names it: the home page shows it beside the object.
                "state": obj.get_status_display() if hasattr(obj, "get_status_display") else "",
                "url": reverse(DETAIL_URLS[label], args=[obj.pk]) if label in DETAIL_URLS else "",
                "due": status.due_on.strftime("%d/%m/%Y") if status and status.due_on else "",
                "due_on": status.due_on if status else None,
                "status": status,
                "overdue": bool(status and status.overdue),
                "stand_in_for": str(stood_in_for) if stood_in_for else "",
            }
        )
    return rows


def tasks_home_section(request: HttpRequest) -> dict | None:
    tasks = list(task_list_inbox(user=request.user)[:30])
    if not tasks:
        return None
    return {
        "title": _("Công việc theo quy trình"),
        "rows": task_rows(tasks, user=request.user),
        "more_url": reverse("tasks"),
        "work": True,
    }


def _object_subject(obj: Any) -> str:
    """The object's reference and title, for the home page's list (one line per object)."""
    reference, title = getattr(obj, "reference", None), getattr(obj, "title", None)
    return f"{reference} — {title}" if reference and title else _object_label(obj)


def _object_label(obj: Any) -> str:
    return getattr(obj, "reference", None) or getattr(obj, "title", None) or str(obj)


def _load_artifacts(tasks: list[Task]) -> None:
    """One query per routed model for all the tasks' objects, not one per task."""
    from django.apps import apps
    from django.db.models import prefetch_related_objects

    processes = [t.process for t in tasks]
    querysets = [apps.get_model(label).objects.all() for label in ROUTED]
    prefetch_related_objects(processes, GenericPrefetch("artifact", querysets))
