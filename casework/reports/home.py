"""The reports section of the home page: subordinate units' quarterly reports waiting to be acknowledged."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from casework.reports import selectors


def reports_section(request: HttpRequest) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    pending = list(selectors.quarterly_reports_to_acknowledge(user=user)[:10])
    if not pending:
        return None
    return {
        "title": gettext("Báo cáo quý của đơn vị cấp dưới chờ tiếp nhận"),
        "rows": [
            {
                "subject": str(report),
                "step": gettext("Tiếp nhận báo cáo quý"),
                "url": reverse("reports:quarterly_detail", args=[report.pk]),
                "due_on": None,
                "overdue": False,
            }
            for report in pending
        ],
        "more_url": reverse("reports:index"),
        "work": True,
    }
