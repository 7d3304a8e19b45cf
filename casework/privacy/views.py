"""Pages for administrators: the monthly expiry report, the subject-access export, and the register of
data subjects' requests (record, acknowledge, answer or refuse, export for one).

All read through the privacy selectors and services, scoped to the units the administrator
answers for; every download, every subject-access answer and every step of a request is an audit event."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.audit.services import audit_record_standalone
from casework.cases.models import Kind, Status
from casework.org.models import Role
from casework.org.selectors import user_has_role
from casework.privacy.forms import (
    SubjectAccessForm,
    SubjectRequestAnswerForm,
    SubjectRequestExtendForm,
    SubjectRequestForm,
    SubjectRequestRefuseForm,
)
from casework.privacy.models import RECORD_KINDS
from casework.privacy.selectors import (
    SUBJECT_REQUEST_ROLES,
    Expiry,
    retention_expiring_in_month_for_user,
    subject_access_unrecorded_allowed,
    subject_request_actions,
    subject_request_clocks,
    subject_request_extension_rule,
    subject_request_get_for_user,
    subject_request_holds,
    subject_request_requester,
    subject_requests_for_user,
)
from casework.privacy.services import personal_data_export
from casework.privacy.subject_requests import (
    subject_request_acknowledge,
    subject_request_answer,
    subject_request_export,
    subject_request_extend,
    subject_request_record,
    subject_request_refuse,
    subject_request_third_party,
    subject_request_withdraw,
)
from casework.reception.models import Classification, HandlingRoute
from casework.reports.xlsx import workbook_bytes
from casework.web.actions import (
    action_for,
    form_add_service_error,
    form_submit,
    message_service_error,
)
from casework.web.form_ids import form_own_ids
from core import clock
from core.errors import ApplicationError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("html", "xlsx", "json")


def _require_admin(request: HttpRequest) -> None:
    if not user_has_role(user=request.user, roles=[Role.ADMIN]):
        raise PermissionDenied


def _month(value: str) -> tuple[int, int] | None:
    """'2031-03' → (2031, 3); anything else → None."""
    try:
        day = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None
    return (day.year, day.month) if 2000 <= day.year <= 2200 else None


def _expiry_row(e: Expiry, kinds: dict[str, str]) -> dict[str, Any]:
    return {
        "reference": e.reference,
        "kind": e.kind,
        "kind_label": str(kinds.get(e.kind, e.kind)),
        "unit": e.unit.name if e.unit else "",
        "starts_on": e.starts_on.isoformat(),
        "expires_on": e.expires_on.isoformat(),
        "years": e.policy.years,
        "source": e.policy.source,
        "held": e.held,
    }


@login_required
def expiry_report(request: HttpRequest) -> HttpResponse:
    """Hết hạn lưu trữ: the records whose personal data expires in a month (next month by default)."""
    _require_admin(request)
    today = clock.today()
    default = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    raw = request.GET.get("month", "") or f"{default:%Y-%m}"
    parsed = _month(raw)
    error = "" if parsed else _("Tháng: nhập theo dạng năm-tháng, ví dụ 2031-03.")
    year, month = parsed or (default.year, default.month)
    fmt = request.GET.get("format", "html")
    kinds = dict(RECORD_KINDS)
    rows = [
        _expiry_row(e, kinds) for e in retention_expiring_in_month_for_user(user=request.user, year=year, month=month)
    ]
    if fmt in ("xlsx", "json") and not error:
        audit_record_standalone(
            actor=request.user,
            action="report.export",
            target=("privacy.expiry", f"{year}-{month:02d}"),
            after={"kind": f"retention_expiry_{fmt}", "month": f"{year}-{month:02d}", "rows": len(rows)},
        )
        name = f"het-han-luu-tru-{year}-{month:02d}"
        if fmt == "json":
            body = json.dumps({"month": f"{year}-{month:02d}", "records": rows}, ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(True, f"{name}.json")
            return response
        data = workbook_bytes(
            title=f"Het han {year}-{month:02d}",
            headers=["Số hiệu", "Loại", "Đơn vị", "Tính từ ngày", "Hết hạn ngày", "Số năm", "Căn cứ", "Tạm giữ"],
            widths=[16, 30, 30, 14, 14, 8, 50, 10],
            rows=[
                [
                    r["reference"], r["kind_label"], r["unit"], dt.date.fromisoformat(r["starts_on"]),
                    dt.date.fromisoformat(r["expires_on"]), r["years"], r["source"], "x" if r["held"] else "",
                ]
                for r in rows
            ],
        )  # fmt: skip
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
        return response
    shown = [
        {**r, "starts_on": dt.date.fromisoformat(r["starts_on"]), "expires_on": dt.date.fromisoformat(r["expires_on"])}
        for r in rows
    ]
    context = {"rows": shown, "month": f"{year}-{month:02d}", "month_shown": f"{month:02d}/{year}", "error": error}
    return render(request, "privacy/expiry.html", context, status=400 if error else 200)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _subject_shown(data: dict) -> dict:
    """The export as people read it: labels for codes, days as dates (the JSON keeps the codes)."""
    return {
        "cases": [
            {
                **c,
                "kind": Kind(c["kind"]).label,
                "status": Status(c["status"]).label,
                "received_on": _day(c["received_on"]),
                "closed_on": _day(c["closed_on"]),
            }
            for c in data["cases"]
        ],
        "visits": [
            {
                **v,
                "classification": Classification(v["classification"]).label,
                "handling_route": HandlingRoute(v["handling_route"]).label,
                "received_on": _day(v["received_on"]),
            }
            for v in data["visits"]
        ],
        "accounts": data["accounts"],
        "denunciations": data["denunciations"],
        "nothing_found": data["nothing_found"],
    }


def _subject_rows(data: dict) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Ghi chú"), "", "", "", "", "", data["denunciations"]]]
    if data["nothing_found"]:
        rows.append([_("Ghi chú"), "", "", "", "", "", data["nothing_found"]])
    shown = _subject_shown(data)
    for case, plain in zip(shown["cases"], data["cases"], strict=True):
        rows.append(
            [_("Hồ sơ"), case["reference"], str(case["kind"]), str(case["status"]), case["received_on"],
             case["closed_on"] or "", json.dumps(plain["as_sender"], ensure_ascii=False, default=str)]
        )  # fmt: skip
    for visit, plain in zip(shown["visits"], data["visits"], strict=True):
        # The book's columns of the visit (Mẫu số 03/TCD) with the visitor's own particulars.
        details = {key: value for key, value in plain.items() if key not in ("reference", "unit", "received_on")}
        rows.append(
            [_("Lượt tiếp công dân"), visit["reference"], visit["unit"], str(visit["handling_route"]),
             visit["received_on"], "", json.dumps(details, ensure_ascii=False, default=str)]
        )  # fmt: skip
    for account in data["accounts"]:
        rows.append(
            ["Tài khoản", account["username"], account["full_name"], account["email"], account["phone"], "",
             json.dumps(account, ensure_ascii=False, default=str)]
        )  # fmt: skip
    return rows


def _export_download(data: dict, fmt: str) -> HttpResponse | None:
    """The export as a JSON or Excel download; None for the page."""
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, default=str),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = content_disposition_header(True, "du-lieu-ca-nhan.json")
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            workbook_bytes(
                title="Du lieu ca nhan",
                headers=[
                    "Loại",
                    "Số hiệu / tài khoản",
                    "Loại / họ tên",
                    "Trạng thái / e-mail",
                    "Ngày nhận / điện thoại",
                    "Ngày đóng",
                    "Chi tiết",
                ],
                widths=[12, 20, 24, 24, 18, 12, 80],
                rows=_subject_rows(data),
            ),  # fmt: skip
            content_type=XLSX,
        )
        response["Content-Disposition"] = content_disposition_header(True, "du-lieu-ca-nhan.xlsx")
        return response
    return None


@login_required
def subject_access(request: HttpRequest) -> HttpResponse:
    """Trả lời yêu cầu của chủ thể dữ liệu: what the system holds about a person, audited, in scope."""
    if not subject_access_unrecorded_allowed(user=request.user):
        raise PermissionDenied
    form = SubjectAccessForm(request.POST or None)
    data = None
    if request.method == "POST":
        fmt = request.POST.get("format", "html")
        if fmt not in FORMATS:
            fmt = "html"
        if form.is_valid():
            d = form.cleaned_data
            try:
                data = personal_data_export(
                    actor=request.user,
                    full_name=d["full_name"],
                    phone=d["phone"],
                    email=d["email"],
                    id_number=d["id_number"],
                    reason=d["reason"],
                )
            except ApplicationError as exc:
                form_add_service_error(form, exc)
        download = _export_download(data, fmt) if data is not None else None
        if download is not None:
            return download
    context = {"form": form, "data": _subject_shown(data) if data else None}
    return render(request, "privacy/subject_access.html", context, status=400 if form.errors else 200)


def _request_units(user: Any) -> Any:
    from casework.org.selectors import units_visible_to

    return units_visible_to(user=user, roles=SUBJECT_REQUEST_ROLES).order_by("path")


@login_required
def subject_requests(request: HttpRequest) -> HttpResponse:
    """Yêu cầu của chủ thể dữ liệu: the requests of the user's units with their status and due days; a
    request is recorded here (its clocks start from the day it was received). An administrator's, or who
    holds the data protection duty in a unit (SUBJECT_REQUEST_ROLES)."""
    if not user_has_role(user=request.user, roles=SUBJECT_REQUEST_ROLES):
        raise PermissionDenied
    form = SubjectRequestForm(request.POST or None, units=_request_units(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recorded = subject_request_record(actor=request.user, **d)
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            return redirect("privacy:request_detail", pk=recorded.pk)
    if request.method == "GET":
        form.initial = {"received_on": clock.today()}
    context = {
        "form": form,
        "requests": subject_requests_for_user(user=request.user)[:200],
        "may_export_unrecorded": subject_access_unrecorded_allowed(user=request.user),
    }
    return render(request, "privacy/requests.html", context, status=400 if form.errors else 200)


def _request_page(request: HttpRequest, sar: Any, **extra: Any) -> HttpResponse:
    context = {
        "sar": sar,
        "requester": subject_request_requester(sar),
        "clocks": subject_request_clocks(sar),
        "holds": subject_request_holds(sar),
        "extension_rule": subject_request_extension_rule(sar),
        "actions": subject_request_actions(user=request.user, request=sar),
        "answer_form": SubjectRequestAnswerForm(),
        "refuse_form": SubjectRequestRefuseForm(),
        "extend_form": SubjectRequestExtendForm(),
        **extra,
    }
    for key in ("answer_form", "refuse_form", "extend_form"):  # the refusal and the extension both ask a reason
        form_own_ids(context[key], key.removesuffix("_form"))
    errors = any(form.errors for key, form in extra.items() if key.endswith("_form"))
    response = render(request, "privacy/request_detail.html", context, status=400 if errors else 200)
    response["Cache-Control"] = "no-store"  # the requester's particulars
    return response


@login_required
def subject_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: its requester (to its unit's administrators only), clocks, status and actions."""
    return _request_page(request, subject_request_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def subject_request_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The request's actions, as `subject_request_actions` offers them; a refusal shows on the page."""
    sar = subject_request_get_for_user(user=request.user, pk=pk)
    user = request.user
    # action → (its form, or None for a formless step; the service called with the form's data)
    calls: dict[str, tuple[type[forms.Form] | None, Callable[[dict[str, Any]], Any]]] = {
        "acknowledge": (None, lambda data: subject_request_acknowledge(actor=user, request=sar)),
        "withdraw": (None, lambda data: subject_request_withdraw(actor=user, request=sar)),
        "third_party": (None, lambda data: subject_request_third_party(actor=user, request=sar)),
        "answer": (SubjectRequestAnswerForm, lambda data: subject_request_answer(actor=user, request=sar, **data)),
        "refuse": (SubjectRequestRefuseForm, lambda data: subject_request_refuse(actor=user, request=sar, **data)),
        "extend": (SubjectRequestExtendForm, lambda data: subject_request_extend(actor=user, request=sar, **data)),
        "export": (None, lambda data: subject_request_export(actor=user, request=sar)),
    }
    form_class, call = action_for(action, calls)
    if form_class is not None:
        form = form_class(request.POST)
        if not form_submit(request, form, call, success=_("Đã cập nhật yêu cầu.")):
            return _request_page(request, sar, **{f"{action}_form": form})
        return redirect("privacy:request_detail", pk=pk)
    try:
        done = call({})
    except ApplicationError as exc:
        message_service_error(request, exc)
        return redirect("privacy:request_detail", pk=pk)
    if action == "export":
        fmt = request.POST.get("format", "html")
        download = _export_download(done, fmt if fmt in FORMATS else "html")
        if download is not None:
            return download
        fresh = subject_request_get_for_user(user=request.user, pk=pk)
        return _request_page(request, fresh, data=_subject_shown(done))
    messages.success(request, _("Đã cập nhật yêu cầu."))
    return redirect("privacy:request_detail", pk=pk)
