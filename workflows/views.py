"""Leadership queue pages: thin views over workflows.selectors and workflows.services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workflows import selectors


@login_required
def escalation_list(request: HttpRequest) -> HttpResponse:
    escalations = selectors.escalation_list_pending(user=request.user)
    return render(request, "workflows/escalation_list.html", {"escalations": escalations})


@login_required
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = selectors.escalation_get_for_user(user=request.user, pk=pk)
    return render(request, "workflows/escalation_detail.html", {"escalation": escalation})
