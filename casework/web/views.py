"""The web shell: home ("Việc của tôi"), unit tree, and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext

from casework.api.exceptions import not_found_detail
from casework.edge_errors import api_error_body, csrf_message, error_response, is_api
from casework.org.selectors import active_assignments
from casework.org.selectors import unit_tree as unit_tree_select
from casework.web.home import home_page
from casework.web.navigation import WITHOUT_BADGE


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {"roles": active_assignments(user=request.user), "page": home_page(request)}
    return render(request, "web/home.html", context)


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    return render(request, "web/unit_tree.html", {"units": unit_tree_select(user=request.user)})


# Django's error handlers (casework/urls.py). Under /api/ they answer in the API's JSON error shape,
# also for what never reaches a DRF view: an id that does not match the route, a 500. A page refused
# (403) or not found (404) shows the menu without its task badge
# nor the unread count (navigation.WITHOUT_BADGE).


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # BadRequest raised by our parameter parsing (casework/web/params.py) names the parameter.
    detail = str(exception) if isinstance(exception, BadRequest) and str(exception) else ""
    return error_response(request, 400, "invalid", detail or gettext("Yêu cầu không hợp lệ."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page is in English and says nothing of what to do."""
    return error_response(request, 403, "csrf_failed", csrf_message())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return JsonResponse(api_error_body(403, "permission_denied", gettext("Không có quyền.")), status=403)
    return render(request, "403.html", WITHOUT_BADGE, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return JsonResponse(api_error_body(404, "not_found", not_found_detail()), status=404)
    return render(request, "404.html", WITHOUT_BADGE, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse(api_error_body(500, "server_error", gettext("Lỗi máy chủ.")), status=500)
    # Rendered without the request's context: the menu's roles, its badge and the unread count would each
    # read the database, which may be what failed. The page reads nothing.
    html = render_to_string(
        "web/refused.html",
        {
            "title": gettext("Lỗi máy chủ"),
            "detail": gettext("Hệ thống chưa thực hiện được yêu cầu do có lỗi. Hãy thử lại sau ít phút."),
        },
    )
    return HttpResponseServerError(html)
