"""The main menu: each link shown only to the roles whose work it is.

Pages still check access themselves; the menu only spares people links that would answer 403.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casework.org.models import Role
from casework.org.selectors import active_assignments
from casework.papers.views import TARGET_PAGES
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
# The leadership queue is the work of who decides it (workflows.selectors.escalation_list_for_user; an
# administrator reaches every unit). A committee chair and an auditor read the escalations of their scope
# without deciding them: the chair from the pages of the committee's cases, flags and inspections, the
# auditor from the audit trail; neither has the queue as their work.
ESCALATION_ROLES = {Role.BTV_MEMBER, Role.BCH_MEMBER, Role.ADMIN}

EVERYONE: set[str] = set()  # every signed-in person

# The menu is five groups so that a leader's header stays on one line; a group with one
# visible link is shown as that link, a group with none is left out.
# group label → [(label, URL name, roles that see it or EVERYONE)]
GROUPS = [
    (
        pgettext_lazy("main menu", "Việc của tôi"),
        [
            (pgettext_lazy("main menu", "Trang chủ"), "home", EVERYONE),
            (_("Công việc theo quy trình"), "tasks", EVERYONE),
            (_("Chuyển cấp"), "workflows:list", ESCALATION_ROLES),
            (_("Vắng mặt"), "absences", CASE_ROLES),
        ],
    ),
    (
        pgettext_lazy("main menu", "Hồ sơ"),
        [
            (_("Đơn thư"), "cases:list", CASE_ROLES),
            (_("Tiếp công dân"), "reception:list", CASE_ROLES - {Role.INSPECTOR}),
        ],
    ),
    (
        pgettext_lazy("main menu", "Kiểm tra"),
        [
            (_("Dấu hiệu vi phạm"), "inspections:flag_list", INSPECTION_ROLES - {Role.SUBJECT_REP}),
            (_("Kế hoạch kiểm tra"), "inspections:plan_list", INSPECTION_ROLES - {Role.SUBJECT_REP}),
            (_("Cuộc kiểm tra"), "inspections:inspection_list", INSPECTION_ROLES),
            (_("Cuộc giám sát"), "supervision:list", INSPECTION_ROLES),
            (_("Kiến nghị"), "inspections:recommendation_list", INSPECTION_ROLES),
        ],
    ),
    (
        pgettext_lazy("main menu", "Báo cáo"),
        [
            (_("Báo cáo"), "reports:index", REPORT_ROLES),
            (_("Sổ văn bản"), "papers:register", REPORT_ROLES),
        ],
    ),
    (
        pgettext_lazy("main menu", "Quản trị"),
        [
            (_("Cây đơn vị"), "unit_tree", EVERYONE),
            (_("Mẫu văn bản"), "papers:template_list", {Role.ADMIN}),
            (_("Hết hạn lưu trữ"), "privacy:expiry", {Role.ADMIN}),
            (_("Yêu cầu của chủ thể dữ liệu"), "privacy:requests", {Role.ADMIN, Role.DATA_PROTECTION}),
            (_("Nhật ký kiểm toán"), "audit:search", AUDIT_ROLES),
        ],
    ),
]


# Pages without a menu link of their own, placed under the page that links to them: the subject-access
# export without a recorded request is reached from the register of data subjects' requests.
UNDER_PAGE = {"privacy:subject_access": "privacy:requests"}


# The context of a page refused or not found (casework.web.views permission_denied, page_not_found): the
# menu, but neither the task badge, whose count (the inbox's rule, `task_counts`) is the heaviest query a
# page makes, nor the unread notifications' count (notifications.context_processors): both say nothing
# of why the page failed, and a walk through forbidden addresses costs no count. The view's context
# stands above the context processors', so the unread count's lazy query is never run.
WITHOUT_BADGE: dict = {"nav_counts": None, "unread_notifications": 0}


def _menu_path(request: HttpRequest) -> str:
    """The path the menu places a page by: its own, or for a page that belongs with another
    object's page, that page's (the papers of a case sit under Hồ sơ, not the register's Báo cáo)."""
    match = request.resolver_match
    if match is not None and match.view_name == "papers:target":
        page = TARGET_PAGES.get(match.kwargs.get("kind", ""))
        if page is not None:
            return reverse(page, args=[match.kwargs["pk"]])
    if match is not None and match.view_name in UNDER_PAGE:
        return reverse(UNDER_PAGE[match.view_name])
    return request.path


def _current_link(links: list[dict], path: str) -> dict | None:
    """The one link the page is under: the longest whose URL starts the path (/inspections/flags/3/
    is under the flags, not the inspections at /inspections/); the home page only on itself."""
    under = [link for link in links if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))]
    return max(under, key=lambda link: len(link["url"]), default=None)


def nav_links(request: HttpRequest) -> dict:
    """`nav_groups`: [{label, links: [{label, url, current}], current}] for the signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "nav_counts": {"tasks": 0, "overdue": 0}}
    held = {ra.role for ra in active_assignments(user=user)}
    everything = user.is_superuser
    groups = []
    for group_label, entries in GROUPS:
        links = []
        for label, name, roles in entries:
            if everything or not roles or held & roles:
                links.append({"label": label, "url": reverse(name), "current": False})
        if links:
            groups.append({"label": group_label, "links": links, "current": False})
    current = _current_link([link for group in groups for link in group["links"]], _menu_path(request))
    for group in groups:
        for link in group["links"]:
            link["current"] = link is current
        group["current"] = any(link["current"] for link in group["links"])
    # Read only when a page's menu shows it (one query: workflows.flows.inbox.task_counts).
    counts = SimpleLazyObject(lambda: task_counts(user=user))
    return {"nav_groups": groups, "nav_counts": counts}
