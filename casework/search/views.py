"""The search page: one box for cases, flags, inspections, supervisions and people in the reader's scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.search.selectors import search_everything

MAX_QUERY = 200


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    results = search_everything(user=request.user, q=q) if q else None
    return render(request, "search/results.html", {"q": q, "results": results})
