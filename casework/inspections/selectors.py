"""Reads about flags, plans, inspections and follow-ups, always scoped to the user's units; and the coverage proof."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from casework import clock
from casework.inspections.models import (
    FLAG_TARGET_TYPE,
    Flag,
    FollowupReport,
    Inspection,
    InspectionPlan,
    PlanItem,
    Recommendation,
)
from casework.inspections.roles import INSPECTION_STAFF, READERS
from casework.org.models import Role, Unit, User
from casework.org.selectors import scope_q
from workflows.models import Deadline, Escalation

# ---- flags -------------------------------------------------------------------------------------


def _filtered(
    qs: QuerySet, filters: dict | None, *, search: list[str], unit: str, day: str, exact: tuple = ()
) -> QuerySet:
    """A list's page filters, applied on top of its scoped queryset (they can only narrow it).

    `search`: fields matched by the text search; `unit`: the unit relation whose subtree the unit
    filter selects; `day`: the date(time) field of the date range; `exact`: fields compared as given."""
    if not filters:
        return qs
    if text := filters.get("q"):
        match = Q()
        for name in search:
            match |= Q(**{f"{name}__icontains": text})
        qs = qs.filter(match)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if (chosen := filters.get("unit")) is not None:
        qs = qs.filter(**{f"{unit}__path__startswith": chosen.path})
    if start := filters.get("date_from"):
        qs = qs.filter(**{f"{day}__gte" if day.endswith("_on") else f"{day}__date__gte": start})
    if end := filters.get("date_to"):
        qs = qs.filter(**{f"{day}__lte" if day.endswith("_on") else f"{day}__date__lte": end})
    for name in exact:
        if (value := filters.get(name)) not in (None, ""):
            qs = qs.filter(**{name: value})
    return qs


def flag_list(
    *, user: User, status: str | None = None, unit: Unit | None = None, filters: dict | None = None
) -> QuerySet[Flag]:
    qs = Flag.objects.filter(scope_q(user=user, roles=READERS, prefix="unit__")).select_related("unit", "inspection")
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return _filtered(
        qs,
        filters,
        search=["evidence", "person", "unit__name", "unit__code"],
        unit="unit",
        day="raised_at",
        exact=("category", "severity"),
    )


def flag_get(*, user: User, pk: int) -> Flag:
    flag = flag_list(user=user).filter(pk=pk).first()
    if flag is None:
        raise Http404(_("Không tìm thấy dấu hiệu vi phạm."))
    return flag


def flags_open_for_unit(*, user: User, unit: Unit) -> QuerySet[Flag]:
    """Raised flags that can be grouped into an inspection of `unit`."""
    return flag_list(user=user, status=Flag.Status.RAISED, unit=unit)


# ---- plans -------------------------------------------------------------------------------------


def plan_list(*, user: User, filters: dict | None = None) -> QuerySet[InspectionPlan]:
    qs = InspectionPlan.objects.filter(scope_q(user=user, roles=READERS, prefix="unit__")).select_related("unit")
    return _filtered(qs, filters, search=["title", "unit__name"], unit="unit", day="created_at", exact=("year",))


def plan_get(*, user: User, pk: int) -> InspectionPlan:
    plan = plan_list(user=user).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("Không tìm thấy kế hoạch."))
    return plan


def plan_items_with_progress(*, plan: InspectionPlan) -> QuerySet[PlanItem]:
    """Each item with its state: planned (no inspection), running, done, overdue (past its period, not done)."""
    today = clock.today()
    latest = Inspection.objects.filter(plan_item=OuterRef("pk")).order_by("-created_at")
    return (
        plan.items.select_related("subject_unit", "team_lead")
        .annotate(
            inspection_id=Subquery(latest.values("pk")[:1]),
            inspection_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
        )
        .annotate(
            done=ExpressionWrapper(
                Q(inspection_status__in=[Inspection.Status.CONCLUDED, Inspection.Status.CLOSED]),
                output_field=BooleanField(),
            ),
            overdue=ExpressionWrapper(
                Q(ends_on__lt=today)
                & ~Q(inspection_status__in=[Inspection.Status.CONCLUDED, Inspection.Status.CLOSED]),
                output_field=BooleanField(),
            ),
        )
    )


def plan_progress(*, plan: InspectionPlan) -> dict[str, int]:
    items = plan_items_with_progress(plan=plan)
    done_q = Q(inspection_status__in=[Inspection.Status.CONCLUDED, Inspection.Status.CLOSED])
    return items.aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(inspection_id__isnull=True) & Q(ends_on__gte=clock.today())),
        running=Count("pk", filter=Q(inspection_id__isnull=False) & ~done_q & Q(ends_on__gte=clock.today())),
        done=Count("pk", filter=done_q),
        overdue=Count("pk", filter=Q(ends_on__lt=clock.today()) & ~done_q),
    )


# ---- inspections -------------------------------------------------------------------------------


def inspection_list(*, user: User, status: str | None = None, filters: dict | None = None) -> QuerySet[Inspection]:
    """Inspections run by units in scope, plus (for subject representatives) those of their own unit once notified."""
    staff = scope_q(user=user, roles=READERS, prefix="unit__")
    subject = scope_q(user=user, roles=[Role.SUBJECT_REP], prefix="subject_unit__") & ~Q(
        status__in=[Inspection.Status.OPENED, Inspection.Status.DECIDED]
    )
    qs = Inspection.objects.filter(staff | subject).select_related("unit", "subject_unit").distinct()
    if status:
        qs = qs.filter(status=status)
    return _filtered(
        qs,
        filters,
        search=["title", "decision_number", "subject_unit__name", "subject_unit__code"],
        unit="subject_unit",
        day="created_at",
        exact=("kind",),
    )


def inspection_get(*, user: User, pk: int) -> Inspection:
    inspection = inspection_list(user=user).filter(pk=pk).first()
    if inspection is None:
        raise Http404(_("Không tìm thấy cuộc kiểm tra."))
    return inspection


def inspection_list_mine(*, user: User) -> QuerySet[Inspection]:
    """Open inspections where the user is on the team, or waits on them as chair (decision, conclusion)."""
    chair_waits = scope_q(user=user, roles=[Role.COMMITTEE_CHAIR], prefix="unit__") & Q(
        status__in=[Inspection.Status.OPENED, Inspection.Status.REPORTING, Inspection.Status.EXPLAINED]
    )
    return (
        inspection_list(user=user)
        .filter(Q(team__user=user) | chair_waits, status__in=Inspection.OPEN_STATUSES)
        .distinct()
    )


# ---- recommendations and follow-ups --------------------------------------------------------------


def recommendation_list(*, user: User, filters: dict | None = None) -> QuerySet[Recommendation]:
    staff = scope_q(user=user, roles=READERS, prefix="inspection__unit__")
    owner = scope_q(user=user, roles=[Role.SUBJECT_REP], prefix="owner_unit__")
    qs = Recommendation.objects.filter(staff | owner).select_related("inspection", "owner_unit").distinct()
    qs = _filtered(
        qs, filters, search=["text", "owner_unit__name", "inspection__title"], unit="owner_unit", day="due_on"
    )
    if filters and filters.get("overdue"):
        qs = qs.filter(due_on__lt=clock.today()).exclude(status=Recommendation.Status.ACCEPTED)
    return qs


def recommendation_get(*, user: User, pk: int) -> Recommendation:
    rec = recommendation_list(user=user).filter(pk=pk).first()
    if rec is None:
        raise Http404(_("Không tìm thấy kiến nghị."))
    return rec


def recommendations_to_report(*, user: User) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(
        scope_q(user=user, roles=[Role.SUBJECT_REP], prefix="owner_unit__"),
        status__in=[Recommendation.Status.OPEN, Recommendation.Status.RETURNED],
    ).select_related("inspection", "owner_unit")


def reports_to_verify(*, user: User) -> QuerySet[FollowupReport]:
    return FollowupReport.objects.filter(
        scope_q(user=user, roles=INSPECTION_STAFF, prefix="recommendation__inspection__unit__"),
        verdict="",
        recommendation__status=Recommendation.Status.REPORTED,
    ).select_related("recommendation", "recommendation__owner_unit")


# ---- coverage: the proof that 100% of flags are accounted for ------------------------------------

BUCKETS = ("inspected", "open_in_time", "overdue_escalated", "decided", "unaccounted")
BUCKET_LABELS = {
    "inspected": _("Đã kiểm tra, có kết luận"),
    "open_in_time": _("Đang xử lý, trong hạn"),
    "overdue_escalated": _("Quá hạn, đã chuyển lãnh đạo"),
    "decided": _("Lãnh đạo đã quyết định"),
    "unaccounted": _("CHƯA ĐƯỢC XỬ LÝ"),
}


def _flags_with_bucket_inputs(qs: QuerySet[Flag]) -> QuerySet[Flag]:
    """Alias each flag's current open_inspection clock and whether its lateness has reached leadership."""
    now = clock.now()
    latest = Deadline.objects.filter(
        target_type=FLAG_TARGET_TYPE, target_id=Cast(OuterRef("pk"), CharField()), step="open_inspection"
    ).order_by("-created_at", "-pk")
    pending_escalation = Escalation.objects.filter(
        target_type=FLAG_TARGET_TYPE, target_id=Cast(OuterRef("pk"), CharField()), status=Escalation.Status.PENDING
    )
    # Escalated for THIS breach of the current clock (an extended clock that breaches again escalates again).
    breach_escalation = Escalation.objects.filter(
        deadline_id=OuterRef("dl_pk"), breach_seq=OuterRef("dl_ext"), automatic=True
    )
    return qs.alias(
        dl_pk=Subquery(latest.values("pk")[:1], output_field=IntegerField()),
        dl_status=Coalesce(Subquery(latest.values("status")[:1]), Value("none")),
        dl_due=Subquery(latest.values("due_at")[:1]),
        dl_ext=Subquery(latest.values("extensions")[:1], output_field=IntegerField()),
    ).alias(
        late=ExpressionWrapper(
            Q(dl_status=Deadline.Status.BREACHED) | Q(dl_status=Deadline.Status.OPEN, dl_due__lt=now),
            output_field=BooleanField(),
        ),
        escalated=ExpressionWrapper(
            Exists(pending_escalation) | Exists(breach_escalation), output_field=BooleanField()
        ),
    )


def bucket_q() -> dict[str, Q]:
    """Mutually exclusive buckets; whatever fits none of the first four is unaccounted."""
    open_states = [Flag.Status.RAISED, Flag.Status.ASSIGNED]
    in_time = (Q(status=Flag.Status.ASSIGNED) & ~Q(late=True)) | (
        Q(status=Flag.Status.RAISED, dl_status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED]) & ~Q(late=True)
    )
    overdue_escalated = Q(status__in=open_states, late=True, escalated=True)
    known = Q(status=Flag.Status.INSPECTED) | Q(status=Flag.Status.DECIDED) | in_time | overdue_escalated
    return {
        "inspected": Q(status=Flag.Status.INSPECTED),
        "open_in_time": in_time,
        "overdue_escalated": overdue_escalated,
        "decided": Q(status=Flag.Status.DECIDED),
        "unaccounted": ~known,
    }


def coverage_flags(
    *, user: User | None, unit: Unit | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Flag]:
    """Flags raised in the period within the unit's subtree (and the user's scope, None = the system)."""
    qs = Flag.objects.all()
    if user is not None:
        qs = qs.filter(scope_q(user=user, roles=READERS, prefix="unit__"))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if date_from is not None:
        qs = qs.filter(raised_at__date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(raised_at__date__lte=date_to)
    return _flags_with_bucket_inputs(qs)


def coverage_by_unit(
    *, user: User | None, unit: Unit | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """Per subject unit: raised and each bucket, by one aggregate query; plus the totals row."""
    qs = coverage_flags(user=user, unit=unit, date_from=date_from, date_to=date_to)
    counts = {name: Count("pk", filter=q) for name, q in bucket_q().items()}
    rows = list(
        qs.values("unit_id", "unit__code", "unit__name", "unit__path")
        .annotate(raised=Count("pk"), **counts)
        .order_by("unit__path")
    )
    totals = qs.aggregate(raised=Count("pk"), **counts)
    for row in [*rows, totals]:
        row["accounted"] = sum(row[b] for b in BUCKETS if b != "unaccounted")
        row["percent"] = 100 if row["raised"] == 0 else round(100 * row["accounted"] / row["raised"], 1)
        row["cells"] = [(b, row[b]) for b in BUCKETS]
    return {"rows": rows, "totals": totals, "complete": totals["unaccounted"] == 0}


def coverage_drilldown(
    *,
    user: User | None,
    bucket: str,
    unit: Unit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Flag]:
    if bucket not in BUCKETS:
        raise Http404(_("Không có nhóm này."))
    qs = coverage_flags(user=user, unit=unit, date_from=date_from, date_to=date_to)
    return qs.filter(bucket_q()[bucket]).select_related("unit", "inspection")


def flag_bucket(*, flag: Flag) -> str:
    qs = _flags_with_bucket_inputs(Flag.objects.filter(pk=flag.pk))
    for name, q in bucket_q().items():
        if qs.filter(q).exists():
            return name
    return "unaccounted"


def deadlines_of(*, target: Any) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        target_type=f"{target._meta.app_label}.{target._meta.model_name}", target_id=str(target.pk)
    ).order_by("created_at")


def escalations_of(*, target: Any) -> QuerySet[Escalation]:
    return Escalation.objects.filter(
        target_type=f"{target._meta.app_label}.{target._meta.model_name}", target_id=str(target.pk)
    ).order_by("created_at")
