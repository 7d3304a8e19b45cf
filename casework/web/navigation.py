"""The main menu: each link shown only to the roles whose work it is.

Pages still check access themselves; the menu only spares people links that would answer 403.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from casework.org.models import Role
from casework.org.selectors import active_assignments
from workflows.flows.inbox import task_counts

CASE_ROLES = {
    Role.INTAKE_OFFICER,
    Role.CASE_OFFICER,
    Role.COMMITTEE_CHAIR,
    Role.BTV_MEMBER,
    Role.BCH_MEMBER,
    Role.AUDITOR,
    Role.ADMIN,
    Role.INSPECTOR,
}
INSPECTION_ROLES = {
    Role.INSPECTOR,
    Role.COMMITTEE_CHAIR,
    Role.BTV_MEMBER,
    Role.BCH_MEMBER,
    Role.AUDITOR,
    Role.ADMIN,
    Role.SUBJECT_REP,
}
LEADERSHIP = {Role.BTV_MEMBER, Role.BCH_MEMBER, Role.COMMITTEE_CHAIR, Role.ADMIN}
REPORT_ROLES = {
    Role.COMMITTEE_CHAIR,
    Role.BTV_MEMBER,
    Role.BCH_MEMBER,
    Role.AUDITOR,
    Role.ADMIN,
    Role.CASE_OFFICER,
    Role.INTAKE_OFFICER,
    Role.INSPECTOR,
}
AUDIT_ROLES = {Role.AUDITOR, Role.ADMIN}

# label, URL name, roles that see it
LINKS = [
    (_("Đơn thư"), "cases:list", CASE_ROLES),
    (_("Tiếp công dân"), "reception:list", CASE_ROLES - {Role.INSPECTOR}),
    (_("Dấu hiệu vi phạm"), "inspections:flag_list", INSPECTION_ROLES - {Role.SUBJECT_REP}),
    (_("Kế hoạch kiểm tra"), "inspections:plan_list", INSPECTION_ROLES - {Role.SUBJECT_REP}),
    (_("Cuộc kiểm tra"), "inspections:inspection_list", INSPECTION_ROLES),
    (_("Kiến nghị"), "inspections:recommendation_list", INSPECTION_ROLES),
    (_("Chuyển cấp"), "workflows:list", LEADERSHIP),
    (_("Vắng mặt"), "absences", CASE_ROLES),
    (_("Báo cáo"), "reports:index", REPORT_ROLES),
    (_("Sổ văn bản"), "papers:register", REPORT_ROLES),
    (_("Mẫu văn bản"), "papers:template_list", {Role.ADMIN}),
    (_("Nhật ký kiểm toán"), "audit:search", AUDIT_ROLES),
]


def nav_links(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "nav_counts": {"tasks": 0, "overdue": 0}}
    held = {ra.role for ra in active_assignments(user=user)}
    everything = user.is_superuser
    links = [{"label": label, "url": reverse(name)} for label, name, roles in LINKS if everything or held & roles]
    # Read only when a page's menu shows it (one query: workflows.flows.inbox.task_counts).
    counts = SimpleLazyObject(lambda: task_counts(user=user))
    return {"nav_links": links, "nav_counts": counts}
