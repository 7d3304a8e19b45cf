"""Pages for importing existing registers: the template, the dry run and the import."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casework.reports.imports import COLUMNS, WIDTHS, registers_import, template_rows
from casework.reports.official import official_text
from casework.reports.selectors import report_default_unit
from casework.reports.xlsx import workbook_bytes
from casework.security.scope import scoped_view
from casework.web.actions import service_error_text
from core.errors import ValidationFailed


@login_required
@scoped_view
def import_view(request: HttpRequest) -> HttpResponse:
    if report_default_unit(user=request.user) is None:
        raise Http404
    context: dict = {"columns": COLUMNS}
    status = 200
    if request.method == "POST":
        dry_run = request.POST.get("action") != "import"
        try:
            result = registers_import(actor=request.user, upload=request.FILES.get("file"), dry_run=dry_run)
        except ValidationFailed as exc:
            context["file_error"] = service_error_text(exc)
            status = 400
        else:
            context["result"] = result
            status = 200 if result.valid else 400
    return render(request, "reports/import.html", context, status=status)


@login_required
@scoped_view
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    headers = [official_text(heading) for _letter, heading, _field in COLUMNS]
    if fmt == "xlsx":
        data = workbook_bytes(title="So don thu", headers=headers, widths=WIDTHS, rows=template_rows())
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
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-so-don-thu.{fmt}"'
    return response
