"""Pages for importing existing registers: the template, the dry run and the import."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from casework.reports.forms import RegistersImportForm
from casework.reports.imports import COLUMNS, WIDTHS, ImportResult, registers_import, template_rows
from casework.reports.selectors import report_default_unit
from casework.reports.xlsx import workbook_bytes
from casework.security.scope import scoped_view
from casework.web.actions import already_saved, form_add_service_error, form_create_once, form_errors_text
from core.errors import ValidationFailed


@login_required
@scoped_view
def import_view(request: HttpRequest) -> HttpResponse:
    if report_default_unit(user=request.user) is None:
        raise Http404(gettext("Bạn không có quyền xem báo cáo của đơn vị nào."))
    form = RegistersImportForm(request.POST or None, request.FILES or None)
    context: dict = {"columns": COLUMNS, "form": form}
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "import":
            # Written once per rendering of the form: a resend would register every letter again.
            result, page = form_create_once(
                request,
                form,
                lambda d: registers_import(actor=request.user, upload=d["file"], dry_run=False),
                url=lambda _result: reverse("reports:import"),
                kept=lambda result: result.written,
            )
            if result is None and page:
                return already_saved(request, page)
        else:
            result = _dry_run(request, form)
        if result is None:
            context["file_error"] = form_errors_text(form)
            status = 400
        else:
            context["result"] = result
            status = 200 if result.valid else 400
    return render(request, "reports/import.html", context, status=status)


def _dry_run(request: HttpRequest, form: RegistersImportForm) -> ImportResult | None:
    if not form.is_valid():
        return None
    try:
        return registers_import(actor=request.user, upload=form.cleaned_data["file"], dry_run=True)
    except ValidationFailed as exc:
        form_add_service_error(form, exc)
        return None


@login_required
@scoped_view
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    # A working file the reader fills in, not a paper: it speaks their language, as the page listing
    # its columns does (the import reads the columns by position, whatever the headings say).
    headers = [str(heading) for _letter, heading, _field in COLUMNS]
    if fmt == "xlsx":
        data = workbook_bytes(
            title=gettext("Sổ theo dõi đơn thư"), headers=headers, widths=WIDTHS, rows=template_rows()
        )
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(headers)
        for row in template_rows():
            writer.writerow([v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in row])
        response = HttpResponse(("\ufeff" + buf.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = content_disposition_header(True, f"mau-nhap-so-don-thu.{fmt}")
    return response
