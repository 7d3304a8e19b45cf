"""The inspections section of the home page: my inspections, recommendations to report on, reports to verify."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from casework.inspections import selectors
from core import clock


def inspections_section(request: HttpRequest) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    today = clock.today()
    rows = []
    for inspection in selectors.inspection_list_mine(user=user)[:10]:
        rows.append(
            {
                "label": f"Cuộc kiểm tra {inspection.reference}: {inspection.get_status_display()}",
                "url": reverse("inspections:inspection_detail", args=[inspection.pk]),
                "due": None,
                "overdue": False,
            }
        )
    for rec in selectors.recommendations_to_report(user=user)[:10]:
        rows.append(
            {
                "label": f"Báo cáo thực hiện kiến nghị: {rec.text[:60]}",
                "url": reverse("inspections:recommendation_detail", args=[rec.pk]),
                "due": rec.due_on,
                "overdue": rec.due_on < today,
            }
        )
    for report in selectors.reports_to_verify(user=user)[:10]:
        rows.append(
            {
                "label": f"Xác minh báo cáo của {report.recommendation.owner_unit.name}",
                "url": reverse("inspections:recommendation_detail", args=[report.recommendation_id]),
                "due": None,
                "overdue": False,
            }
        )
    if not rows:
        return None
    return {"title": "Kiểm tra và theo dõi kiến nghị", "rows": rows, "more_url": reverse("inspections:inspection_list")}
