"""The inspections section of the home page: my inspections, recommendations to report on, reports to verify.

The two steps on a measure are worded as the follow-up workflow's tasks are titled, so that a measure
the inbox also lists is one step on the home page (casework.web.home).

Each row's due date and its "late" mark come from the object's running clock by the chips' rule
(`with_deadline_status`), as on every list: a recommendation returned with a new report date is
not late on the home page while its chip says it is on time."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from casework.inspections import selectors
from casework.inspections.summaries import inspection_subject, recommendation_subject
from core import clock
from workflows.deadline_status import with_deadline_status
from workflows.flows.inspections import FollowUpFlow

ROWS = 10


def _row(subject: str, url: str, obj: object | None, *, step: str = "", state: str = "") -> dict:
    status = getattr(obj, "deadline_status", None)
    return {
        "subject": subject,
        "own": True,
        "step": step,
        "state": state,
        "url": url,
        "due_on": status.due_on if status is not None else None,
        "overdue": bool(status is not None and status.overdue),
    }


def inspections_section(request: HttpRequest) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    now = clock.now()
    rows = []
    for inspection in with_deadline_status(selectors.inspection_list_mine(user=user)[:ROWS], now):
        rows.append(
            _row(
                inspection_subject(inspection),
                reverse("inspections:inspection_detail", args=[inspection.pk]),
                inspection,
                state=inspection.get_status_display(),
            )
        )
    # The measures to report on and those to verify, read at once (selectors.followup_work).
    work = list(selectors.followup_work(user=user, rows=ROWS))
    for rec in with_deadline_status([r for r in work if not r.to_verify], now):
        rows.append(
            _row(
                recommendation_subject(rec),
                reverse("inspections:recommendation_detail", args=[rec.pk]),
                rec,
                step=str(FollowUpFlow.report.task_title),
            )
        )
    for rec in (r for r in work if r.to_verify):
        row = _row(
            recommendation_subject(rec),
            reverse("inspections:recommendation_detail", args=[rec.pk]),
            None,
            step=str(FollowUpFlow.verify.task_title),
        )
        row["detail"] = gettext("báo cáo của %(unit)s") % {"unit": rec.owner_unit.name}
        if rec.stood_in:  # as the inbox says of a task held for someone away (workflows.flows.inbox)
            row["stand_in_for"] = str(rec.monitor)
        rows.append(row)
    if not rows:
        return None
    return {
        "title": gettext("Kiểm tra và theo dõi kiến nghị"),
        "rows": rows,
        "more_url": reverse("inspections:inspection_list"),
        "work": True,
    }
