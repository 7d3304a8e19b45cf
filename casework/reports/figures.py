"""The figures of the quarterly report, computed by aggregate SQL.

Each group of figures is ONE aggregate query over one table (Count with filter=Q(...)): no row
is ever loaded into Python. With `by_branch=True` the same query is grouped by the unit's
branch under the report unit (the first path segment below it), which gives the consolidated
view's per-child rows in the same number of queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BigIntegerField, CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Substr
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casework.cases.models import Case, Channel, DisciplineForm, DisciplineProceeding, Kind, TerminationGround
from casework.cases.models import Status as CaseStatus
from casework.cases.services.sending import LAW_SENDING_STEPS
from casework.inspections.models import FollowupReport, Inspection, InspectionPlan, PlanItem, Recommendation
from casework.inspections.selectors import BUCKETS, bucket_q, coverage_flags, share
from casework.org.models import PATH_SEGMENT_WIDTH, Unit
from casework.org.selectors import scope_q
from casework.reports.periods import Quarter
from workflows.calendar import end_of_day
from workflows.clock_history import clock_due_on_at, clock_paused_at_q, clock_running_at_q
from workflows.deadline_status import object_clocks
from workflows.models import Deadline

# Open-case age buckets in days since receipt: (key, lower bound exclusive, upper bound inclusive).
AGE_BUCKETS = (("open_le30", None, 30), ("open_31_60", 30, 60), ("open_61_90", 60, 90), ("open_gt90", 90, None))

FIGURE_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        _("I. Tiếp nhận đơn thư"),
        [
            ("received_total", _("Tổng số đơn nhận trong kỳ")),
            *[(f"received_{k.value}", format_lazy("— {}", k.label)) for k in Kind],
            *[(f"channel_{c.value}", format_lazy("— {}: {}", _("Hình thức"), c.label)) for c in Channel],
        ],
    ),
    (
        _("II. Phân loại, xử lý đơn"),
        [
            ("accepted", _("Đã thụ lý")),
            ("refused", _("Không thụ lý")),
            ("transferred", _("Chuyển đơn")),
            ("withdrawn", _("Rút đơn")),
        ],
    ),
    (
        _("III. Kết quả giải quyết"),
        [
            ("resolved", _("Đã giải quyết (ban hành quyết định, kết luận, trả lời)")),
            ("resolved_on_time", _("— Đúng hạn")),
            ("resolved_late", _("— Quá hạn")),
            ("terminated", _("Đình chỉ việc giải quyết (không tính là đã giải quyết)")),
            ("terminated_withdrawn", _("— Do người khiếu nại, tố cáo rút toàn bộ đơn")),
            ("open_total", _("Còn tồn đọng cuối kỳ")),
            ("open_le30", _("— Đến 30 ngày")),
            ("open_31_60", _("— Từ 31 đến 60 ngày")),
            ("open_61_90", _("— Từ 61 đến 90 ngày")),
            ("open_gt90", _("— Trên 90 ngày")),
            ("open_overdue", _("— Trong đó quá hạn")),
            ("sent_late", _("Đơn có văn bản phải gửi các bên bị quá hạn (gửi muộn trong kỳ hoặc cuối kỳ chưa gửi)")),
        ],
    ),
    (
        _("IV. Kiểm tra"),
        [
            ("plan_items", _("Cuộc kiểm tra theo kế hoạch trong kỳ")),
            ("plan_items_done", _("— Đã thực hiện xong")),
            ("adhoc_opened", _("Cuộc kiểm tra đột xuất mở trong kỳ")),
            ("inspections_concluded", _("Cuộc kiểm tra đã có kết luận trong kỳ")),
        ],
    ),
    (
        _("V. Dấu hiệu vi phạm (100% phải được kiểm tra hoặc báo cáo lãnh đạo)"),
        [
            ("flags_raised", _("Dấu hiệu vi phạm phát hiện trong kỳ")),
            ("flags_inspected", _("— Đã kiểm tra, có kết luận")),
            ("flags_in_progress", _("— Đang xử lý, trong mọi thời hạn")),
            ("flags_overdue_escalated", _("— Quá hạn, đã chuyển lãnh đạo")),
            ("flags_ended_by_leadership", _("— Lãnh đạo quyết định kết thúc (không tính là đã kiểm tra)")),
            ("flags_unaccounted", _("— CHƯA ĐƯỢC XỬ LÝ")),
        ],
    ),
    (
        _("VI. Thực hiện kiến nghị sau kiểm tra"),
        [
            ("rec_implemented", _("Kiến nghị đã thực hiện (được xác nhận trong kỳ)")),
            ("rec_returned", _("Báo cáo thực hiện bị trả lại trong kỳ")),
            ("rec_overdue", _("Kiến nghị quá hạn chưa thực hiện cuối kỳ")),
        ],
    ),
    (
        _("VII. Xử lý kỷ luật"),
        [
            ("discipline_total", _("Quyết định kỷ luật trong kỳ")),
            *[(f"discipline_{form.value}", format_lazy("— {}", form.label)) for form in DisciplineForm],
        ],
    ),
]


FIGURE_KEYS: list[str] = [key for _title, rows in FIGURE_SECTIONS for key, _label in rows]
FIGURE_LABELS: dict[str, str] = {key: label for _title, rows in FIGURE_SECTIONS for key, label in rows}

# The figures broken down by subject area (lĩnh vực): those of letters and of flags, which carry one.
AREA_FIGURE_KEYS: list[str] = [
    "received_total",
    "accepted",
    "refused",
    "transferred",
    "withdrawn",
    "resolved",
    "resolved_on_time",
    "resolved_late",
    "terminated",
    "terminated_withdrawn",
    "open_total",
    "open_overdue",
    "flags_raised",
    "flags_inspected",
    "flags_in_progress",
    "flags_overdue_escalated",
    "flags_ended_by_leadership",
    "flags_unaccounted",
]

Figures = dict[str, int]


def figures_empty() -> Figures:
    return dict.fromkeys(FIGURE_KEYS, 0)


# The columns the pages and files show for each area (every AREA_FIGURE_KEYS figure is in the data).
AREA_COLUMNS: list[tuple[str, str]] = [
    ("received_total", _("Đơn nhận")),
    ("accepted", _("Thụ lý")),
    ("resolved", _("Đã giải quyết")),
    ("resolved_late", _("Giải quyết quá hạn")),
    ("terminated", _("Đình chỉ")),
    ("open_total", _("Tồn cuối kỳ")),
    ("open_overdue", _("Tồn quá hạn")),
    ("flags_raised", _("Dấu hiệu vi phạm")),
    ("flags_inspected", _("Đã kiểm tra")),
    ("flags_unaccounted", _("Chưa xử lý")),
]


def area_figures_empty() -> Figures:
    return dict.fromkeys(AREA_FIGURE_KEYS, 0)


def compute_area_figures(
    *, unit: Unit, period: Quarter, user: Any | None, roles: tuple[str, ...], by_branch: bool = False
) -> dict[Any, Figures]:
    """The AREA_FIGURE_KEYS of `unit`'s subtree over `period`, per subject area id (None: unclassified),
    or per (branch path, area id) when grouped like the consolidated view.

    The same counts as compute_figures, grouped by the record's area as well: two queries, and the
    rows add up to the report's totals by construction."""
    parts = [
        _case_figures(unit=unit, period=period, user=user, roles=roles, by_branch=by_branch, by_area=True),
        _flag_figures(unit=unit, period=period, user=user, by_branch=by_branch, by_area=True),
    ]
    return _area_figures(parts)


def _area_figures(parts: list[dict]) -> dict[Any, Figures]:
    merged: dict[Any, dict[str, int]] = {}
    for part in parts:
        for area_id, values in part.items():
            row = merged.setdefault(area_id, {})
            for key, value in values.items():
                row[key] = row.get(key, 0) + int(value or 0)
    result: dict[Any, Figures] = {}
    for area_id, row in merged.items():
        figures = area_figures_empty()
        for key in AREA_FIGURE_KEYS:
            figures[key] = row.get(key, 0)
        figures["resolved_on_time"] = figures["resolved"] - figures["resolved_late"]
        figures["open_total"] = sum(row.get(key, 0) for key, _low, _high in AGE_BUCKETS)
        result[area_id] = figures
    return result


def compute_figures_and_areas(
    *, unit: Unit, period: Quarter, user: Any | None, roles: tuple[str, ...]
) -> tuple[Figures, dict[Any, Figures]]:
    """`compute_figures(...)[None]` and `compute_area_figures(...)` from one read of the letters and
    one of the flags: the totals of those two parts are the sums of their areas' rows."""
    by_area = [
        _case_figures(unit=unit, period=period, user=user, roles=roles, by_branch=False, by_area=True),
        _flag_figures(unit=unit, period=period, user=user, by_branch=False, by_area=True),
    ]
    others = [
        _plan_figures(unit=unit, period=period, user=user, roles=roles, by_branch=False),
        _inspection_figures(unit=unit, period=period, user=user, roles=roles, by_branch=False),
        _recommendation_figures(unit=unit, period=period, user=user, roles=roles, by_branch=False),
        _returned_figures(unit=unit, period=period, user=user, roles=roles, by_branch=False),
        _discipline_figures(unit=unit, period=period, user=user, roles=roles, by_branch=False),
    ]
    totals = figures_empty()
    rows = [values for part in by_area for values in part.values()] + [part.get(None, {}) for part in others]
    for values in rows:
        for key, value in values.items():
            totals[key] += int(value or 0)
    totals["resolved_on_time"] = totals["resolved"] - totals["resolved_late"]
    totals["open_total"] = sum(totals[key] for key, _low, _high in AGE_BUCKETS)
    return totals, _area_figures(by_area)


def figures_sum(items: list[Figures]) -> Figures:
    total = figures_empty()
    for item in items:
        for key in FIGURE_KEYS:
            total[key] += int(item.get(key, 0) or 0)
    return total


def on_time_rate(figures: Figures) -> float | None:
    """Percentage of resolutions issued on time, None when nothing was resolved."""
    # One rounding rule for every share shown (selectors.share): never 100.0 unless all were on time.
    return share(figures.get("resolved_on_time", 0), figures.get("resolved", 0))


def compute_case_trend(
    *, unit: Unit, periods: list[Quarter], user: Any | None, roles: tuple[str, ...]
) -> list[Figures]:
    """Letters received, resolved and resolved late in each of `periods` (the other figures zero),
    from one scan of the cases: the dashboard's trend, which read a whole report per quarter."""
    resolve_due = _resolve_due()
    aggregates: dict[str, Count] = {}
    for n, period in enumerate(periods):
        aggregates[f"received_total_{n}"] = Count("pk", filter=_within("received_on", period))
        aggregates[f"resolved_{n}"] = Count("pk", filter=_resolved(period))
        aggregates[f"resolved_late_{n}"] = Count("pk", filter=_decided_late(period, resolve_due))
    row = _scoped(Case.objects.all(), user=user, roles=roles, prefix="unit__", unit=unit).aggregate(**aggregates)
    trend = []
    for n in range(len(periods)):
        figures = figures_empty()
        for key in ("received_total", "resolved", "resolved_late"):
            figures[key] = int(row[f"{key}_{n}"] or 0)
        figures["resolved_on_time"] = figures["resolved"] - figures["resolved_late"]
        trend.append(figures)
    return trend


def compute_figures(
    *, unit: Unit, period: Quarter, user: Any | None, roles: tuple[str, ...], by_branch: bool = False
) -> dict[str | None, Figures]:
    """Figures for `unit`'s subtree over `period`: {None: figures}, or {branch path: figures} when grouped.

    `user` None is the system (the command line); otherwise every table is also filtered by the
    user's scope, so a figure can never count what the user may not see.
    """
    parts: list[dict[str | None, dict[str, int]]] = [
        _case_figures(unit=unit, period=period, user=user, roles=roles, by_branch=by_branch),
        _plan_figures(unit=unit, period=period, user=user, roles=roles, by_branch=by_branch),
        _inspection_figures(unit=unit, period=period, user=user, roles=roles, by_branch=by_branch),
        _flag_figures(unit=unit, period=period, user=user, by_branch=by_branch),
        _recommendation_figures(unit=unit, period=period, user=user, roles=roles, by_branch=by_branch),
        _returned_figures(unit=unit, period=period, user=user, roles=roles, by_branch=by_branch),
        _discipline_figures(unit=unit, period=period, user=user, roles=roles, by_branch=by_branch),
    ]
    branches: set[str | None] = {None} if not by_branch else set()
    for part in parts:
        branches |= set(part)
    result: dict[str | None, Figures] = {}
    for branch in branches:
        figures = figures_empty()
        for part in parts:
            for key, value in part.get(branch, {}).items():
                figures[key] += int(value or 0)
        figures["resolved_on_time"] = figures["resolved"] - figures["resolved_late"]
        figures["open_total"] = sum(figures[key] for key, _low, _high in AGE_BUCKETS)
        result[branch] = figures
    return result


# ---- the parts ----------------------------------------------------------------------------------


def _scoped(qs: QuerySet, *, user: Any | None, roles: tuple[str, ...], prefix: str, unit: Unit) -> QuerySet:
    qs = qs.filter(**{f"{prefix}path__startswith": unit.path})
    if user is not None:
        qs = qs.filter(scope_q(user=user, roles=roles, prefix=prefix))
    return qs


def _grouped(
    qs: QuerySet, aggregates: dict, *, by_branch: bool, prefix: str, unit: Unit, by_area: bool = False
) -> dict:
    if by_area and by_branch:
        branch = Substr(f"{prefix}path", 1, len(unit.path) + PATH_SEGMENT_WIDTH + 1)
        rows = qs.annotate(branch=branch).values("branch", "subject_area_id").annotate(**aggregates).order_by()
        return {(row.pop("branch"), row.pop("subject_area_id")): row for row in rows}
    if by_area:
        rows = qs.values("subject_area_id").annotate(**aggregates).order_by()
        return {row.pop("subject_area_id"): row for row in rows}
    if not by_branch:
        return {None: qs.aggregate(**aggregates)}
    branch = Substr(f"{prefix}path", 1, len(unit.path) + PATH_SEGMENT_WIDTH + 1)
    rows = qs.annotate(branch=branch).values("branch").annotate(**aggregates).order_by()
    return {row.pop("branch"): row for row in rows}


def _within(field: str, period: Quarter) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


# A termination decision (đình chỉ việc giải quyết) ends the resolution without deciding the letter
# on its merits: the report counts it apart from the letters resolved by a decision, a conclusion or
# an answer (Luật Khiếu nại 2011 Đ.10, TT 07/2013/TT-TTCP Đ.19; Luật Tố cáo 2018 Đ.34).
NOT_TERMINATED = Q(termination_ground="")


def _resolved(period: Quarter) -> Q:
    """Resolved on the merits within `period` (decided_on is also the day of a termination decision)."""
    return _within("decided_on", period) & NOT_TERMINATED


def _terminated(period: Quarter) -> Q:
    return _within("decided_on", period) & ~NOT_TERMINATED


def _decided_late(period: Quarter, resolve_due: Subquery) -> Q:
    """Resolved on the merits within `period`, after the resolution clock's due day.

    `decided_on IS NOT NULL` comes first on purpose: PostgreSQL stops an AND at its first FALSE,
    but `decided_on >= …` on an undecided letter is NULL, not FALSE, so without it the due-day
    subquery would run for every letter in the subtree (the dashboard's trend over 200,000 letters
    would take ten times as long)."""
    return Q(decided_on__isnull=False) & _resolved(period) & Q(decided_on__gt=resolve_due)


def _case_clocks_overdue_on(day: dt.date) -> QuerySet[Deadline]:
    """The letters' own clocks (never one for an expert conclusion: object_clocks) that stood past
    their due day on `day`, read as each clock stood at its close (workflows.clock_history): started
    by then and due before then by the due day in force then, still running then (met, cancelled or paused only later, or not yet), not paused then. A
    report of a quarter already over, printed later, thus shows what was overdue on its last day: a
    clock met or extended after it still counts, one due after it does not, one paused over it and
    resumed later does not."""
    instant = end_of_day(day)
    return (
        object_clocks()
        .filter(clock_running_at_q(instant) & ~clock_paused_at_q(instant), target_type="cases.case")
        .alias(due_then=clock_due_on_at(instant))
        .filter(due_then__lt=day)
    )


def _sendings_late(period: Quarter) -> QuerySet[Deadline]:
    """The clocks of the papers the law sends to the parties (LAW_SENDING_STEPS: the notices of acceptance,
    a complaint's decision, a denunciation's conclusion, the decisions on a case's course) that were late
    in `period`, also on a letter already resolved or closed, which no backlog figure counts: sent in it
    after running out (a `breached_at`, deadline_close's one rule of lateness, whether the sweep ran or
    not), or standing unsent past their due day on `as_of`, read as `open_overdue` reads a clock then."""
    sending = Q(target_type="cases.case", step__in=LAW_SENDING_STEPS)
    sent_late = Deadline.objects.filter(
        sending,
        status=Deadline.Status.MET,
        breached_at__isnull=False,
        closed_at__gt=end_of_day(period.start - dt.timedelta(days=1)),
        closed_at__lte=period.read_at,
    )
    unsent_late = _case_clocks_overdue_on(period.as_of).filter(sending)
    return Deadline.objects.filter(Q(pk__in=sent_late.values("pk")) | Q(pk__in=unsent_late.values("pk")))


def _resolve_due() -> Subquery:
    """The due day of the case's latest resolution clock (a late resolution is decided after it)."""
    return Subquery(
        Deadline.objects.filter(
            target_type="cases.case", target_id=Cast(OuterRef("pk"), output_field=CharField()), step="resolve"
        )
        .exclude(status=Deadline.Status.CANCELLED)
        .order_by("-created_at", "-pk")
        .values("due_on")[:1]
    )


def _case_figures(
    *, unit: Unit, period: Quarter, user: Any, roles: tuple, by_branch: bool, by_area: bool = False
) -> dict:
    as_of = period.as_of
    resolve_due = _resolve_due()
    # The cases with a clock running past due on `as_of`, as one set PostgreSQL hashes once: an
    # EXISTS per letter probed the deadlines for every open letter (0.8 s of 1.4 s at 200,000).
    overdue_on = _case_clocks_overdue_on(as_of).annotate(case_id=Cast("target_id", BigIntegerField())).values("case_id")
    sent_late = _sendings_late(period).annotate(case_id=Cast("target_id", BigIntegerField())).values("case_id")
    qs = _scoped(Case.objects.all(), user=user, roles=roles, prefix="unit__", unit=unit)
    # A letter merged into the case that carries it (possibly at another level of the tree) is counted there once.
    received = _within("received_on", period) & Q(merged_into__isnull=True)
    # Open on `as_of`: received by then, neither resolved nor closed by then (every final step sets closed_on).
    open_q = (
        Q(received_on__lte=as_of)
        & (Q(decided_on__isnull=True) | Q(decided_on__gt=as_of))
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
    )
    aggregates: dict[str, Count] = {
        "received_total": Count("pk", filter=received),
        **{f"received_{k.value}": Count("pk", filter=received & Q(kind=k.value)) for k in Kind},
        **{f"channel_{c.value}": Count("pk", filter=received & Q(channel=c.value)) for c in Channel},
        "accepted": Count("pk", filter=_within("accepted_on", period)),
        "refused": Count("pk", filter=Q(status=CaseStatus.REFUSED) & _within("closed_on", period)),
        "transferred": Count("pk", filter=Q(status=CaseStatus.TRANSFERRED) & _within("closed_on", period)),
        "withdrawn": Count("pk", filter=Q(status=CaseStatus.WITHDRAWN) & _within("closed_on", period)),
        "resolved": Count("pk", filter=_resolved(period)),
        "resolved_late": Count("pk", filter=_decided_late(period, resolve_due)),
        "terminated": Count("pk", filter=_terminated(period)),
        "terminated_withdrawn": Count(
            "pk", filter=_terminated(period) & Q(termination_ground=TerminationGround.WITHDRAWN)
        ),
        "open_overdue": Count("pk", filter=open_q & Q(pk__in=overdue_on)),
        # Late sendings count where late steps are counted, the letter's own end notwithstanding.
        "sent_late": Count("pk", filter=Q(pk__in=sent_late)),
    }
    for key, low, high in AGE_BUCKETS:
        q = open_q
        if low is not None:
            q &= Q(received_on__lt=as_of - dt.timedelta(days=low))
        if high is not None:
            q &= Q(received_on__gte=as_of - dt.timedelta(days=high))
        aggregates[key] = Count("pk", filter=q)
    return _grouped(qs, aggregates, by_branch=by_branch, prefix="unit__", unit=unit, by_area=by_area)


def _plan_figures(*, unit: Unit, period: Quarter, user: Any, roles: tuple, by_branch: bool) -> dict:
    """The plans' inspections due to end in `period`; a plan's supervisions (giám sát) are no inspection."""
    done = Inspection.objects.filter(
        plan_item=OuterRef("pk"), status__in=[Inspection.Status.CONCLUDED, Inspection.Status.CLOSED]
    )
    qs = (
        _scoped(PlanItem.objects.all(), user=user, roles=roles, prefix="plan__unit__", unit=unit)
        .filter(
            plan__status__in=[
                InspectionPlan.Status.APPROVED,
                InspectionPlan.Status.ACTIVE,
                InspectionPlan.Status.CLOSED,
            ]
        )
        .filter(_within("ends_on", period), kind=PlanItem.Kind.INSPECTION)
    )
    aggregates = {"plan_items": Count("pk"), "plan_items_done": Count("pk", filter=Q(Exists(done)))}
    return _grouped(qs, aggregates, by_branch=by_branch, prefix="plan__unit__", unit=unit)


def _inspection_figures(*, unit: Unit, period: Quarter, user: Any, roles: tuple, by_branch: bool) -> dict:
    qs = _scoped(Inspection.objects.all(), user=user, roles=roles, prefix="unit__", unit=unit)
    aggregates = {
        "adhoc_opened": Count("pk", filter=Q(kind=Inspection.Kind.AD_HOC) & _within("created_at__date", period)),
        "inspections_concluded": Count("pk", filter=_within("conclusion_approved_at__date", period)),
    }
    return _grouped(qs, aggregates, by_branch=by_branch, prefix="unit__", unit=unit)


def _flag_figures(*, unit: Unit, period: Quarter, user: Any, by_branch: bool, by_area: bool = False) -> dict:
    # The inspections app owns the coverage buckets (the 100% line): reuse them, each flag read as it
    # stood at the close of the quarter's last day (now while it runs), as the letters' figures are.
    qs = coverage_flags(user=user, unit=unit, date_from=period.start, date_to=period.end, as_of=period.read_at)
    buckets = bucket_q()
    aggregates = {"flags_raised": Count("pk"), **{f"flags_{b}": Count("pk", filter=buckets[b]) for b in BUCKETS}}
    return _grouped(qs, aggregates, by_branch=by_branch, prefix="unit__", unit=unit, by_area=by_area)


def _recommendation_figures(*, unit: Unit, period: Quarter, user: Any, roles: tuple, by_branch: bool) -> dict:
    as_of = period.as_of
    qs = _scoped(Recommendation.objects.all(), user=user, roles=roles, prefix="owner_unit__", unit=unit)
    not_done_by_then = Q(accepted_at__isnull=True) | Q(accepted_at__date__gt=as_of)
    aggregates = {
        "rec_implemented": Count(
            "pk", filter=Q(status=Recommendation.Status.ACCEPTED) & _within("accepted_at__date", period)
        ),
        "rec_overdue": Count("pk", filter=not_done_by_then & Q(due_on__lt=as_of, created_at__date__lte=as_of)),
    }
    return _grouped(qs, aggregates, by_branch=by_branch, prefix="owner_unit__", unit=unit)


def _returned_figures(*, unit: Unit, period: Quarter, user: Any, roles: tuple, by_branch: bool) -> dict:
    prefix = "recommendation__owner_unit__"
    qs = _scoped(FollowupReport.objects.all(), user=user, roles=roles, prefix=prefix, unit=unit)
    aggregates = {
        "rec_returned": Count(
            "pk", filter=Q(verdict=FollowupReport.Verdict.RETURNED) & _within("verified_at__date", period)
        )
    }
    return _grouped(qs, aggregates, by_branch=by_branch, prefix=prefix, unit=unit)


def _discipline_figures(*, unit: Unit, period: Quarter, user: Any, roles: tuple, by_branch: bool) -> dict:
    """The discipline decisions (quyết định kỷ luật) the units in scope issued in `period`, once each, by
    the form adopted: a competent body's secret ballot that adopted a form (QĐ 5130/QĐ-TLĐ), on a case,
    a flag or an inspection. A leader's "discipline" decision on an escalation only opens such a
    proposal (casework.cases.escalations, casework.inspections.services.flag_discipline): it is counted
    through the ballot that decides it, never on its own; a ballot that adopts no form decides nothing."""
    qs = _scoped(DisciplineProceeding.objects.all(), user=user, roles=roles, prefix="unit__", unit=unit).filter(
        status=DisciplineProceeding.Status.DECIDED, decided_at__isnull=False
    )
    decided = _within("decided_at__date", period)
    aggregates = {
        "discipline_total": Count("pk", filter=decided),
        **{f"discipline_{form.value}": Count("pk", filter=decided & Q(outcome=form.value)) for form in DisciplineForm},
    }
    return _grouped(qs, aggregates, by_branch=by_branch, prefix="unit__", unit=unit)
