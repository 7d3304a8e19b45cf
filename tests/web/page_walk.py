"""Walking the pages every persona can reach in the demo data (`load_demo`: cases of every kind in every
state, inspections at every step, flags, plans, recommendations, escalations, quarterly reports,
reception).

Each persona of the role matrix (tests/security/test_role_matrix.py) is played by the demo account that
holds the same role. Pages are the URLConf's routes without arguments (tests/security/urlconf_walk.py),
the detail page and audit timeline of every demo object, and every link those pages offer, a bounded
number per route. The page tests of this folder read what the walk hands them.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.test import Client
from django.urls import Resolver404, resolve, reverse

from casework.audit.models import AuditEvent
from tests.security.urlconf_walk import routes_without_args

# The role matrix's personas, played by the demo accounts (casework/org/demo.py) with the same role.
PERSONAS = {
    "intake": "tiepnhan",
    "officer": "giaiquyet",
    "officer2": "giaiquyet2",
    "inspector": "kiemtra1",
    "chair": "chunhiem",
    "leader": "btv",
    "bch_member": "bch",
    "province_leader": "btvtinh",
    "subject_rep": "donvi",
    "auditor": "giamsat",
    "admin": "quantri",
    "grassroots_inspector": "kiemtracs",
}

# Routes that answer files, sign out, switch language or describe the API: nothing to read on them.
SKIP_ROUTE = re.compile(r"(^api:|^ops:|^admin|logout|set_language|pdf|export|download|xlsx|csv|scan)")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links += [value for name, value in attrs if name == "href" and value]


def seeds() -> list[str]:
    """Pages without arguments, then every demo object's page and audit timeline."""
    from casework.cases.models import Case
    from casework.inspections.models import Flag, Inspection, InspectionPlan, Recommendation
    from workflows.models import Escalation

    urls = [reverse(r.name) for r in routes_without_args() if not SKIP_ROUTE.search(r.name)]
    for route, model in [
        ("cases:detail", Case),
        ("inspections:flag_detail", Flag),
        ("inspections:inspection_detail", Inspection),
        ("inspections:plan_detail", InspectionPlan),
        ("inspections:recommendation_detail", Recommendation),
        ("workflows:detail", Escalation),
    ]:
        urls += [reverse(route, args=[pk]) for pk in model.objects.order_by("pk").values_list("pk", flat=True)]
    targets = AuditEvent.objects.exclude(unit=None).values_list("target_type", "target_id").distinct()
    urls += [reverse("audit:timeline", args=target) for target in targets.order_by("target_type", "target_id")]
    return urls


def route_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def walk(
    client: Client, start: list[str], read: Callable[[str], list[str]], per_route: int
) -> tuple[dict[str, list[str]], Counter]:
    """Visit the start pages and the links they offer, at most `per_route` pages of a route, handing
    each HTML page to `read`; (url → what `read` found, route → pages read)."""
    found: dict[str, list[str]] = {}
    read_pages: Counter = Counter()
    visited: Counter = Counter()
    queue, seen = deque(start), set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        name = route_name(url)
        if name is None or SKIP_ROUTE.search(name) or visited[name] >= per_route:
            continue
        visited[name] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read_pages[name] += 1
        html = response.content.decode()
        if hits := read(html):
            found[url] = hits
        links = _Links()
        links.feed(html)
        for link in links.links:
            parts = urlsplit(link)
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found, read_pages
