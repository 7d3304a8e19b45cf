"""Report pages: thin views over casework.reports.selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from casework.areas.forms import SubjectAreaFilterField
from casework.org.models import Unit
from casework.org.selectors import user_has_role
from casework.reports import selectors, services
from casework.reports.charts import bar_chart, line_chart, stacked_bar
from casework.reports.figures import AREA_COLUMNS, FIGURE_SECTIONS
from casework.reports.forms import QuarterlyImportForm, QuarterlySubmitForm, RegisterExportForm, ReportFilterForm
from casework.reports.models import ExportJob
from casework.reports.periods import quarter_current
from casework.security.scope import scoped_view
from casework.web.actions import action_for, form_create, form_errors_text, message_service_error
from casework.web.paging import paginate
from casework.web.widgets import DayInput
from core.errors import ApplicationError, ValidationFailed


def _params(request: HttpRequest, roles: tuple[str, ...] = selectors.REPORT_ROLES) -> tuple[Unit, int, int]:
    """The unit (by code, default: the highest the user reads) and the quarter (default: the current one)."""
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        unit = selectors.report_unit_get(user=request.user, code=code, roles=roles)
    else:
        unit = selectors.report_default_unit(user=request.user, roles=roles)
        if unit is None:
            raise Http404(_("Bạn không có quyền xem báo cáo của đơn vị nào."))
    current = quarter_current()
    year = request.GET.get("year") or request.POST.get("year") or current.year
    quarter = request.GET.get("quarter") or request.POST.get("quarter") or current.quarter
    return unit, year, quarter


def _query(unit: Unit, year: Any, quarter: Any, **extra: Any) -> str:
    return urlencode({"unit": unit.code, "year": year, "quarter": quarter, **extra})


def _file_response(file: services.ExportFile) -> HttpResponse:
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.name)
    return response


def _sections(figures: dict) -> list[tuple[str, list[tuple[str, str, int]]]]:
    return [(title, [(key, label, figures.get(key, 0)) for key, label in items]) for title, items in FIGURE_SECTIONS]


@login_required
@scoped_view
def index(request: HttpRequest) -> HttpResponse:
    units = selectors.report_units(user=request.user)
    # the quarterly report, the register's export and the import answer 404 to who reads no unit's
    # reports (_params, register, imports_views.import_view): the page offers them only to the others
    report_unit = selectors.report_default_unit(user=request.user)
    form = ReportFilterForm(request.GET or None, units=units)
    page, query = paginate(request, selectors.quarterly_report_list(user=request.user, filters=form.filters()), 30)
    return render(
        request,
        "reports/index.html",
        {
            "units": units,
            "report_unit": report_unit,
            "current": quarter_current(),
            "to_acknowledge": selectors.quarterly_reports_to_acknowledge(user=request.user),
            # the dashboard answers 404 to who has no unit to see it for: no link to it then
            "dashboard_unit": selectors.report_default_unit(user=request.user, roles=selectors.DASHBOARD_ROLES),
            "filter_form": form,
            "page": page,
            "query": query,
            "jobs": selectors.export_jobs_mine(user=request.user),
        },
    )


@login_required
@scoped_view
def quarterly(request: HttpRequest) -> HttpResponse:
    unit, year, quarter = _params(request)
    try:
        report = selectors.quarterly_report(unit=unit, year=year, quarter=quarter, user=request.user)
    except ValidationFailed as exc:
        message_service_error(request, exc)
        return redirect("reports:index")
    submitted = selectors.quarterly_report_list(user=request.user).filter(
        unit=unit, year=report.period.year, quarter=report.period.quarter
    )
    return render(
        request,
        "reports/quarterly.html",
        {
            "report": report,
            "sections": _sections(report.figures),
            "areas": report.areas,
            "area_columns": AREA_COLUMNS,
            "query": _query(unit, report.period.year, report.period.quarter),
            "submitted": submitted.first(),
            "has_children": unit.children.exists(),
            "submit_form": QuarterlySubmitForm(),
        },
    )


@login_required
@scoped_view
def quarterly_export(request: HttpRequest) -> HttpResponse:
    unit, year, quarter = _params(request)
    fmt = request.GET.get("format", "xlsx")
    kind = {"xlsx": ExportJob.Kind.QUARTERLY_XLSX, "pdf": ExportJob.Kind.QUARTERLY_PDF, "json": "quarterly_json"}.get(
        fmt
    )
    if kind is None:
        raise Http404
    try:
        file = services.export_now(kind=kind, unit=unit, params={"year": year, "quarter": quarter}, user=request.user)
    except ValidationFailed as exc:
        message_service_error(request, exc)
        return redirect("reports:index")
    return _file_response(file)


@login_required
@scoped_view
@require_POST
def quarterly_submit(request: HttpRequest) -> HttpResponse:
    unit, year, quarter = _params(request)
    form = QuarterlySubmitForm(request.POST)
    if done := form_create(
        request,
        form,
        lambda d: services.quarterly_report_submit(
            unit=unit, year=year, quarter=quarter, actor=request.user, note=d["note"]
        ),
        success=lambda report: (
            _("Đã gửi báo cáo %(report)s lên %(superior)s.") % {"report": report, "superior": unit.parent}
        ),
        url=lambda report: reverse("reports:quarterly_detail", args=[report.pk]),
    ):
        return done
    messages.error(request, form_errors_text(form))
    return redirect(f"{reverse('reports:quarterly')}?{_query(unit, year, quarter)}")


@login_required
@scoped_view
def quarterly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.quarterly_report_get(user=request.user, pk=pk)
    can_review = selectors.quarterly_report_can_review(user=request.user, report=report)
    return render(
        request,
        "reports/quarterly_detail.html",
        {
            "report": report,
            "sections": _sections(report.figures),
            "can_review": can_review,
            # As submitted: the names the areas had in that period travel with the figures.
            "areas": selectors.area_rows_sum([report.areas]),
            "area_columns": AREA_COLUMNS,
        },
    )


# A superior's review of a submitted report: action → (what it does, what the user is told when done).
REVIEW_ACTIONS: dict[str, tuple[Callable[[HttpRequest, Any], Any], Any]] = {
    "acknowledge": (
        lambda request, report: services.quarterly_report_acknowledge(report=report, actor=request.user),
        _("Đã tiếp nhận báo cáo."),
    ),
    "return": (
        lambda request, report: services.quarterly_report_return(
            report=report, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("Đã trả lại báo cáo để đơn vị sửa và gửi lại."),
    ),
}


@login_required
@scoped_view
@require_POST
def quarterly_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = selectors.quarterly_report_get(user=request.user, pk=pk)
    call, success = action_for(action, REVIEW_ACTIONS)
    try:
        call(request, report)
    except ApplicationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, success)
    return redirect("reports:quarterly_detail", pk=report.pk)


@login_required
@scoped_view
def consolidated(request: HttpRequest) -> HttpResponse:
    unit, year, quarter = _params(request)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        try:
            file = services.export_now(
                kind=f"consolidated_{fmt}", unit=unit, params={"year": year, "quarter": quarter}, user=request.user
            )
        except ValidationFailed as exc:
            message_service_error(request, exc)
            return redirect("reports:index")
        return _file_response(file)
    try:
        data = selectors.quarterly_consolidated(unit=unit, year=year, quarter=quarter, user=request.user)
    except ValidationFailed as exc:
        message_service_error(request, exc)
        return redirect("reports:index")
    keys = [
        ("received_total", _("Nhận")),
        ("accepted", _("Thụ lý")),
        ("resolved", _("Giải quyết")),
        ("resolved_on_time", _("Đúng hạn")),
        ("resolved_late", _("Quá hạn")),
        ("terminated", _("Đình chỉ")),
        ("open_total", _("Tồn")),
        ("flags_raised", _("Dấu hiệu VP")),
        ("flags_unaccounted", _("Chưa xử lý")),
        ("rec_overdue", _("Kiến nghị quá hạn")),
        ("discipline_total", _("Kỷ luật")),
    ]
    rows = [(r, [r.figures.get(k, 0) for k, _label in keys]) for r in data.rows]
    return render(
        request,
        "reports/consolidated.html",
        {
            "data": data,
            "keys": keys,
            "rows": rows,
            "totals": [data.totals.get(k, 0) for k, _label in keys],
            # The totals by every indicator, as a unit's own report reads them (discipline by form among them).
            "sections": _sections(data.totals),
            "area_columns": AREA_COLUMNS,
            "can_import": user_has_role(user=request.user, roles=services.SUBMIT_ROLES, unit=unit),
            "import_form": QuarterlyImportForm(),
            "query": _query(unit, data.period.year, data.period.quarter),
        },
    )


@login_required
@require_POST
def quarterly_import(request: HttpRequest) -> HttpResponse:
    """The superior receives a child unit's quarterly figures as a data file."""
    # Refused, the page it came from is shown again: its unit, year and quarter.
    unit, year, quarter = _params(request)
    back = f"{reverse('reports:consolidated')}?{_query(unit, year, quarter)}"
    if request.FILES.get("file") is None:
        messages.error(request, _("Phải chọn tệp số liệu."))
        return redirect(back)
    form = QuarterlyImportForm(request.POST, request.FILES)
    if done := form_create(
        request,
        form,
        lambda d: services.quarterly_report_import(
            superior=unit, actor=request.user, data=d["file"].read(services.MAX_DOCUMENT_BYTES + 1)
        ),
        success=lambda report: (
            _("Đã nhận số liệu quý %(quarter)s/%(year)s của %(unit)s.")
            % {"quarter": report.quarter, "year": report.year, "unit": report.unit}
        ),
        url=lambda report: f"{reverse('reports:consolidated')}?{_query(unit, report.year, report.quarter)}",
    ):
        return done
    messages.error(request, form_errors_text(form))
    return redirect(back)


def quarterly_schema(request: HttpRequest) -> HttpResponse:
    """The published JSON Schema of the quarterly report document (public: other systems build against it)."""
    from casework.reports.interchange import QUARTERLY_REPORT_SCHEMA

    return JsonResponse(QUARTERLY_REPORT_SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 2})


# ---- register book and background exports --------------------------------------------------------


@login_required
@scoped_view
def register(request: HttpRequest) -> HttpResponse:
    if selectors.report_default_unit(user=request.user) is None:
        raise Http404(_("Bạn không có quyền xem báo cáo của đơn vị nào."))
    units = selectors.report_units(user=request.user)
    typed = {"date_from": request.POST.get("date_from", ""), "date_to": request.POST.get("date_to", "")}
    context = {
        "units": units,
        "day_input_from": DayInput().render("date_from", typed["date_from"], attrs={"id": "f-from"}),
        "day_input_to": DayInput().render("date_to", typed["date_to"], attrs={"id": "f-to"}),
        "area_field": list(SubjectAreaFilterField().choices)[1:],
        "form": RegisterExportForm(),
    }
    if request.method == "POST":
        unit = selectors.report_unit_get(user=request.user, code=request.POST.get("unit", ""))
        form = RegisterExportForm(request.POST)
        if done := form_create(
            request,
            form,
            lambda _d: services.export_job_create(
                user=request.user,
                kind=ExportJob.Kind.REGISTER_XLSX,
                unit=unit,
                params={**typed, "subject_area": request.POST.get("subject_area", "")},
            ),
            success=_("Đã xếp hàng xuất sổ; tệp sẽ sẵn sàng trong giây lát."),
            url=lambda job: reverse("reports:export_job", args=[job.pk]),
        ):
            return done
        messages.error(request, form_errors_text(form))
        return render(request, "reports/register.html", context, status=400)
    return render(request, "reports/register.html", context)


@login_required
@scoped_view
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.export_job_get(user=request.user, pk=pk)
    running = job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
    response = render(request, "reports/export_job.html", {"job": job, "running": running})
    if running:
        # The page polls without JavaScript (CSP): the header and the <meta> tag both ask for a reload.
        response["Refresh"] = "2"
    return response


@login_required
@scoped_view
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.export_job_get(user=request.user, pk=pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404(_("Tệp chưa sẵn sàng."))
    services.export_download_audit(job=job, actor=request.user)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


# ---- dashboard ----------------------------------------------------------------------------------------


@login_required
@scoped_view
def dashboard(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("unit")
    roles = selectors.DASHBOARD_ROLES
    if code:
        unit = selectors.report_unit_get(user=request.user, code=code, roles=roles)
    else:
        unit = selectors.report_default_unit(user=request.user, roles=roles)
        if unit is None:
            raise Http404(_("Trang tổng quan dành cho lãnh đạo và Chủ nhiệm UBKT."))
    data = selectors.dashboard_data(user=request.user, unit=unit)
    f = data.figures
    charts = {
        "backlog": bar_chart(
            title=_("Đơn tồn theo thời gian"),
            items=[
                (_("≤ 30 ngày"), f["open_le30"]),
                ("31–60", f["open_31_60"]),
                ("61–90", f["open_61_90"]),
                (_("> 90 ngày"), f["open_gt90"]),
            ],
        ),
        "overdue": bar_chart(
            title=_("Đơn quá hạn theo đơn vị"),
            items=[(r["unit__name"], r["n"]) for r in data.overdue_by_unit],
            links=[f"{reverse('cases:list')}?{urlencode(r['filters'])}" for r in data.overdue_by_unit],
        ),
        "coverage": stacked_bar(
            title=_("Dấu hiệu vi phạm trong quý"),
            items=[
                (_("Đã kiểm tra"), f["flags_inspected"], "#2e7d32"),
                (_("Trong hạn"), f["flags_in_progress"], "#1565c0"),
                (_("Quá hạn, đã báo cáo"), f["flags_overdue_escalated"], "#ef6c00"),
                (_("Lãnh đạo đã quyết định"), f["flags_ended_by_leadership"], "#6a1b9a"),
                (_("Chưa xử lý"), f["flags_unaccounted"], "#c62828"),
            ],
        ),
        "trend": line_chart(
            title=_("Xu hướng theo quý"),
            labels=[q.label for q, _fig in data.trend],
            series=[
                (_("Nhận"), [fig["received_total"] for _q, fig in data.trend], "#1565c0"),
                (_("Giải quyết"), [fig["resolved"] for _q, fig in data.trend], "#2e7d32"),
                (_("Quá hạn"), [fig["resolved_late"] for _q, fig in data.trend], "#c62828"),
            ],
        ),
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "data": data,
            "charts": charts,
            "area_columns": AREA_COLUMNS,
            "units": selectors.report_units(user=request.user, roles=roles),
        },
    )
