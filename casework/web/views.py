"""The web shell: home ("Việc của tôi"), unit tree, and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.org.selectors import active_assignments
from casework.org.selectors import unit_tree as unit_tree_select
from casework.web.home import home_sections


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "roles": active_assignments(user=request.user),
        "sections": home_sections(request),
    }
    return render(request, "web/home.html", context)


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    return render(request, "web/unit_tree.html", {"units": unit_tree_select(user=request.user)})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
