"""The public page of the denunciation conclusions (Luật Tố cáo 2018 Đ.40 khoản 2 điểm c; Nghị định 31/2019/NĐ-CP
Đ.6 khoản 2 điểm c) and second-round complaint decisions (Luật Khiếu nại 2011 Đ.41 khoản 2; Nghị định 75/2012/NĐ-CP
Đ.12 khoản 3) posted on the web: each for its posting period only, with the unit and the text published, nothing
about the denouncer (Đ.40 khoản 3) nor the complainant's particulars, and nothing else of the case."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework.cases.models import ConclusionPublication
from core import clock


def conclusions_posted(*, today: dt.date) -> QuerySet[ConclusionPublication]:
    """The conclusions and decisions whose web posting runs today: from the day of publication to its last day."""
    return (
        ConclusionPublication.objects.filter(published_on__lte=today, portal_until__gte=today)
        .select_related("case__unit")
        .only("published_on", "portal_until", "text", "case__unit__name")
        .order_by("-published_on", "-pk")
    )


@require_GET
def public_conclusions_view(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/public_conclusions.html", {"conclusions": conclusions_posted(today=clock.today())})
