"""The auditors' section on the home page: the latest events in their scope."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.audit.labels import action_label, actor_display
from casework.audit.selectors import AUDIT_ROLES, audit_event_list
from casework.org.selectors import user_has_role

ROWS = 5


def audit_home_section(request: HttpRequest) -> dict | None:
    user = request.user
    if not user.is_authenticated or not user_has_role(user=user, roles=AUDIT_ROLES):
        return None
    rows = [
        {
            "label": f"#{e.seq} {action_label(e.action)} — {actor_display(e.actor_label)}",
            "url": reverse("audit:timeline", args=[e.target_type, e.target_id]),
            "due": timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M"),
            "overdue": False,
        }
        for e in audit_event_list(user=user)[:ROWS]
    ]
    return {
        "title": _("Nhật ký kiểm toán"),
        "columns": (_("Sự kiện"), _("Thời điểm")),  # an event and when it happened: no step, no deadline
        "rows": rows,
        "more_url": reverse("audit:search"),
    }
