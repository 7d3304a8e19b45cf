"""Error answers given outside a view (middleware, Django's error handlers), in the shape of the edge.

Under /api/ every answer is JSON in the API's documented error shape (casework/api/errors.py):
`code` and `detail`, plus `fields` on a 400. Elsewhere a small standalone page: these answers can
come before the session, the user or the second factor are known, so nothing here reads them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error_body(status: int, code: str, detail: str, *, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "detail": detail}
    if status == 400:
        body["fields"] = {field or "non_field_errors": [detail]}
    return body


def error_response(
    request: HttpRequest, status: int, code: str, detail: str, *, field: str | None = None
) -> HttpResponse:
    if is_api(request):
        return JsonResponse(api_error_body(status, code, detail, field=field), status=status)
    titles = {400: _("Yêu cầu không hợp lệ"), 403: _("Không thực hiện được"), 413: _("Dữ liệu gửi lên quá lớn")}
    html = render_to_string("web/refused.html", {"title": titles.get(status, _("Lỗi")), "detail": detail})
    return HttpResponse(html, status=status)


def csrf_message() -> str:
    """A form or session-signed API call without its CSRF token: the page (or the session) is older
    than the form's token, or the request came from another site. Nothing was changed."""
    return _(
        "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF): hãy tải lại trang rồi gửi lại. Chưa có gì được thay đổi."
    )
