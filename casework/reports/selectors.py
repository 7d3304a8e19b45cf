"""Reads for reports: the quarterly report, the consolidated view, the dashboard, the register book.

Every function checks the unit against the user's scope first (OutOfScope → 404) and filters
every table by that scope again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from casework.areas.selectors import (
    UNCLASSIFIED_CODE,
    UNCLASSIFIED_LABEL,
    subject_area_name_now,
    subject_area_q,
    subject_areas_of_period,
)
from casework.cases.models import Case, DisciplineProceeding
from casework.cases.recusal import case_recused_q
from casework.cases.selectors import case_backlog_q, case_ids_overdue
from casework.inspections.models import Flag, Inspection, InspectionPlan, Recommendation
from casework.org.models import Role, RoleAssignment, Unit, User
from casework.org.selectors import scope_q, unit_is_visible, units_visible_to, user_has_role
from casework.reports.figures import (
    AREA_COLUMNS,
    AREA_FIGURE_KEYS,
    Figures,
    area_figures_empty,
    compute_area_figures,
    compute_case_trend,
    compute_figures,
    compute_figures_and_areas,
    figures_sum,
    on_time_rate,
)
from casework.reports.models import ExportJob, QuarterlyReport
from casework.reports.periods import Quarter, quarter_current, quarter_of, quarters_back
from core import clock
from core.errors import OutOfScope
from core.reading import page_reading
from workflows.calendar import end_of_day

# Who reads reports of a unit's subtree: its staff, leadership and supervisors.
REPORT_ROLES: tuple[str, ...] = (
    Role.INTAKE_OFFICER,
    Role.CASE_OFFICER,
    Role.INSPECTOR,
    Role.COMMITTEE_CHAIR,
    Role.BTV_MEMBER,
    Role.BCH_MEMBER,
    Role.AUDITOR,
    Role.ADMIN,
)
# Who sees the dashboard: leadership and the committee chair (and supervisors/admins).
DASHBOARD_ROLES: tuple[str, ...] = (
    Role.COMMITTEE_CHAIR,
    Role.BTV_MEMBER,
    Role.BCH_MEMBER,
    Role.AUDITOR,
    Role.ADMIN,
)


@dataclass
class AreaRow:
    """One subject area's figures in a report, under the name the area had then (see area_rows)."""

    code: str
    name: str
    figures: Figures
    retired: bool = False

    @property
    def cells(self) -> list[int]:
        return [int(self.figures.get(key, 0) or 0) for key, _label in AREA_COLUMNS]

    def as_data(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "retired": self.retired, "figures": dict(self.figures)}


def area_rows(*, by_area: dict[int | None, Figures], period: Quarter) -> list[AreaRow]:
    """The breakdown by lĩnh vực of one period: a row per area offered during it (named as on its last
    day, or today while it runs), any retired area that still carries figures, and "Chưa phân loại"
    for records triaged before areas existed. A taxonomy edit is never before today, so the rows and
    names of a period already over do not change."""
    used = {area_id for area_id, figures in by_area.items() if area_id is not None and any(figures.values())}
    rows = [
        AreaRow(
            code=label.code,
            name=label.name,
            retired=label.retired,
            figures=by_area.get(label.area_id) or area_figures_empty(),
        )
        for label in subject_areas_of_period(start=period.start, end=period.as_of, used=used)
    ]
    rows.append(
        AreaRow(code=UNCLASSIFIED_CODE, name=str(UNCLASSIFIED_LABEL), figures=by_area.get(None) or area_figures_empty())
    )
    return rows


def area_rows_sum(groups: list[list[dict[str, Any]]]) -> list[AreaRow]:
    """Area rows (as data: code, name, figures) added up by code, in the order first met."""
    total: dict[str, AreaRow] = {}
    for rows in groups:
        for row in rows:
            code = str(row.get("code") or UNCLASSIFIED_CODE)
            into = total.setdefault(
                code,
                AreaRow(
                    code=code,
                    name=str(row.get("name") or code),
                    retired=bool(row.get("retired")),
                    figures=area_figures_empty(),
                ),
            )
            for key in AREA_FIGURE_KEYS:
                into.figures[key] += int((row.get("figures") or {}).get(key, 0) or 0)
    unclassified = total.pop(UNCLASSIFIED_CODE, None)
    return [*total.values(), *([unclassified] if unclassified else [])]


@dataclass
class QuarterlyFigures:
    unit: Unit
    period: Quarter
    figures: Figures
    areas: list[AreaRow] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.figures)


@dataclass
class ConsolidatedRow:
    unit: Unit
    figures: Figures
    report: QuarterlyReport | None = None
    own_level: bool = False

    @property
    def from_submission(self) -> bool:
        return self.report is not None and self.report.status != QuarterlyReport.Status.DRAFT


@dataclass
class Consolidated:
    unit: Unit
    period: Quarter
    rows: list[ConsolidatedRow] = field(default_factory=list)
    totals: Figures = field(default_factory=dict)
    areas: list[AreaRow] = field(default_factory=list)


def report_unit_check(*, user: Any | None, unit: Unit, roles: tuple[str, ...] = REPORT_ROLES) -> None:
    """OutOfScope unless the user may read reports of `unit` (None = the system, always allowed)."""
    if user is not None and not unit_is_visible(user=user, unit=unit, roles=roles):
        raise OutOfScope(gettext("Không tìm thấy đơn vị."))


def report_unit_get(*, user: Any, code: str, roles: tuple[str, ...] = REPORT_ROLES) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise OutOfScope(gettext("Không tìm thấy đơn vị."))
    report_unit_check(user=user, unit=unit, roles=roles)
    return unit


def report_units(*, user: Any, roles: tuple[str, ...] = REPORT_ROLES) -> QuerySet[Unit]:
    return units_visible_to(user=user, roles=roles).order_by("path")


def report_default_unit(*, user: Any, roles: tuple[str, ...] = REPORT_ROLES) -> Unit | None:
    """The highest unit the user may read: where the dashboard and the report pages start."""
    return report_units(user=user, roles=roles).order_by("depth", "path").first()


def quarterly_report(
    *, unit: Unit, year: int | str | None, quarter: int | str | None, user: Any | None
) -> QuarterlyFigures:
    """The live figures of `unit` and its subtree for one quarter."""
    report_unit_check(user=user, unit=unit)
    period = quarter_of(year=year, quarter=quarter)
    figures, by_area = compute_figures_and_areas(unit=unit, period=period, user=user, roles=REPORT_ROLES)
    return QuarterlyFigures(unit=unit, period=period, figures=figures, areas=area_rows(by_area=by_area, period=period))


def quarterly_consolidated(
    *, unit: Unit, year: int | str | None, quarter: int | str | None, user: Any | None
) -> Consolidated:
    """Per direct child unit (and the unit's own level) one row, plus totals.

    A child that has submitted its report contributes the figures it submitted (what the
    superior officially received); one that has not yet contributes its live figures. Nothing is
    written meanwhile: each unit's breakdown names its areas from one reading of the taxonomy
    (core.reading).
    """
    with page_reading():
        return _consolidated(unit=unit, year=year, quarter=quarter, user=user)


def _consolidated(*, unit: Unit, year: int | str | None, quarter: int | str | None, user: Any | None) -> Consolidated:
    report_unit_check(user=user, unit=unit)
    period = quarter_of(year=year, quarter=quarter)
    by_branch = compute_figures(unit=unit, period=period, user=user, roles=REPORT_ROLES, by_branch=True)
    children = list(Unit.objects.filter(parent=unit).order_by("path"))
    reports = {
        r.unit_id: r
        for r in QuarterlyReport.objects.filter(unit__in=children, year=period.year, quarter=period.quarter)
    }
    area_branch = compute_area_figures(unit=unit, period=period, user=user, roles=REPORT_ROLES, by_branch=True)

    def live_areas(path: str) -> list[dict[str, Any]]:
        by_area = {area_id: f for (branch, area_id), f in area_branch.items() if branch == path}
        return [row.as_data() for row in area_rows(by_area=by_area, period=period)]

    rows = [
        ConsolidatedRow(unit=unit, figures=by_branch.get(unit.path) or figures_sum([]), own_level=True),
    ]
    area_groups = [live_areas(unit.path)]
    for child in children:
        report = reports.get(child.pk)
        if report is not None and report.status != QuarterlyReport.Status.DRAFT:
            figures = {**figures_sum([]), **report.figures}
            # A report submitted without a breakdown counts as unclassified, so the areas still add up.
            area_groups.append(report.areas or [{"code": UNCLASSIFIED_CODE, "figures": figures}])
        else:
            figures = by_branch.get(child.path) or figures_sum([])
            area_groups.append(live_areas(child.path))
        rows.append(ConsolidatedRow(unit=child, figures=figures, report=report))
    return Consolidated(
        unit=unit,
        period=period,
        rows=rows,
        totals=figures_sum([r.figures for r in rows]),
        areas=_named_as_period(area_rows_sum(area_groups), period),
    )


def area_names_of_period(period: Quarter) -> dict[str, str]:
    """The name each area code had in `period` in this system (in the active language), "Chưa phân loại"
    for the unclassified code."""
    names = {label.code: label.name for label in subject_areas_of_period(start=period.start, end=period.as_of)}
    names[UNCLASSIFIED_CODE] = str(UNCLASSIFIED_LABEL)
    return names


def _named_as_period(rows: list[AreaRow], period: Quarter) -> list[AreaRow]:
    """Rows added up across units show this system's name of the period for codes it knows."""
    names = area_names_of_period(period)
    for row in rows:
        row.name = names.get(row.code, row.name)
    return rows


def unit_figures_kept_here(*, unit: Unit, period: Quarter, importer: User | None = None) -> bool:
    """Whether this system keeps `unit`'s figures for `period`: its quarterly report is then the one
    computed here (quarterly_report), which a file imported at the superior may not replace
    (services.quarterly_report_import takes files only from units that report from elsewhere).

    It does when the unit's subtree has, dated on or before the quarter's last day, any record the
    quarterly figures are computed from (figures.compute_figures): a letter it resolves, a flag raised
    on it, an inspection plan or an inspection of its committee, a recommendation it must carry out, a
    discipline proceeding before its bodies; or when anyone but `importer` held a role in the subtree
    from on or before that day (its people work here)."""
    last_day = period.end
    closing = end_of_day(last_day)
    subtree = unit.subtree_q("unit__")
    people = RoleAssignment.objects.filter(subtree, valid_from__lte=last_day)
    if importer is not None:
        people = people.exclude(user=importer)
    if people.exists():
        return True
    records = (
        Case.objects.filter(subtree, received_on__lte=last_day),
        Flag.objects.filter(subtree, raised_at__lte=closing),
        InspectionPlan.objects.filter(subtree, created_at__lte=closing),
        Inspection.objects.filter(subtree, created_at__lte=closing),
        Recommendation.objects.filter(unit.subtree_q("owner_unit__"), created_at__lte=closing),
        DisciplineProceeding.objects.filter(subtree, proposed_at__lte=closing),
    )
    return any(qs.exists() for qs in records)


def quarterly_report_list(*, user: Any, filters: dict | None = None) -> QuerySet[QuarterlyReport]:
    qs = QuarterlyReport.objects.filter(scope_q(user=user, roles=REPORT_ROLES, prefix="unit__")).select_related(
        "unit", "unit__parent", "submitted_by"
    )
    filters = filters or {}
    if (unit := filters.get("unit")) is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    for name in ("year", "quarter", "status"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    return qs


def quarterly_report_get(*, user: Any, pk: int) -> QuarterlyReport:
    report = quarterly_report_list(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404(gettext("Không tìm thấy báo cáo."))
    return report


def quarterly_reports_to_acknowledge(*, user: Any) -> QuerySet[QuarterlyReport]:
    """Submitted reports of units whose parent the user leads."""
    leads = scope_q(user=user, roles=(Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER), prefix="unit__parent__")
    return QuarterlyReport.objects.filter(leads, status=QuarterlyReport.Status.SUBMITTED).select_related("unit")


def quarterly_report_can_review(*, user: Any, report: QuarterlyReport) -> bool:
    """The superior's leadership may acknowledge or return a submitted report."""
    parent = report.unit.parent
    return (
        report.status == QuarterlyReport.Status.SUBMITTED
        and parent is not None
        and user_has_role(user=user, roles=(Role.COMMITTEE_CHAIR, Role.BTV_MEMBER, Role.BCH_MEMBER), unit=parent)
    )


# ---- dashboard ------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    unit: Unit
    period: Quarter
    figures: Figures
    trend: list[tuple[Quarter, Figures]]
    overdue_by_unit: list[dict]
    coverage: dict[str, int]
    areas: list[AreaRow] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.figures)


def dashboard_data(*, user: Any, unit: Unit, quarters: int = 4) -> Dashboard:
    report_unit_check(user=user, unit=unit, roles=DASHBOARD_ROLES)
    current = quarter_current()
    figures, by_area = compute_figures_and_areas(unit=unit, period=current, user=user, roles=REPORT_ROLES)
    # The trend charts letters only: the earlier quarters come from one scan of the cases, not a
    # whole report (seven queries over every table) per quarter.
    earlier = quarters_back(last=current, count=quarters)[:-1]
    trend = [
        *zip(earlier, compute_case_trend(unit=unit, periods=earlier, user=user, roles=REPORT_ROLES), strict=True),
        (current, figures),
    ]
    coverage = {k: figures[k] for k in figures if k.startswith("flags_")}
    return Dashboard(
        unit=unit,
        period=current,
        figures=figures,
        trend=trend,
        overdue_by_unit=overdue_by_unit(user=user, unit=unit),
        coverage=coverage,
        areas=area_rows(by_area=by_area, period=current),
    )


def overdue_by_unit(*, user: Any, unit: Unit) -> list[dict]:
    """The backlog's overdue letters today, per competent unit in the subtree: the letters the report
    counts open (neither resolved nor closed: its `open_overdue`, `case_backlog_q`) with a clock of their
    own past due (`case_ids_overdue`). A letter decided or closed whose sending is late is overdue in the
    case list, not in the backlog. Each row's `filters` are the case list's that list its letters
    (`case_list`: the unit alone, the backlog, overdue), so its bar links to exactly what it counts."""
    rows = list(
        Case.objects.filter(case_backlog_q(), unit__path__startswith=unit.path)
        .filter(scope_q(user=user, roles=REPORT_ROLES, prefix="unit__"))
        .exclude(case_recused_q(user=user))
        .filter(pk__in=case_ids_overdue(now=clock.now()))
        .values("unit_id", "unit__code", "unit__name", "unit__path")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__path")
    )
    for row in rows:
        row["filters"] = {"unit": row["unit_id"], "own_unit": "on", "backlog": "on", "overdue": "on"}
    return rows


# ---- register book ----------------------------------------------------------------------------------


def register_cases(
    *, user: Any | None, unit: Unit, date_from: Any = None, date_to: Any = None, subject_area: str = ""
) -> QuerySet[Case]:
    """Sổ theo dõi đơn thư: every letter of the subtree received in the period (of one lĩnh vực if
    `subject_area`), in receipt order."""
    report_unit_check(user=user, unit=unit)
    qs = Case.objects.filter(unit__path__startswith=unit.path)
    if user is not None:
        qs = qs.filter(scope_q(user=user, roles=REPORT_ROLES, prefix="unit__")).exclude(case_recused_q(user=user))
    if date_from:
        qs = qs.filter(received_on__gte=date_from)
    if date_to:
        qs = qs.filter(received_on__lte=date_to)
    if subject_area:
        qs = qs.filter(subject_area_q(code=subject_area))
    return (
        qs.select_related("unit", "subject_unit", "assignee")
        .annotate(subject_area_name=subject_area_name_now())
        .order_by("received_on", "pk")
    )


# ---- export jobs -----------------------------------------------------------------------------------


def export_job_get(*, user: User, pk: int) -> ExportJob:
    """Only the user who asked for an export sees it, and only while the unit is still in their scope."""
    job = ExportJob.objects.select_related("unit").filter(pk=pk, user=user).first()
    if job is None or not unit_is_visible(user=user, unit=job.unit, roles=REPORT_ROLES):
        raise Http404(gettext("Không tìm thấy tệp xuất."))
    return job


def export_jobs_mine(*, user: User) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(user=user).select_related("unit")[:20]
