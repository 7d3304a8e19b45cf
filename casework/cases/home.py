"""The "Việc của tôi" section of the home page: my open cases, the most urgent first (case_inbox)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from casework.cases.selectors import case_inbox_top

ROWS = 10


def cases_home_section(request: HttpRequest) -> dict | None:
    cases = list(case_inbox_top(user=request.user, limit=ROWS))
    if not cases:
        return None
    rows = []
    for case in cases:
        rows.append(
            {
                "subject": f"{case.reference} — {case.title}",
                "own": True,
                "state": case.get_status_display(),
                "url": reverse("cases:detail", args=[case.pk]),
                "due_on": case.next_due_on,
                "overdue": case.overdue,
            }
        )
    return {
        "title": gettext("Hồ sơ đơn thư của tôi"),
        "rows": rows,
        "more_url": reverse("cases:list") + "?open=1",
        "work": True,
    }
