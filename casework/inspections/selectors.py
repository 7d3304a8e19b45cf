"""Reads about flags, plans, inspections and follow-ups, always scoped to the user's units; and the coverage proof."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.areas.selectors import subject_area_name_now, subject_area_q
from casework.inspections.explanation import explanation_over_q
from casework.inspections.models import (
    FLAG_TARGET_TYPE,
    Category,
    ConflictDeclaration,
    Flag,
    FollowupReport,
    Inspection,
    InspectionPlan,
    PlanItem,
    Recommendation,
)
from casework.inspections.recusal import flag_recused_q, recommendation_recused_q
from casework.inspections.roles import (
    COMMITTEE_ROLES,
    FOLLOWUP_REPORT_STEP,
    FOLLOWUP_SUBJECT,
    INSPECTION_STAFF,
    READERS,
    signable_q,
    signer_roots,
)
from casework.inspections.team_size import inspections_team_complete
from casework.org import role_cache
from casework.org.awaited import awaited_line, body_name
from casework.org.models import PATH_SEGMENT_WIDTH, Role, Unit, User
from casework.org.selectors import (
    active_assignments,
    holder_scope_q,
    scope_q,
    user_holds_role,
    users_with_role,
)
from casework.search.models import SearchDocument
from casework.search.selectors import search_match_ids
from core import clock
from workflows.calendar import end_of_day
from workflows.clock_history import (
    clock_cycle_at,
    clock_due_on_at,
    clock_moved_after,
    clock_paused_at_q,
    clock_running_at_q,
)
from workflows.deadline_status import FILTER_OVERDUE, deadline_status_q
from workflows.list_order import DUE, choice_order
from workflows.models import STEP_LABELS, Deadline, EndGround, Escalation
from workflows.services.deadlines import deadline_due_on

# ---- conflicts of interest ---------------------------------------------------------------------


def units_conflicted_q(*, user: User, prefix: str = "") -> Q:
    """The units `user` is conflicted with, as a filter over `<prefix>path`: the rule of
    services.teams.team_conflicts (which also says why), for lists that must not offer what the
    services refuse. A unit is conflicted when the user holds a role other than the committee's in
    it or below it, or declared a conflict with it or a unit above it. From the roles as already read for
    the request (active_assignments) and a subquery of the declarations: no query of its own."""
    step = PATH_SEGMENT_WIDTH + 1
    held = [ra.unit.path for ra in active_assignments(user=user) if ra.role not in COMMITTEE_ROLES]
    # A role held in a unit is held in each unit above it (team_conflicts: role unit within the subject).
    above = {path[:end] for path in held for end in range(step, len(path) + 1, step)}
    conflicted = Q(**{f"{prefix}path__in": sorted(above)})
    # A declaration names a unit whose path starts the listed unit's path: a subquery, no round trip.
    declared = ConflictDeclaration.objects.filter(
        user=user, unit__path=Substr(OuterRef(f"{prefix}path"), 1, Length("unit__path"))
    )
    return conflicted | Q(Exists(declared))


def committee_units(*, user: User) -> QuerySet[Unit]:
    """The units whose inspection committee the user sits on today, holding the inspector's or the
    chair's role there (an administrator only holding it): the committees the forms offer to open an
    inspection or draft a plan for. Each passes `services.inspections.committee_may_open`."""
    held = {ra.unit_id for ra in active_assignments(user=user) if ra.role in INSPECTION_STAFF}
    return Unit.objects.filter(pk__in=sorted(held)).order_by("path")


# ---- flags -------------------------------------------------------------------------------------


def _filtered(
    qs: QuerySet,
    filters: dict | None,
    *,
    search: list[str],
    unit: str,
    day: str,
    exact: tuple = (),
    search_kind: str | None = None,
    area: str | None = None,
) -> QuerySet:
    """A list's page filters, applied on top of its scoped queryset (they can only narrow it).

    `search`: fields matched by the text search; `unit`: the unit relation whose subtree the unit
    filter selects; `day`: the date(time) field of the date range; `exact`: fields compared as given;
    `search_kind`: the kind in the search index (casework.search) that answers `q` instead of `search`;
    `area`: "flag" (the record's own lĩnh vực) or "flags" (the lĩnh vực of one of its flags) for `subject_area`."""
    if not filters:
        return qs
    if (text := filters.get("q")) and search_kind:
        qs = qs.filter(pk__in=search_match_ids(q=text, kind=search_kind))
    elif text:
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
    if code := filters.get("deadline"):
        # The rows whose deadline chip says so (the one rule: workflows.deadline_status).
        qs = qs.filter(deadline_status_q(qs.model, code, clock.now()))
    if area and (code := filters.get("subject_area")):
        if area == "flag":
            qs = qs.filter(subject_area_q(code=code))
        else:
            in_area = Flag.objects.filter(subject_area_q(code=code), inspection__isnull=False).values("inspection")
            qs = qs.filter(pk__in=in_area)
    return qs


def flag_list(
    *, user: User, status: str | None = None, unit: Unit | None = None, filters: dict | None = None
) -> QuerySet[Flag]:
    qs = (
        Flag.objects.filter(scope_q(user=user, roles=READERS, prefix="unit__"))
        .exclude(flag_recused_q(user=user))
        .select_related("unit", "inspection", "subject_area")
        .annotate(subject_area_name=subject_area_name_now())
    )
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
        search_kind="flag",
        exact=("category", "severity"),
        area="flag",
    )


# The columns each list may be sorted by (`?sort=`; workflows.list_order): anything else gives the urgency order.
FLAG_SORTS: dict[str, tuple] = {
    "reference": ("pk",),
    "unit": ("unit__name",),
    "category": (choice_order("category", Category.choices),),
    "severity": (choice_order("severity", Flag.Severity.choices),),
    "source": (choice_order("source", Flag.Source.choices),),
    "status": (choice_order("status", Flag.Status.choices),),
    "raised": ("raised_at",),
    "due": DUE,
}


def flag_get(*, user: User, pk: int) -> Flag:
    flag = flag_list(user=user).filter(pk=pk).first()
    if flag is None:
        raise Http404(_("Không tìm thấy dấu hiệu vi phạm."))
    return flag


def flag_ids_readable(*, user: User, ids: list[int]) -> set[int]:
    """Which of these flags the user may open (a subject unit's representative reads its inspection,
    not the flags that led to it): a page links only these."""
    return set(flag_list(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def inspection_ids_readable(*, user: User, ids: Iterable[int | None]) -> set[int]:
    """Which of these inspections the user may open (inspection_list: a flag's reader outside the committee
    running its inspection does not): a page links only these, the API gives only their ids."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    return set(inspection_list(user=user).filter(pk__in=wanted).values_list("pk", flat=True))


def flags_open_for_unit(*, user: User, unit: Unit) -> QuerySet[Flag]:
    """Raised flags that can be grouped into an inspection of `unit`."""
    return flag_list(user=user, status=Flag.Status.RAISED, unit=unit)


# ---- plans -------------------------------------------------------------------------------------


def plan_list(*, user: User, filters: dict | None = None) -> QuerySet[InspectionPlan]:
    qs = InspectionPlan.objects.filter(scope_q(user=user, roles=READERS, prefix="unit__")).select_related("unit")
    return _filtered(
        qs, filters, search=[], unit="unit", day="created_at", exact=("year",), search_kind=SearchDocument.Kind.PLAN
    )


def plan_get(*, user: User, pk: int) -> InspectionPlan:
    plan = plan_list(user=user).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("Không tìm thấy kế hoạch."))
    return plan


def _plan_item_done_q() -> Q:
    """An inspection item is done once its inspection is concluded; a supervision item
    (casework.supervision) once its supervision has reported."""
    from casework.supervision.models import Supervision

    return Q(inspection_status__in=[Inspection.Status.CONCLUDED, Inspection.Status.CLOSED]) | Q(
        supervision_status__in=Supervision.DONE_STATUSES
    )


def plan_approval_awaited(*, plan: InspectionPlan) -> str:
    """Whom a submitted plan waits on: the body of the unit whose leaders may approve it by the rule its
    approval checks (services.plans.plan_approvers_read, plan_may_approve): its standing committee (Ban
    Thường vụ) when one of them sits on it, else its executive committee (Ban Chấp hành); "" for a plan
    not awaiting approval. No conflict of interest bars a plan's approval, so every reader is told the same."""
    from casework.inspections.services.plans import plan_approvers_read

    if plan.status != InspectionPlan.Status.SUBMITTED:
        return ""
    unit, approvers = plan_approvers_read(plan)
    return awaited_line(names=[body_name(unit=unit, members=approvers)] if unit is not None else [])


def plan_items_with_progress(*, plan: InspectionPlan) -> QuerySet[PlanItem]:
    """Each item with its state: planned (nothing opened), running, done, overdue (past its period, not done)."""
    from casework.supervision.models import Supervision

    today = clock.today()
    latest = Inspection.objects.filter(plan_item=OuterRef("pk")).order_by("-created_at")
    supervised = Supervision.objects.filter(plan_item=OuterRef("pk")).order_by("-created_at")
    done = _plan_item_done_q()
    return (
        plan.items.select_related("subject_unit", "team_lead")
        .annotate(
            inspection_id=Subquery(latest.values("pk")[:1]),
            inspection_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
            supervision_id=Subquery(supervised.values("pk")[:1]),
            supervision_status=Coalesce(Subquery(supervised.values("status")[:1]), Value("")),
        )
        .annotate(
            done=ExpressionWrapper(done, output_field=BooleanField()),
            overdue=ExpressionWrapper(Q(ends_on__lt=today) & ~done, output_field=BooleanField()),
        )
    )


def plan_progress(*, plan: InspectionPlan) -> dict[str, int]:
    items = plan_items_with_progress(plan=plan)
    done = _plan_item_done_q()
    opened = Q(inspection_id__isnull=False) | Q(supervision_id__isnull=False)
    today = clock.today()
    return items.aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=~opened & Q(ends_on__gte=today)),
        running=Count("pk", filter=opened & ~done & Q(ends_on__gte=today)),
        done=Count("pk", filter=done),
        overdue=Count("pk", filter=Q(ends_on__lt=today) & ~done),
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
        area="flags",
        search_kind="inspection",
    )


INSPECTION_SORTS: dict[str, tuple] = {
    "reference": ("decision_number", "pk"),
    "title": ("title",),
    "subject_unit": ("subject_unit__name",),
    "kind": (choice_order("kind", Inspection.Kind.choices),),
    "status": (choice_order("status", Inspection.Status.choices),),
    "due": DUE,
}


def inspection_get(*, user: User, pk: int) -> Inspection:
    inspection = inspection_list(user=user).filter(pk=pk).first()
    if inspection is None:
        raise Http404(_("Không tìm thấy cuộc kiểm tra."))
    return inspection


def inspection_subject_has_account(*, inspection: Inspection) -> bool:
    """Whether someone can sign in for the subject unit (its representative) to acknowledge the notice."""
    return users_with_role(unit=inspection.subject_unit, roles=[Role.SUBJECT_REP]).exists()


def inspection_list_mine(*, user: User) -> QuerySet[Inspection]:
    """Open inspections where the user is on the team, or that wait on their signature (decision,
    conclusion): the committee chair's, and for a complex matter the union's chair's and vice-chairs' too
    (roles.may_sign, the services' rule), holding the role (an administrator only like anyone else)."""
    # Never for a unit they are conflicted with: they may not sign for it (teams.decider_conflict).
    signature_waits = Q(pk__in=[])
    if signer_roots(user=user, complex=True):
        signer = signable_q(user=user)
        # The decision waits on them once the team is formed (it names the team: team_size.team_complete),
        # the conclusion once the unit has explained or its time to explain has run out.
        signature_waits = (
            signer
            & (Q(status=Inspection.Status.OPENED, pk__in=inspections_team_complete()) | explanation_over_q())
            & ~units_conflicted_q(user=user, prefix="subject_unit__")
        )
    return (
        inspection_list(user=user)
        .filter(Q(team__user=user) | signature_waits, status__in=Inspection.OPEN_STATUSES)
        .distinct()
    )


# ---- recommendations and follow-ups --------------------------------------------------------------


def recommendation_text_q(text: str) -> Q:
    """The `q` of the recommendations' lists (web and API), on a queryset of recommendation_list: the
    folded words of its reference, text, the unit that must act and its inspection's title and decision
    number (casework.search), or the reference of the case a measure comes from, for whoever may see
    that case."""
    return Q(case_shown=True, case__reference__icontains=text.strip()) | Q(
        pk__in=search_match_ids(q=text, kind=SearchDocument.Kind.RECOMMENDATION)
    )


def recommendation_visible_q(*, user: User) -> Q:
    """The recommendations `user` may see, one rule for every list, page, API, file and admin read.

    An inspection's: the readers of the inspecting unit's records, and the representatives of the unit
    that must act. A case's (the measures of a denunciation's conclusion): whoever may see the case
    (its scope less recusal: casework.cases.selectors.case_visible_q), and the representatives of the
    unit that must act unless they are recused from the case; they read the measure, never the case
    (Luật Tố cáo 2018 Đ.47)."""
    from casework.cases.models import Case
    from casework.cases.selectors import case_visible_q

    with role_cache.remembering():  # the user's roles today, read once for every branch
        recused = recommendation_recused_q(user=user)
        if user.is_superuser:
            return ~recused  # every unit: the branches below would add nothing but SQL
        readers = scope_q(user=user, roles=READERS, prefix="inspection__unit__")
        owners = scope_q(user=user, roles=[Role.SUBJECT_REP], prefix="owner_unit__")
        of_inspection = Q(case__isnull=True) & (readers | owners)
        of_visible_case = Q(case__in=Case.objects.filter(case_visible_q(user=user)).values("pk"))
        owner_of_case = Q(case__isnull=False) & owners & ~recused
    return of_inspection | of_visible_case | owner_of_case


def recommendation_case_shown(*, user: User) -> QuerySet:
    """The case of the recommendation (an outer reference), when `user` may see it (the one rule:
    casework.cases.selectors.case_visible_q): as `Exists(...)`, whether a measure names its case to
    them. The unit that must act reads the measure, never which case it came from (Luật Tố cáo 2018
    Đ.47, Đ.48): for them the case's id and reference are not shown."""
    from casework.cases.models import Case
    from casework.cases.selectors import case_visible_q

    return Case.objects.filter(case_visible_q(user=user), pk=OuterRef("case_id"))


# What a measure whose case the reader may not see names as its source.
CASE_SOURCE_HIDDEN = _("Kết luận nội dung tố cáo")


class RecommendationSource(NamedTuple):
    """Where a recommendation comes from, as one reader may read it."""

    case_id: int | None
    reference: str


def recommendation_source_shown(*, recommendation: Recommendation, user: User | None) -> RecommendationSource:
    """(the case id, the source's reference) as `user` may read them on the recommendation: an
    inspection's reference; a case's id and reference to whoever may see the case, else (None, a
    neutral label). From `case_shown`, as recommendation_list annotates it, when read there. The one
    rule for the list, the page, the API and the summaries."""
    if recommendation.case is None:
        return RecommendationSource(None, recommendation.source_reference)
    shown = getattr(recommendation, "case_shown", None)
    if shown is None and user is not None:
        shown = Recommendation.objects.filter(
            Exists(recommendation_case_shown(user=user)), pk=recommendation.pk
        ).exists()
    if shown:
        return RecommendationSource(recommendation.case.pk, recommendation.case.reference)
    return RecommendationSource(None, str(CASE_SOURCE_HIDDEN))


def recommendations_with_source(*, recommendations: Iterable[Recommendation], user: User) -> list[Recommendation]:
    """The recommendations as a list, each with `source` (recommendation_source_shown): read from the
    `case_shown` that recommendation_list annotates, so a page of them costs no query."""
    listed: list[Any] = list(recommendations)  # each gets an attribute the model does not declare
    for recommendation in listed:
        recommendation.source = recommendation_source_shown(recommendation=recommendation, user=user)
    return listed


def recommendation_list(*, user: User, filters: dict | None = None) -> QuerySet[Recommendation]:
    """The recommendations `user` may see (recommendation_visible_q), each with `case_shown`: whether
    they may see the case it came from (recommendation_case_shown)."""
    qs = (
        Recommendation.objects.filter(recommendation_visible_q(user=user))
        .select_related("inspection", "case", "owner_unit", "monitor")
        .annotate(case_shown=Exists(recommendation_case_shown(user=user)))
    )
    if filters and (text := filters.get("q")):
        qs = qs.filter(recommendation_text_q(text))
        filters = {k: v for k, v in filters.items() if k != "q"}
    qs = _filtered(qs, filters, search=[], unit="owner_unit", day="due_on")
    if filters and filters.get("overdue"):
        qs = qs.filter(deadline_status_q(Recommendation, FILTER_OVERDUE, clock.now()))
    if filters and (source := filters.get("source")):
        qs = qs.filter(case__isnull=source == "inspection")
    return qs


# The case's reference as the list names the source (`case_shown`, the annotation
# recommendation_source_shown reads): to a reader who may not see the case, none, so the measures whose
# case is hidden from them sort together (by the id that breaks ties) and their order tells nothing of
# the references they may not read (Luật Tố cáo 2018 Đ.47).
SHOWN_CASE_REFERENCE = Case(
    When(case_shown=True, then=F("case__reference")), default=Value(None), output_field=CharField()
)

RECOMMENDATION_SORTS: dict[str, tuple] = {
    "text": ("text",),
    "inspection": ("inspection__decision_number", "inspection_id", SHOWN_CASE_REFERENCE),
    "owner_unit": ("owner_unit__name",),
    "due": DUE,
    "status": (choice_order("status", Recommendation.Status.choices),),
}


def recommendation_get(*, user: User, pk: int) -> Recommendation:
    rec = recommendation_list(user=user).filter(pk=pk).first()
    if rec is None:
        raise Http404(_("Không tìm thấy kiến nghị."))
    return rec


def recommendations_to_report(*, user: User) -> QuerySet[Recommendation]:
    """Recommendations of the units `user` represents waiting for their report, and those whose
    report task the inbox offers them as the leadership that reports because no representative may
    (casework.inspections.reporters; the flow offers them the task: workflows.flows.inspections),
    less the cases they are recused from. No query of its own: the offered tasks are a subquery."""
    from casework.inspections.reporters import REPORTERS_ABOVE_ROLES
    from workflows.flows.inbox import task_objects_held

    with role_cache.remembering():  # the user's roles today, read once for both branches
        mine = holder_scope_q(user=user, roles=[Role.SUBJECT_REP], prefix="owner_unit__")
        # Only a leader can be offered the task: nobody else's list costs a query for it.
        if user_holds_role(user=user, roles=REPORTERS_ABOVE_ROLES):
            mine |= Q(pk__in=task_objects_held(user=user, label="inspections.recommendation"))
        recused = recommendation_recused_q(user=user)
    return (
        Recommendation.objects.filter(
            mine,
            status__in=[Recommendation.Status.OPEN, Recommendation.Status.RETURNED],
        )
        .exclude(recused)
        .select_related("inspection", "case", "owner_unit")
    )


def followup_work(*, user: User, rows: int) -> QuerySet[Recommendation]:
    """The measures waiting for `user` on the home page, in one query: those to report on
    (recommendations_to_report) and those with a report to verify (reports_to_verify), at most
    `rows` of each, each with `to_verify` (which list it is on) and `stood_in` (the report waits for
    a monitor away whom `user` verifies for)."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    kind = ExpressionWrapper(Q(status=Recommendation.Status.REPORTED), output_field=BooleanField())
    return (
        Recommendation.objects.filter(
            Q(pk__in=recommendations_to_report(user=user).values("pk"))
            | Q(pk__in=_reports_awaiting(user=user).values("recommendation_id"))
        )
        .select_related("inspection", "case", "owner_unit", "monitor")
        .annotate(
            to_verify=kind,
            stood_in=ExpressionWrapper(_stood_in_q(user=user), output_field=BooleanField()),
            place=Window(RowNumber(), partition_by=[kind], order_by=[F("due_on").asc(), F("pk").asc()]),
        )
        .filter(place__lte=rows)
        .order_by("to_verify", "due_on", "pk")
    )


def recommendations_of_case(*, case: Any) -> QuerySet[Recommendation]:
    """The measures of a case's conclusion, followed until accepted (for whoever sees the case)."""
    return case.recommendations.select_related("owner_unit", "monitor").order_by("due_on", "pk")


def followup_report_awaiting(*, recommendation: Recommendation) -> FollowupReport | None:
    """The report of `recommendation` waiting for an inspector's verdict: its latest one without a verdict."""
    return recommendation.reports.filter(verdict="").order_by("-reported_at", "-pk").first()


def recommendation_return_due_on(*, recommendation: Recommendation) -> dt.date:
    """The report due date a return (chưa đạt, trả lại) would set today: shown on the verification
    form before anything is set, by the same rule the service then applies (deadline_open)."""
    return deadline_due_on(subject=FOLLOWUP_SUBJECT, step=FOLLOWUP_REPORT_STEP)


def _stood_in_q(*, user: User, prefix: str = "") -> Q:
    """Recommendations (through `prefix`) whose verify task `user` holds in their inbox for a
    monitor away (their substitute, or a chair when that substitute is recused): the home rows say so."""
    from workflows.flows.inbox import task_objects_held

    held = Q(**{f"{prefix}pk__in": task_objects_held(user=user, label="inspections.recommendation")})
    return held & ~Q(**{f"{prefix}monitor": user}) & Q(**{f"{prefix}monitor__isnull": False})


def reports_to_verify(*, user: User) -> QuerySet[FollowupReport]:
    """Reports waiting for a verdict the user could give (the rule of services.followups
    followup_may_verify and followup_verifier_conflict, as a filter): an inspection's, by its
    committee; a case's, by its monitor, else by the committee of the case's unit, among those who
    see the case. Never their own report, nor one of a unit they are conflicted with. A monitor away
    today hands theirs to whoever stands in for them: the verify task follows the person to their
    substitute (workflows.flows.nodes.RoleTask, by casework.org.selectors.absence_cover, the rule
    followup_may_verify accepts them by), or, that substitute recused from the case, is offered to
    the nearest committee chairs (casework.inspections.monitors); this list reads who holds it from
    the inbox itself (workflows.flows.inbox.task_objects_held), so both name the same reports. No
    query of its own."""
    with role_cache.remembering():
        stood_in = _stood_in_q(user=user, prefix="recommendation__")
        reports = _reports_awaiting(user=user, stood_in=stood_in)
    # `stood_in`: the report waits for a monitor away today whom `user` stands in for (the home row says so).
    return reports.select_related("recommendation", "recommendation__owner_unit", "recommendation__monitor").annotate(
        stood_in=ExpressionWrapper(stood_in, output_field=BooleanField())
    )


def _reports_awaiting(*, user: User, stood_in: Q | None = None) -> QuerySet[FollowupReport]:
    """`reports_to_verify` bare (no related rows, no `stood_in`), for a subquery; `stood_in` is
    `_stood_in_q` through the report's recommendation when the caller has built it."""
    from casework.cases.models import Case as CaseRecord
    from casework.cases.models import ConflictDeclaration
    from casework.cases.selectors import case_visible_q

    with role_cache.remembering():  # the user's roles today, read once for every branch
        if stood_in is None:
            stood_in = _stood_in_q(user=user, prefix="recommendation__")
        monitored = Q(recommendation__monitor=user) | stood_in
        pending = FollowupReport.objects.filter(verdict="", recommendation__status=Recommendation.Status.REPORTED)
        # The committee is who holds its roles: an administrator verifies only like anyone else.
        staff_of_inspection = Q(recommendation__case__isnull=True) & holder_scope_q(
            user=user, roles=INSPECTION_STAFF, prefix="recommendation__inspection__unit__"
        )
        committee_of_case = Q(recommendation__monitor__isnull=True) & holder_scope_q(
            user=user, roles=INSPECTION_STAFF, prefix="recommendation__case__unit__"
        )
        case_seen = Q(recommendation__case__in=CaseRecord.objects.filter(case_visible_q(user=user)).values("pk"))
        of_case = case_seen & (monitored | committee_of_case)
        declared = ConflictDeclaration.objects.filter(user=user).values("case")
        reports = (
            pending.filter(staff_of_inspection | of_case)
            .exclude(reported_by=user)
            .exclude(units_conflicted_q(user=user, prefix="recommendation__owner_unit__"))
            .exclude(recommendation__case__in=declared)
            .exclude(units_conflicted_q(user=user, prefix="recommendation__case__subject_unit__"))
        )
    return reports


# ---- coverage: the proof that 100% of flags are accounted for ------------------------------------
#
# A flag's bucket is read from facts, never from its status alone: its end (the approved conclusion
# of its inspection, or a leadership decision recorded with its ground) and, until then, the clocks
# that cover it: its own ("open_inspection") and, once it is in an inspection, every step clock of
# that inspection (decision, notice, fieldwork, conclusion). For each step only the latest clock
# counts (an extension re-opens it; leadership returning a flag starts a fresh one). A current clock
# that breached, or is open past its due moment, makes the flag overdue: accounted only when that
# breach reached leadership (the sweep's escalation of it, or a pending escalation of its target or
# of the flag). An open flag with no running clock at all is unaccounted: nothing would ever raise it.
#
# Every fact is read as it stood at an instant: now for the coverage page, the API and the command;
# the close of a past quarter's last day for that quarter's report (casework.reports.figures), which
# thus shows each flag as it stood then however it ended later (_flags_with_bucket_inputs).

BUCKETS = ("inspected", "in_progress", "overdue_escalated", "ended_by_leadership", "unaccounted")
BUCKET_LABELS = {
    "inspected": _("Đã kiểm tra, có kết luận"),
    "in_progress": _("Đang xử lý, trong mọi thời hạn"),
    "overdue_escalated": _("Quá hạn, đã chuyển lãnh đạo"),
    "ended_by_leadership": _("Lãnh đạo quyết định kết thúc (không tính là đã kiểm tra)"),
    "unaccounted": _("CHƯA ĐƯỢC XỬ LÝ"),
}
INSPECTION_TARGET_TYPE = "inspections.inspection"


def superseded_clock(instant: dt.datetime | None = None) -> Exists:
    """A later clock of the same step of the same target exists (started by `instant`, when given):
    this one no longer counts."""
    later = Deadline.objects.filter(
        target_type=OuterRef("target_type"),
        target_id=OuterRef("target_id"),
        step=OuterRef("step"),
        pk__gt=OuterRef("pk"),
    )
    if instant is not None:
        later = later.filter(starts_on__lte=timezone.localdate(instant))
    return Exists(later)


def _current_clocks(target_type: str, target_id: Any, instant: dt.datetime) -> QuerySet[Deadline]:
    """The latest clock of each step of one target (`target_id` an outer reference) at `instant`,
    with what it was then (workflows.clock_history): its due day and its run (`cycle`)."""
    return (
        Deadline.objects.filter(target_type=target_type, target_id=target_id)
        .filter(starts_on__lte=timezone.localdate(instant))
        .exclude(superseded_clock(instant))
        .alias(
            due_then=clock_due_on_at(instant),
            moved_after=clock_moved_after(instant),
            cycle_then=clock_cycle_at(instant),
        )
    )


def _late_q(instant: dt.datetime) -> Q:
    """Late at `instant` (over `_current_clocks`): breached by then (the sweep's breach, which an
    extension clears, a new limit whose new due moment is ahead clears, and a step recorded as done at a
    moment in time and before that breach clears: deadline_extend, deadline_relimit, deadline_close's
    `at`), whether it still runs or its step ended late since (a late step done afterwards leaves its
    flag late: met late is not in time); or running and not paused then, and past the due
    moment in force then: its own `due_at` when nothing moved it since, else the close of the due day
    it had then."""
    day = timezone.localdate(instant)
    last_late_day = day if end_of_day(day) < instant else day - dt.timedelta(days=1)
    undated_breach = Q(status=Deadline.Status.BREACHED, breached_at__isnull=True)
    past_due = (Q(moved_after=False) & Q(due_at__lt=instant)) | (Q(moved_after=True) & Q(due_then__lte=last_late_day))
    running = clock_running_at_q(instant) & ~clock_paused_at_q(instant)
    return Q(breached_at__lte=instant) | (running & (undated_breach | past_due))


def _escalation_pending_q(instant: dt.datetime) -> Q:
    """An escalation pending at `instant`: raised by then, decided or referred out (`decided_at`), or
    overtaken by its step done (`overtaken_at`), only after, or not yet. A referral to the superior union
    keeps it pending (it records decided_at: the status says)."""
    overtaken = Escalation.Status.OVERTAKEN
    left_after = Q(status=overtaken, overtaken_at__gt=instant) | (~Q(status=overtaken) & Q(decided_at__gt=instant))
    return Q(created_at__lte=instant) & (Q(status=Escalation.Status.PENDING) | left_after)


def _escalated_q(instant: dt.datetime) -> Q:
    """This clock's breach had reached leadership at `instant`: the sweep had escalated this very breach
    (the one of the run it was in then), or its target had an escalation pending then."""
    breach = Escalation.objects.filter(
        deadline_id=OuterRef("pk"), breach_seq=OuterRef("cycle_then"), automatic=True, created_at__lte=instant
    )
    pending = Escalation.objects.filter(
        _escalation_pending_q(instant), target_type=OuterRef("target_type"), target_id=OuterRef("target_id")
    )
    return Q(Exists(breach)) | Q(Exists(pending))


def _flags_with_bucket_inputs(qs: QuerySet[Flag], as_of: dt.datetime | None = None) -> QuerySet[Flag]:
    """Alias, for each flag, the facts its bucket is read from (see the section comment), as they
    stood at `as_of` (None: now).

    - Inspected then: its inspection's conclusion approved by then (the flag's and the inspection's
      `conclusion_approved_at`).
    - Ended by leadership then: decided by then (the flag's `closed_at`, which the decision sets; else
      its escalation's `decided_at`). A decided flag with neither (one migration 0010 found no date
      for) reads as ended at any instant.
    - Open then: open now, or inspected or decided only after.
    - The clocks covering it then: its own, and its inspection's once it was in that inspection
      (see `_current_clocks`, `_late_q`, `_escalated_q`; an inspection's clocks count only from their
      own start). In its inspection then: joined by then (`joined_inspection_at`). A joined flag whose
      join no record dates (`joined_inspection_at` None) counts as in its inspection unless its own
      clock stopped only after the instant (joining stops that clock, run out or not).
    """
    instant = as_of or clock.now()
    flag_id = Cast(OuterRef("pk"), CharField())
    own = _current_clocks(FLAG_TARGET_TYPE, flag_id, instant)
    stopped_after = Deadline.objects.filter(target_type=FLAG_TARGET_TYPE, target_id=flag_id, closed_at__gt=instant)
    # `isnull=False` spelled out: a comparison with a NULL join is NULL, not false, and a NULL here would
    # leave the flag in no bucket at all.
    joined = Q(joined_inspection_at__isnull=False, joined_inspection_at__lte=instant) | (
        Q(joined_inspection_at__isnull=True) & ~Q(Exists(stopped_after))
    )
    in_inspection = Q(inspection_id__isnull=False) & joined
    inspection_clocks = _current_clocks(INSPECTION_TARGET_TYPE, Cast(OuterRef("inspection_id"), CharField()), instant)
    running = Q()
    late = Q()
    late_alone = Q()
    for clocks, covers in ((own, Q()), (inspection_clocks, in_inspection)):
        late_then = clocks.filter(_late_q(instant))
        running |= covers & Q(Exists(clocks.filter(clock_running_at_q(instant)).exclude(_late_q(instant))))
        late |= covers & Q(Exists(late_then))
        late_alone |= covers & Q(Exists(late_then.exclude(_escalated_q(instant))))
    flag_escalated = Escalation.objects.filter(
        _escalation_pending_q(instant), target_type=FLAG_TARGET_TYPE, target_id=flag_id
    )
    decided_at = Coalesce(
        F("closed_at"), Subquery(Escalation.objects.filter(pk=OuterRef("escalation_id")).values("decided_at")[:1])
    )
    inspected = Q(
        status=Flag.Status.INSPECTED,
        conclusion_approved_at__lte=instant,
        inspection__conclusion_approved_at__lte=instant,
    )
    decided = Q(status=Flag.Status.DECIDED)
    ended = decided & Q(escalation_id__isnull=False) & ~Q(decision_reason="")
    still_open = (
        Q(status__in=[Flag.Status.RAISED, Flag.Status.ASSIGNED])
        | Q(status=Flag.Status.INSPECTED, conclusion_approved_at__gt=instant)
        | (decided & Q(decided_then__gt=instant))
    )
    return qs.alias(decided_then=decided_at).alias(
        flag_inspected=ExpressionWrapper(inspected, output_field=BooleanField()),
        flag_ended=ExpressionWrapper(
            ended & (Q(decided_then__isnull=True) | Q(decided_then__lte=instant)), output_field=BooleanField()
        ),
        flag_open=ExpressionWrapper(still_open, output_field=BooleanField()),
        clock_running=ExpressionWrapper(running, output_field=BooleanField()),
        clock_late=ExpressionWrapper(late, output_field=BooleanField()),
        breach_unescalated=ExpressionWrapper(late_alone & ~Q(Exists(flag_escalated)), output_field=BooleanField()),
    )


def bucket_q() -> dict[str, Q]:
    """Mutually exclusive buckets, over the facts `_flags_with_bucket_inputs` aliases (as they stood at
    its instant); whatever fits none of the first four is unaccounted."""
    open_flag = Q(flag_open=True)
    inspected = Q(flag_inspected=True)
    ended = Q(flag_ended=True)
    overdue_escalated = open_flag & Q(clock_late=True) & ~Q(breach_unescalated=True)
    in_progress = open_flag & ~Q(clock_late=True) & Q(clock_running=True)
    known = inspected | ended | in_progress | overdue_escalated
    return {
        "inspected": inspected,
        "in_progress": in_progress,
        "overdue_escalated": overdue_escalated,
        "ended_by_leadership": ended,
        "unaccounted": ~known,
    }


def bucket_case() -> Case:
    """Each flag's bucket as one SQL expression (the first bucket that holds wins; they are exclusive)."""
    return Case(
        *[When(q, then=Value(name)) for name, q in bucket_q().items() if name != "unaccounted"],
        default=Value("unaccounted"),
        output_field=CharField(),
    )


def coverage_flags(
    *,
    user: User | None,
    unit: Unit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    as_of: dt.datetime | None = None,
) -> QuerySet[Flag]:
    """Flags raised in the period within the unit's subtree (and the user's scope, None = the system),
    with the facts of their buckets as they stood at `as_of` (None: now)."""
    qs = Flag.objects.all()
    if user is not None:
        qs = qs.filter(scope_q(user=user, roles=READERS, prefix="unit__"))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if date_from is not None:
        qs = qs.filter(raised_at__date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(raised_at__date__lte=date_to)
    return _flags_with_bucket_inputs(qs, as_of)


def share(numerator: int, denominator: int) -> float | None:
    """A percentage to one decimal; None when there is nothing to divide (shown as "—", never 100%).

    Rounded towards the whole or nothing only when it is the whole or nothing: 1999 of 2000 reads 99.9,
    never 100.0 (100% is a checked fact, DESIGN "The invariant that defines the product"), and 1 of
    20000 reads 0.1, never 0.0."""
    if not denominator:
        return None
    percent = round(100 * numerator / denominator, 1)
    if numerator < denominator:
        percent = min(percent, 99.9)
    if numerator > 0:
        percent = max(percent, 0.1)
    return percent


def coverage_by_unit(
    *, user: User | None, unit: Unit | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """Per subject unit: raised and each bucket; plus the totals row, their sum. One grouped query counts
    the flags per unit and bucket, each flag's bucket compiled once (`bucket_case`): a count per bucket
    would repeat the facts' subqueries in every bucket's filter, for the rows and again for the totals."""
    return _coverage_rows(coverage_flags(user=user, unit=unit, date_from=date_from, date_to=date_to))


def _coverage_rows(qs: QuerySet[Flag]) -> dict[str, Any]:
    unit_fields = ("unit_id", "unit__code", "unit__name", "unit__path")
    grouped = (
        qs.annotate(bucket=bucket_case())
        .values(*unit_fields, "bucket")
        .annotate(flags=Count("pk"))
        .order_by("unit__path")
    )
    by_unit: dict[int, dict[str, Any]] = {}
    totals: dict[str, Any] = {"raised": 0, **dict.fromkeys(BUCKETS, 0)}
    for group in grouped:
        row = by_unit.setdefault(
            group["unit_id"], {**{f: group[f] for f in unit_fields}, "raised": 0, **dict.fromkeys(BUCKETS, 0)}
        )
        for counted in (row, totals):
            counted["raised"] += group["flags"]
            counted[group["bucket"]] += group["flags"]
    rows = list(by_unit.values())
    for row in [*rows, totals]:
        row["accounted"] = sum(row[b] for b in BUCKETS if b != "unaccounted")
        # Every share names its numerator and denominator; none of them counts a leadership ending as inspected.
        row["inspected_percent"] = share(row["inspected"], row["raised"])
        row["accounted_percent"] = share(row["accounted"], row["raised"])
        row["cells"] = [(b, row[b]) for b in BUCKETS]
    return {"rows": rows, "totals": totals, "complete": totals["unaccounted"] == 0}


def coverage_drilldown(
    *,
    user: User | None,
    bucket: str | None,
    unit: Unit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Flag]:
    """The flags of one bucket (None: of every bucket), listed by unit, each with its `bucket`: the
    coverage page's drill-down and its export. The counts name every flag in scope (the unit's figures
    are the same whoever reads or reports them), but a reader never finds listed a flag they are recused
    from (flag_list): for them it does not exist."""
    if bucket is not None and bucket not in BUCKETS:
        raise Http404(_("Không có nhóm này."))
    qs = coverage_flags(user=user, unit=unit, date_from=date_from, date_to=date_to)
    if user is not None:
        qs = qs.exclude(flag_recused_q(user=user))
    if bucket is not None:
        qs = qs.filter(bucket_q()[bucket])
    return qs.annotate(bucket=bucket_case()).select_related("unit", "inspection").order_by("unit__path", "pk")


class CoverageClock(NamedTuple):
    """One current clock a listed flag is read from: its step, due day and state, now (labels lazy: a
    file is written in Vietnamese whoever asks)."""

    step: Any
    due_on: dt.date
    status: Any


def coverage_clocks(flags: Iterable[Flag]) -> dict[int, list[CoverageClock]]:
    """{flag id: the current clocks that cover it}: the latest clock of each step of the flag and, once it
    is in an inspection, of that inspection (the clocks its coverage bucket is read from), by start."""
    flags = list(flags)
    flag_ids = [str(flag.pk) for flag in flags]
    inspection_ids = sorted({str(flag.inspection_id) for flag in flags if flag.inspection_id is not None})
    clocks: dict[tuple[str, str], list[CoverageClock]] = {}
    current = (
        Deadline.objects.filter(
            Q(target_type=FLAG_TARGET_TYPE, target_id__in=flag_ids)
            | Q(target_type=INSPECTION_TARGET_TYPE, target_id__in=inspection_ids)
        )
        .exclude(superseded_clock())
        .order_by("starts_on", "pk")
    )
    for deadline in current:
        clocks.setdefault((deadline.target_type, deadline.target_id), []).append(
            CoverageClock(
                STEP_LABELS.get(deadline.step, deadline.step), deadline.due_on, Deadline.Status(deadline.status).label
            )
        )
    return {
        flag.pk: clocks.get((FLAG_TARGET_TYPE, str(flag.pk)), [])
        + (clocks.get((INSPECTION_TARGET_TYPE, str(flag.inspection_id)), []) if flag.inspection_id else [])
        for flag in flags
    }


def coverage_page(
    *,
    user: User,
    unit: Unit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    bucket: str | None = None,
    drill_unit: Unit | None = None,
) -> dict[str, Any]:
    """What the coverage page shows and its export holds, for one reader, filter and drill-down: the
    figures with their check against the trail (`report`: coverage_report) and the flags listed
    (`flags`, each with its `bucket`, `clocks`: coverage_clocks, and `endings`: flag_endings): those of the bucket drilled into,
    within `drill_unit` when given (else the filter's unit), or every flag counted when `bucket` is
    None. Every unit and flag is within the reader's scope (coverage_flags), whatever the filters say."""
    report = coverage_report(user=user, unit=unit, date_from=date_from, date_to=date_to)
    listed = coverage_drilldown(user=user, bucket=bucket, unit=drill_unit or unit, date_from=date_from, date_to=date_to)
    flags = list(listed)
    endings = flag_endings(flags, reader=user)
    return {"report": report, "flags": flags, "clocks": coverage_clocks(flags), "endings": endings}


class FlagEnding(NamedTuple):
    """What a leadership ending names (flag_decide): the record merged into, with that record's own state
    now (a flag's coverage bucket, an inspection's status) for a reader who may read that record, or the
    authority and the referral paper. Empty names on a flag ended before they were recorded: shown "không
    ghi" (not recorded)."""

    ground: str
    target: str = ""
    target_url: str = ""
    target_state: Any = ""
    referred_to: str = ""
    referral_ref: str = ""
    # The id of the record merged into, only for a reader who may open it (as its link).
    target_id: int | None = None

    def text(self) -> str:
        from django.utils.translation import gettext

        if self.ground == EndGround.MERGED:
            if not self.target:
                return gettext("gộp vào: không ghi")
            if not self.target_state:
                return gettext("gộp vào %(target)s") % {"target": self.target}
            return gettext("gộp vào %(target)s (%(state)s)") % {"target": self.target, "state": self.target_state}
        if self.ground == EndGround.REFERRED:
            if not (self.referred_to or self.referral_ref):
                return gettext("chuyển cơ quan có thẩm quyền: không ghi")
            return gettext("chuyển %(authority)s, văn bản số %(paper)s") % {
                "authority": self.referred_to or gettext("không ghi"),
                "paper": self.referral_ref or gettext("không ghi"),
            }
        return ""


def flag_endings(flags: Iterable[Flag], *, reader: User | None = None) -> dict[int, FlagEnding]:
    """{flag id: its FlagEnding} for the flags of `flags` ended by leadership on a ground that names
    something (merged, referred): the flag page, the coverage drill-down and its workbook show it. The
    record merged into is linked, its state now shown (a flag's bucket, read in one query; an inspection's
    status) and its id given (the API's), only for a `reader` who may open it (flag_list, inspection_list:
    their scope and recusals); its reference is a fact of the flag, shown to all."""
    from django.urls import reverse

    decided = [
        flag
        for flag in flags
        if flag.status == Flag.Status.DECIDED and flag.end_ground in (EndGround.MERGED, EndGround.REFERRED)
    ]
    flag_ids = {flag.merged_into_flag_id for flag in decided if flag.merged_into_flag_id}
    inspections = Inspection.objects.in_bulk(
        {flag.merged_into_inspection_id for flag in decided if flag.merged_into_inspection_id}
    )
    if reader is not None:
        linked_flags = flag_ids_readable(user=reader, ids=list(flag_ids))
        linked_inspections = inspection_ids_readable(user=reader, ids=inspections)
    else:
        linked_flags, linked_inspections = flag_ids, set(inspections)
    buckets = dict(
        _flags_with_bucket_inputs(Flag.objects.filter(pk__in=linked_flags))
        .annotate(bucket=bucket_case())
        .values_list("pk", "bucket")
    )
    endings = {}
    for flag in decided:
        target = url = ""
        state: Any = ""
        linked: int | None = None
        if (pk := flag.merged_into_flag_id) is not None:
            target = f"DH-{pk:05d}"
            if pk in linked_flags:
                url, linked = reverse("inspections:flag_detail", args=[pk]), pk
                state = BUCKET_LABELS[buckets.get(pk, "unaccounted")]
        elif (inspection := inspections.get(flag.merged_into_inspection_id)) is not None:
            target = inspection.reference
            if inspection.pk in linked_inspections:
                url, linked = reverse("inspections:inspection_detail", args=[inspection.pk]), inspection.pk
                state = Inspection.Status(inspection.status).label
        endings[flag.pk] = FlagEnding(
            flag.end_ground,
            target,
            url,
            state,
            referred_to=flag.referred_to,
            referral_ref=flag.referral_ref,
            target_id=linked,
        )
    return endings


def flag_bucket(*, flag: Flag) -> str:
    qs = _flags_with_bucket_inputs(Flag.objects.filter(pk=flag.pk)).annotate(bucket=bucket_case())
    return qs.values_list("bucket", flat=True).first() or "unaccounted"


def coverage_flag_buckets(
    *, user: User | None, unit: Unit | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[tuple[int, str, str]]:
    """(flag id, unit code, bucket) of every flag in the report, ordered by unit and id: one query."""
    qs = coverage_flags(user=user, unit=unit, date_from=date_from, date_to=date_to).annotate(bucket=bucket_case())
    return list(qs.order_by("unit__path", "pk").values_list("pk", "unit__code", "bucket"))


def coverage_trail_disagreements(
    *,
    user: User | None = None,
    unit: Unit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    counted: QuerySet[Flag] | None = None,
) -> list[tuple[str, str]]:
    """Where the flags table, which the coverage figures are read from, says what the audit trail does not:
    (flag reference, what is wrong), for the flags of the report (unit subtree, raised in the period,
    within the user's scope; None = the system).

    The chain (verify_audit) proves the trail untouched; this proves the figures agree with it: every flag
    the trail saw raised is still counted, in the unit and on the day it was raised, every flag counted
    as ended has the event that ended it, naming the same inspection (flag.inspected) or leadership decision
    (flag.decide, at the moment the flag's `closed_at` says), every flag in an inspection is in the one its
    join event names, since the moment that event records (flag.assign: the moment from which its inspection's clocks cover it, _join_problem),
    and every clock an open flag is read from runs to the due date the trail last recorded for its step, or
    was stopped by a step the trail records (_clock_trail_problems).
    A row deleted, moved, closed or re-dated by hand, a due date moved or a clock stopped by hand, which no
    check of the tables alone can tell from a real one, fails the proof."""
    from casework.audit.models import AuditEvent

    raised = AuditEvent.objects.filter(target_type=FLAG_TARGET_TYPE, action="flag.raise")
    if user is not None:
        raised = raised.filter(scope_q(user=user, roles=READERS, prefix="unit__"))
    if unit is not None:
        raised = raised.filter(unit__path__startswith=unit.path)
    if date_from is not None:
        raised = raised.filter(at__date__gte=date_from)
    if date_to is not None:
        raised = raised.filter(at__date__lte=date_to)
    trail = {target_id: (unit_id, at) for target_id, unit_id, at in raised.values_list("target_id", "unit_id", "at")}
    if counted is None:  # else the caller's coverage_flags of the same user, unit and period
        counted = coverage_flags(user=user, unit=unit, date_from=date_from, date_to=date_to)
    table = {
        str(row[0]): row
        for row in Flag.objects.filter(Q(pk__in=counted.values("pk")) | Q(pk__in=_int_ids(trail))).values_list(
            "pk",
            "unit_id",
            "raised_at",
            "status",
            "inspection_id",
            "escalation_id",
            "joined_inspection_at",
            "closed_at",
            "unit__path",
            "end_ground",
            "merged_into_flag_id",
            "merged_into_inspection_id",
            "unit__is_active",
        )
    }
    subjects = _inspection_subjects({row[4] for row in table.values() if row[4] is not None})
    counted_ids = {str(pk) for pk in counted.values_list("pk", flat=True)}
    ends: dict[tuple[str, str], set] = {}
    decided_at: dict[tuple[str, Any], dt.datetime] = {}
    merged_recorded: dict[tuple[str, Any], Any] = {}
    closing = AuditEvent.objects.filter(
        target_type=FLAG_TARGET_TYPE, action__in=["flag.inspected", "flag.decide"], target_id__in=list(table)
    )
    for action, target_id, at, after in closing.order_by("seq").values_list("action", "target_id", "at", "after"):
        ended_by = (after or {}).get(_CLOSING_NAMES[action])
        ends.setdefault((target_id, action), set()).add(ended_by)
        if action == "flag.decide":
            decided_at[(target_id, ended_by)] = at
            merged_recorded[(target_id, ended_by)] = (after or {}).get("merged_into")
    merged_back = _merged_back(table)
    joins = _joins_recorded(list(table))
    clocks = _clock_trail_problems(counted)
    found: list[tuple[str, str]] = []
    for target_id in sorted({*trail, *counted_ids}, key=lambda i: (len(i), i)):
        reference = f"DH-{int(target_id):05d}" if target_id.isdigit() else target_id
        row = table.get(target_id)
        if row is None:
            found.append((reference, str(TRAIL_MISSING)))
            continue
        _pk, unit_id, raised_at, status, inspection, escalation, joined_at, closed_at, unit_path, *ending = row
        end_ground, merged_flag, merged_inspection, unit_active = ending
        if target_id not in trail:
            found.append((reference, str(TRAIL_NEVER_RAISED)))
        elif unit_id != trail[target_id][0] or abs(raised_at - trail[target_id][1]) > TRAIL_CLOCK_SLACK:
            found.append((reference, str(TRAIL_MOVED)))
        elif status in (Flag.Status.RAISED, Flag.Status.ASSIGNED) and (
            (target_id, "flag.inspected") in ends or (target_id, "flag.decide") in ends
        ):
            # An end is final: no step leads a flag out of "inspected" or "decided", so an open flag the
            # trail saw ended was reopened by hand (its approved conclusion or decision undone).
            found.append((reference, str(TRAIL_REOPENED)))
        elif status == Flag.Status.INSPECTED and inspection not in ends.get((target_id, "flag.inspected"), ()):
            found.append((reference, str(TRAIL_NOT_INSPECTED)))
        elif status == Flag.Status.DECIDED and escalation not in ends.get((target_id, "flag.decide"), ()):
            found.append((reference, str(TRAIL_NOT_DECIDED)))
        elif status == Flag.Status.DECIDED and (
            closed_at is None or abs(closed_at - decided_at[(target_id, escalation)]) > TRAIL_CLOCK_SLACK
        ):
            # The moment it ended decides from when it counts as ended by leadership (section V as of a day).
            when = timezone.localtime(decided_at[(target_id, escalation)]).strftime("%d/%m/%Y %H:%M")
            found.append((reference, str(TRAIL_DECIDED_MOVED) % {"at": when}))
        elif status == Flag.Status.DECIDED and (
            problem := _ending_problem(
                end_ground,
                merged=_merged_ref(merged_flag, merged_inspection),
                recorded=merged_recorded.get((target_id, escalation)),
                merged_back=merged_back.get(merged_flag) == int(target_id),
                unit_active=unit_active,
            )
        ):
            found.append((reference, problem))
        elif inspection is not None and (problem := _subject_problem(unit_path, subjects[inspection])) is not None:
            found.append((reference, problem))
        elif (problem := _join_problem(inspection, joined_at, joins.get(target_id))) is not None:
            found.append((reference, problem))
        elif target_id in clocks:
            found.append((reference, clocks[target_id]))
    return found


def _merged_ref(merged_flag: int | None, merged_inspection: int | None) -> list[str] | None:
    """The record a flag was merged into as its event records it ([target type, id]), None when none."""
    if merged_flag is not None:
        return [FLAG_TARGET_TYPE, str(merged_flag)]
    if merged_inspection is not None:
        return [INSPECTION_TARGET_TYPE, str(merged_inspection)]
    return None


def _merged_back(table: dict[str, tuple]) -> dict[int, int | None]:
    """{flag merged into: the flag it is itself merged into} for the flags the table's flags were merged into."""
    targets = {row[10] for row in table.values() if row[10] is not None}
    return dict(
        Flag.objects.filter(pk__in=targets, status=Flag.Status.DECIDED, end_ground=EndGround.MERGED).values_list(
            "pk", "merged_into_flag_id"
        )
    )


def _ending_problem(
    ground: str, *, merged: list[str] | None, recorded: Any, merged_back: bool, unit_active: bool
) -> str | None:
    """What is wrong with a leadership ending's ground, or None: one merged names the record its
    `flag.decide` event recorded, which is not itself merged back into it (an ending that names nothing
    the trail can follow hides the flag); one on "subject dissolved" whose unit is active again no longer
    stands. An ending whose event recorded no record merged into (one decided before endings named it)
    is read as it is."""
    if ground == EndGround.MERGED:
        if recorded is not None and merged is None:
            return str(TRAIL_MERGED_MISSING)
        if recorded is not None and list(recorded) != merged:
            return str(TRAIL_MERGED_MOVED)
        if merged_back:
            return str(TRAIL_MERGED_LOOP)
    if ground == EndGround.SUBJECT_DISSOLVED and unit_active:
        return str(TRAIL_DISSOLVED_ACTIVE)
    return None


def _joins_recorded(flag_ids: list[str]) -> dict[str, tuple[Any, dt.datetime]]:
    """{flag id: (inspection, joined at)} as the trail last recorded the flag's joining an inspection
    (its `flag.assign` event: the `joined_inspection_at` it records, else the event's own instant)."""
    from casework.audit.models import AuditEvent

    if not flag_ids:
        return {}
    joins: dict[str, tuple[Any, dt.datetime]] = {}
    events = AuditEvent.objects.filter(target_type=FLAG_TARGET_TYPE, action="flag.assign", target_id__in=flag_ids)
    for target_id, at, after in events.order_by("seq").values_list("target_id", "at", "after"):
        after = after if isinstance(after, dict) else {}
        recorded = after.get("joined_inspection_at")
        joins[target_id] = (after.get("inspection"), dt.datetime.fromisoformat(recorded) if recorded else at)
    return joins


def _inspection_subjects(inspection_ids: set[int]) -> dict[int, tuple[str, Any, Any]]:
    """{inspection id: (the path of the unit it inspects, that unit's id, the unit its `inspection.open`
    event recorded it inspects)}."""
    from casework.audit.models import AuditEvent

    opened = {
        target_id: (after or {}).get("subject_unit")
        for target_id, after in AuditEvent.objects.filter(
            target_type=INSPECTION_TARGET_TYPE, action="inspection.open", target_id__in=[str(i) for i in inspection_ids]
        ).values_list("target_id", "after")
    }
    return {
        pk: (path, unit_id, opened.get(str(pk), unit_id))
        for pk, unit_id, path in Inspection.objects.filter(pk__in=inspection_ids).values_list(
            "pk", "subject_unit_id", "subject_unit__path"
        )
    }


def _subject_problem(flag_unit_path: str, subject: tuple[str, Any, Any]) -> str | None:
    """What is wrong with the unit a flag's inspection inspects, or None: a flag is inspected only by an
    inspection of its unit or of a unit above it (flags_assign), which inspects the unit it was opened on."""
    path, unit_id, recorded = subject
    if unit_id != recorded:
        return str(TRAIL_SUBJECT_MOVED)
    if not flag_unit_path.startswith(path):
        return str(TRAIL_SUBJECT_OTHER)
    return None


def _join_problem(
    inspection: Any, joined_at: dt.datetime | None, recorded: tuple[Any, dt.datetime] | None
) -> str | None:
    """What is wrong with a flag's inspection and join moment (the table's) against its last join
    event (the trail's), or None. A flag in an inspection that neither the table nor the trail dates
    is read from its own clock (`_flags_with_bucket_inputs`) and not checked here."""
    if recorded is None:
        return str(TRAIL_JOIN_UNSEEN) if joined_at is not None else None
    recorded_inspection, recorded_at = recorded
    if inspection != recorded_inspection or joined_at != recorded_at:
        return str(TRAIL_JOIN_MOVED) % {"at": timezone.localtime(recorded_at).strftime("%d/%m/%Y %H:%M")}
    return None


def _clock_trail_problems(counted: QuerySet[Flag]) -> dict[str, str]:
    """{flag id: what is wrong} for the open flags of `counted` (in progress, overdue and escalated, or
    unaccounted), whose bucket their clocks decide: each current running clock of the flag and of its inspection must
    run to the due date the trail last recorded for that target and step (the "due" of the event of the
    step that opened or moved it: deadline_due_record). A clock the trail never saw opened, a due date
    (or due moment) other than the trail's, a clock paused with no step that pauses it, or a current clock met
    or cancelled with no step recording that it stopped it (the "closed" of its event, after the event that
    last opened or moved it), disagrees."""
    from casework.audit.models import AuditEvent

    read = list(counted.filter(Q(flag_open=True)).values_list("pk", "inspection_id"))
    if not read:
        return {}
    flag_ids = sorted({str(pk) for pk, _inspection in read})
    inspection_ids = sorted({str(inspection) for _pk, inspection in read if inspection is not None})
    targets = Q(target_type=FLAG_TARGET_TYPE, target_id__in=flag_ids) | Q(
        target_type=INSPECTION_TARGET_TYPE, target_id__in=inspection_ids
    )
    recorded: dict[tuple[str, str, str], str] = {}
    opened: dict[tuple[str, str, str], int] = {}  # the event that last opened or moved the step's clock
    stopped: dict[tuple[str, str, str], int] = {}  # the event that last stopped it
    for seq, target_type, target_id, after in (
        AuditEvent.objects.filter(targets).order_by("seq").values_list("seq", "target_type", "target_id", "after")
    ):
        if not isinstance(after, dict):
            continue
        due = after.get("due")
        if isinstance(due, dict):
            for step, day in due.items():
                recorded[(target_type, target_id, step)] = day
                opened[(target_type, target_id, step)] = seq
        closed = after.get("closed")
        if isinstance(closed, list):
            for step in closed:
                stopped[(target_type, target_id, str(step))] = seq
    running = (
        Deadline.objects.filter(targets, status__in=[Deadline.Status.OPEN, Deadline.Status.PAUSED])
        .exclude(superseded_clock())
        .order_by("step", "pk")
        .values_list("target_type", "target_id", "step", "due_on", "due_at", "status")
    )
    wrong: dict[tuple[str, str], str] = {}
    for target_type, target_id, step, due_on, due_at, status in running:
        day = recorded.get((target_type, target_id, step))
        named = {"step": str(STEP_LABELS.get(step, step))}
        if day is None:
            problem = str(TRAIL_CLOCK_UNSEEN) % named
        elif day != due_on.isoformat() or due_at != end_of_day(due_on):
            problem = str(TRAIL_CLOCK_MOVED) % {**named, "due": dt.date.fromisoformat(day).strftime("%d/%m/%Y")}
        elif status == Deadline.Status.PAUSED:
            problem = str(TRAIL_CLOCK_PAUSED) % named
        else:
            continue
        wrong.setdefault((target_type, target_id), problem)
    # A current clock met or cancelled must have been stopped by a step the trail records after the one
    # that last opened or moved it (deadline_close_recorded): one set so by hand no longer covers the flag,
    # and may hide a breach that nobody escalated.
    ended = (
        Deadline.objects.filter(targets, status__in=[Deadline.Status.MET, Deadline.Status.CANCELLED])
        .exclude(superseded_clock())
        .order_by("step", "pk")
        .values_list("target_type", "target_id", "step")
    )
    for target_type, target_id, step in ended:
        key = (target_type, target_id, step)
        if stopped.get(key, -1) <= opened.get(key, -1):
            wrong.setdefault(
                (target_type, target_id), str(TRAIL_CLOCK_CLOSED) % {"step": str(STEP_LABELS.get(step, step))}
            )
    problems: dict[str, str] = {}
    for pk, inspection in read:
        found = wrong.get((FLAG_TARGET_TYPE, str(pk)), "") or wrong.get((INSPECTION_TARGET_TYPE, str(inspection)), "")
        if found:
            problems[str(pk)] = found
    return problems


def coverage_report(
    *, user: User, unit: Unit | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    """The coverage figures a reader sees (coverage_by_unit) with their check against the audit trail:
    the figures prove that every flag was dealt with only when none is unaccounted and the flags table
    agrees with the trail (`proven`). `disagreements` lists the disagreeing flags by reference and
    problem, less those the reader is recused from (counted in `disagreement_count`, never named)."""
    # The flags and their facts are built once, for the figures and for their check.
    counted = coverage_flags(user=user, unit=unit, date_from=date_from, date_to=date_to)
    report = _coverage_rows(counted)
    found = coverage_trail_disagreements(user=user, unit=unit, date_from=date_from, date_to=date_to, counted=counted)
    hidden = {
        flag.reference
        for flag in Flag.objects.filter(flag_recused_q(user=user), pk__in=[_flag_pk(ref) for ref, _p in found])
    }
    report["disagreement_count"] = len(found)
    report["disagreements"] = [{"reference": ref, "problem": problem} for ref, problem in found if ref not in hidden]
    report["proven"] = report["complete"] and not found
    return report


def _flag_pk(reference: str) -> int | None:
    digits = reference.removeprefix("DH-")
    return int(digits) if digits.isdigit() else None


def _int_ids(ids: Any) -> list[int]:
    return [int(i) for i in ids if str(i).isdigit()]


# The row's raised_at and its event's instant are two reads of the clock in one transaction.
TRAIL_CLOCK_SLACK = dt.timedelta(minutes=1)
_CLOSING_NAMES = {"flag.inspected": "inspection", "flag.decide": "escalation"}
TRAIL_MISSING = _("nhật ký ghi nhận dấu hiệu vi phạm này nhưng dữ liệu không còn nó (đã bị xoá)")
TRAIL_NEVER_RAISED = _("dữ liệu có nhưng nhật ký không ghi nhận việc phát hiện nó")
TRAIL_MOVED = _("đơn vị hoặc ngày phát hiện trong dữ liệu khác với nhật ký (đã bị sửa)")
TRAIL_NOT_INSPECTED = _("được tính là đã kiểm tra nhưng nhật ký không ghi kết luận của cuộc kiểm tra này về nó")
TRAIL_NOT_DECIDED = _("được tính là lãnh đạo đã kết thúc nhưng nhật ký không ghi quyết định này về nó")
TRAIL_SUBJECT_MOVED = _("đơn vị được kiểm tra của cuộc kiểm tra trong dữ liệu khác với nhật ký (đã bị sửa)")
TRAIL_SUBJECT_OTHER = _("thuộc một đơn vị không nằm trong đơn vị mà cuộc kiểm tra của nó kiểm tra (đã bị sửa)")
TRAIL_REOPENED = _("dữ liệu cho là chưa kết thúc nhưng nhật ký ghi nó đã kết thúc (đã bị mở lại bằng tay)")
TRAIL_DECIDED_MOVED = _("thời điểm lãnh đạo kết thúc trong dữ liệu khác với nhật ký (%(at)s) (đã bị sửa)")
TRAIL_MERGED_MISSING = _(
    "được lãnh đạo kết thúc vì đã gộp nhưng dữ liệu không còn ghi nơi gộp vào mà nhật ký đã ghi (đã bị sửa)"
)
TRAIL_MERGED_MOVED = _("nơi gộp vào trong dữ liệu khác với nhật ký (đã bị sửa)")
TRAIL_MERGED_LOOP = _("được gộp vào một dấu hiệu vi phạm mà chính nó lại được gộp vào dấu hiệu này (gộp vòng tròn)")
TRAIL_DISSOLVED_ACTIVE = _(
    "được lãnh đạo kết thúc vì đơn vị đã giải thể nhưng đơn vị đang hoạt động trở lại: căn cứ không còn đúng"
)
TRAIL_JOIN_UNSEEN = _("dữ liệu ghi thời điểm đưa vào cuộc kiểm tra mà nhật ký không ghi việc đưa vào (đã bị sửa)")
TRAIL_JOIN_MOVED = _(
    "cuộc kiểm tra hoặc thời điểm đưa vào cuộc kiểm tra trong dữ liệu khác với nhật ký (%(at)s) (đã bị sửa)"
)
TRAIL_CLOCK_UNSEEN = _(
    "được tính theo thời hạn bước «%(step)s» mà nhật ký không ghi việc mở hay gia hạn (đã bị thêm bằng tay)"
)
TRAIL_CLOCK_MOVED = _("hạn bước «%(step)s» trong dữ liệu khác với hạn nhật ký ghi (%(due)s) (đã bị sửa)")
TRAIL_CLOCK_CLOSED = _(
    "thời hạn bước «%(step)s» đã kết thúc nhưng nhật ký không ghi bước nào kết thúc nó (đã bị sửa bằng tay)"
)
TRAIL_CLOCK_PAUSED = _("thời hạn bước «%(step)s» đang tạm dừng nhưng nhật ký không ghi việc tạm dừng (đã bị sửa)")


def deadlines_of(*, target: Any) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        target_type=f"{target._meta.app_label}.{target._meta.model_name}", target_id=str(target.pk)
    ).order_by("created_at")


def escalations_of(*, target: Any) -> QuerySet[Escalation]:
    return Escalation.objects.filter(
        target_type=f"{target._meta.app_label}.{target._meta.model_name}", target_id=str(target.pk)
    ).order_by("created_at")


def flag_return_due_on(escalation: Any) -> dt.date | None:
    """The due day a leadership "return" sets on a flag (`flag_return` opens a fresh clock to open
    its inspection), said before it is chosen; None when the flag is already in an inspection."""
    from casework.inspections.services.flags import FLAG_STEP, FLAG_SUBJECT
    from workflows.services.deadlines import deadline_due_on

    flag = Flag.objects.filter(pk=int(escalation.target_id)).only("status").first()
    if flag is None or flag.status != Flag.Status.RAISED:
        return None
    return deadline_due_on(subject=FLAG_SUBJECT, step=FLAG_STEP)


def flag_escalation_decision_refusals(escalation: Any) -> dict[str, str]:
    """The decisions on an escalation about a flag that the flag refuses now: no extension of its own clock
    once it is in an inspection (the join stopped that clock; the inspection's clocks cover it from then
    on, and a clock opened again on the flag would never be stopped and leave it unaccounted)."""
    flag = Flag.objects.select_related("inspection").filter(pk=int(escalation.target_id)).first()
    if flag is None or flag.inspection is None:
        return {}
    return {
        "extend": gettext(
            "%(reference)s đã thuộc cuộc kiểm tra %(inspection)s: thời hạn do cuộc kiểm tra quyết định, "
            "hãy gia hạn bước của cuộc kiểm tra."
        )
        % {"reference": flag.reference, "inspection": flag.inspection.reference}
    }


def inspection_finding_topics(*, inspection: Inspection) -> list[str]:
    """The topics a finding of `inspection` is recorded under: the inspection's own (nội dung kiểm tra),
    then any other a finding of it already has, so that a saved finding's topic stays a valid choice."""
    saved = inspection.findings.order_by("pk").values_list("topic", flat=True)
    return list(dict.fromkeys([*inspection.topics, *saved]))
