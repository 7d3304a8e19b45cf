"""The page shown while django-axes keeps an account locked after repeated failed logins."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    context: dict[str, Any] = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_timedelta": cool_off,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    if request.path_info.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse(
            {
                "detail": gettext("Đăng nhập sai quá nhiều lần; tài khoản tạm khóa. Vui lòng thử lại sau."),
                "code": "locked_out",
            },
            status=429,
        )
    return render(request, "registration/lockout.html", context, status=429)
