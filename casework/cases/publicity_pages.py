"""The public page of the denunciation conclusions and the discipline decisions on them (Luật Tố cáo 2018 Đ.40 khoản 2
điểm c; Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm c) and second-round complaint decisions (Luật Khiếu nại 2011 Đ.41 khoản 2, 3) posted on the web:
each from its first day of web posting to its last (the end recorded, or the least the law allows when the end is
not known: `casework.cases.services.publicity.posting_minimum_end`), with the unit and the text published, nothing
about the denouncer (Đ.40 khoản 3) nor the complainant's particulars, and nothing else of the case."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework.cases.models import ConclusionPublication, DisciplinePublication
from core import clock


def conclusions_posted(*, today: dt.date) -> QuerySet[ConclusionPublication]:
    """The conclusions and decisions whose web posting runs today: from its first day to its last."""
    return (
        ConclusionPublication.objects.filter(portal_from__lte=today, portal_until__gte=today)
        .select_related("case__unit")
        .only("portal_from", "portal_until", "text", "case__unit__name")
        .order_by("-portal_from", "-pk")
    )


def disciplines_posted(*, today: dt.date) -> QuerySet[DisciplinePublication]:
    """The discipline decisions on denunciations whose web posting runs today, as `conclusions_posted`."""
    return (
        DisciplinePublication.objects.filter(portal_from__lte=today, portal_until__gte=today)
        .select_related("discipline__unit")
        .only("portal_from", "portal_until", "text", "discipline__unit__name")
        .order_by("-portal_from", "-pk")
    )


@require_GET
def public_conclusions_view(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    return render(
        request,
        "cases/public_conclusions.html",
        {"conclusions": conclusions_posted(today=today), "disciplines": disciplines_posted(today=today)},
    )
