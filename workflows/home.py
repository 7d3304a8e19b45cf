"""Home-page sections ("Việc của tôi"): my deadlines, and for leaders the escalations awaiting them."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core import clock
from workflows import selectors
from workflows.escalations import target_summaries
from workflows.models import Deadline, Escalation

ROWS = 10


def my_deadlines_section(request: HttpRequest) -> dict | None:
    if not request.user.is_authenticated:
        return None
    now = clock.now()
    deadlines = list(selectors.deadline_list_mine(user=request.user)[:200])
    # Overdue first (breached, or past due but not yet swept), then the nearest due.
    deadlines.sort(key=lambda d: (not (d.status == Deadline.Status.BREACHED or d.due_at < now), d.due_at))
    if not deadlines:
        return None
    shown = deadlines[:ROWS]
    summaries = target_summaries(((d.target_type, d.target_id) for d in shown), reader=request.user)
    rows = []
    for deadline in shown:
        summary = summaries[(deadline.target_type, str(deadline.target_id))]
        status = "" if deadline.status == Deadline.Status.OPEN else f" ({deadline.get_status_display()})"
        rows.append(
            {
                "subject": summary["subject"],
                "step": f"{deadline.step_label}{status}",
                "kind": "deadline",
                "url": summary["url"],
                "due_on": deadline.due_on,
                "paused": deadline.status == Deadline.Status.PAUSED,
                "overdue": deadline.status == Deadline.Status.BREACHED or deadline.due_at < now,
            }
        )
    return {"title": _("Thời hạn được giao cho tôi"), "rows": rows, "more_url": "", "work": True}


def pending_escalations_section(request: HttpRequest) -> dict | None:
    if not request.user.is_authenticated:
        return None
    escalations = list(selectors.escalation_list_awaiting(user=request.user)[:ROWS])
    if not escalations:
        return None
    rows = []
    # The escalation's unit is not always who decides it: the line names no unit; who decides is on the
    # escalation's page and the leadership queue (selectors.escalations_awaited, more queries than the home
    # page's budget allows).
    for escalation, row in zip(
        escalations, selectors.escalation_rows(escalations=escalations, chips=False, user=request.user), strict=True
    ):
        rows.append(
            {
                "subject": row["summary"]["subject"],
                "step": _("Quyết định đề xuất chuyển lãnh đạo"),
                "detail": _escalation_source(escalation),
                "url": reverse("workflows:detail", args=[escalation.pk]),
                "due_on": row["decide_by"],
                "overdue": row["overdue"],
            }
        )
    return {
        "title": _("Đề xuất chờ lãnh đạo quyết định"),
        "rows": rows,
        "more_url": reverse("workflows:list"),
        "work": True,
    }


def _escalation_source(escalation: Escalation) -> str:
    """What raised it, as the queue's "Nguồn" says: two raised on one object are told apart."""
    if escalation.automatic and escalation.deadline is not None:
        return _("bước %(step)s quá hạn %(day)s") % {
            "step": escalation.deadline.step_label,
            "day": escalation.deadline.due_on.strftime("%d/%m/%Y"),
        }
    return _("do %(name)s chuyển") % {"name": escalation.raised_by} if escalation.raised_by else ""
