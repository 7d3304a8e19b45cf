"""Walking the pages every persona can reach in the demo data (`load_demo`: cases of every kind in every
state, inspections at every step, flags, plans, recommendations, escalations, quarterly reports,
reception).

Each persona of the role matrix (tests/security/test_role_matrix.py) is played by the demo account that
holds the same role. Pages are the URLConf's routes without arguments (tests/security/urlconf_walk.py),
the detail page of one demo object of each kind and state, audit timelines that together show every
kind of event the demo's objects hold, and every link those pages offer, a bounded number per route.
The page tests of this folder read what the walk hands them; `states_not_read` tells them which of the
demo's states and events the pages they read leave out.
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


# The demo objects' detail pages, and what tells one object's page from another's: its kind and state
# decide the sections and the actions it offers, so one object of each (kind, state) shows them all.
DETAILS = [
    ("cases:detail", "cases.Case", ("kind", "status")),
    ("inspections:flag_detail", "inspections.Flag", ("source", "status")),
    ("inspections:inspection_detail", "inspections.Inspection", ("kind", "status")),
    ("inspections:plan_detail", "inspections.InspectionPlan", ("status",)),
    ("inspections:recommendation_detail", "inspections.Recommendation", ("status",)),
    ("workflows:detail", "workflows.Escalation", ("status", "decision", "automatic")),
]


def demo_states() -> set[tuple]:
    """Every (detail route, kind..., state) the demo's objects hold."""
    from django.apps import apps

    return {
        (route, *values)
        for route, label, fields in DETAILS
        for values in apps.get_model(label).objects.values_list(*fields).distinct()
    }


def representatives() -> dict[tuple, str]:
    """(detail route, kind..., state) → the page of the demo's first object in it."""
    from django.apps import apps

    pages: dict[tuple, str] = {}
    for route, label, fields in DETAILS:
        for pk, *values in apps.get_model(label).objects.order_by("pk").values_list("pk", *fields):
            pages.setdefault((route, *values), reverse(route, args=[pk]))
    return pages


def _event_shape(action: str, before: dict, after: dict) -> tuple:
    return (action, tuple(sorted({*before, *after})))


# Audit trails the chair, who reads every other demo object's, may not open: the unit tree's and the
# accounts' (the administrators') and the data subjects' requests (the data protection officer's).
NOT_THE_CHAIRS = {"org.unit", "org.user", "privacy.subjectaccessrequest"}


def timeline_events() -> set[tuple]:
    """Every (object type, action, fields changed) of the audit events the chair's timelines show."""
    events = (
        AuditEvent.objects.exclude(unit=None)
        .exclude(target_type__in=NOT_THE_CHAIRS)
        .values_list("target_type", "action", "before", "after")
    )
    return {(target_type, *_event_shape(action, before, after)) for target_type, action, before, after in events}


def representative_timelines(objects: list[str]) -> dict[tuple, str]:
    """(object type, action, fields changed) → the timeline of an object whose trail holds such an event:
    the representative `objects`' own timelines first, then the first other object's."""
    detail_of = {route: label.lower() for route, label, _fields in DETAILS}
    preferred: dict[tuple[str, str], int] = {}
    for rank, url in enumerate(objects):
        match = resolve(urlsplit(url).path)
        preferred[(detail_of[match.view_name], str(match.kwargs["pk"]))] = rank
    events = AuditEvent.objects.exclude(unit=None).values_list("target_type", "target_id", "action", "before", "after")
    chosen: dict[tuple, tuple[int, str, str]] = {}
    for target_type, target_id, action, before, after in events:
        rank = preferred.get((target_type, target_id), len(objects))
        key = (target_type, *_event_shape(action, before, after))
        # The first other object by its id's number ("7" before "10"), as the objects were made.
        candidate = (rank, target_type, len(target_id), target_id)
        if key not in chosen or candidate < chosen[key]:
            chosen[key] = candidate
    return {key: reverse("audit:timeline", args=[t, i]) for key, (_rank, t, _length, i) in chosen.items()}


def seeds() -> list[str]:
    """Pages without arguments, then the page of one demo object of each kind and state, and timelines
    that together show every kind of audit event the demo's objects hold."""
    urls = [reverse(r.name) for r in routes_without_args() if not SKIP_ROUTE.search(r.name)]
    objects = sorted(set(representatives().values()))
    timelines = sorted(set(representative_timelines(objects).values()))
    return urls + objects + timelines


def route_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


# How many fetches of a route the walk allows per page it may read there (walk).
TRIES_PER_READ = 3


def walk(
    client: Client,
    start: list[str],
    read: Callable[[str], list[str]],
    per_route: int,
    per_linked_route: int = 0,
    fetched: dict[str, str | None] | None = None,
) -> tuple[dict[str, list[str]], Counter, set[str]]:
    """Visit the start pages and the links they offer, reading at most `per_route` pages of a route and, once
    the start pages are read, at most `per_linked_route` (if given) of a route through links, handing each
    HTML page to `read`; (url → what `read` found, route → pages read, the pages read). Only a page read
    (200, HTML) counts towards the bound: one not found or refused leaves its share to the next, and a route
    is fetched at most `TRIES_PER_READ` times its bound, so a route that refuses the persona is soon left.
    `fetched` (url → the HTML page, None for another answer) holds what the same client was answered
    already, and keeps this walk's answers: the walks that share it ask for a page once."""
    fetched = {} if fetched is None else fetched
    found: dict[str, list[str]] = {}
    read_pages: Counter = Counter()
    read_urls: set[str] = set()
    tries: Counter = Counter()
    queue, seen, starts = deque(start), set(), set(start)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        name = route_name(url)
        limit = per_route if url in starts or not per_linked_route else min(per_route, per_linked_route)
        if name is None or SKIP_ROUTE.search(name):
            continue
        if read_pages[name] >= limit or tries[name] >= TRIES_PER_READ * limit:
            continue
        tries[name] += 1
        if url not in fetched:
            response = client.get(url)
            page = response.status_code == 200 and "text/html" in response.get("Content-Type", "")
            fetched[url] = response.content.decode() if page else None
        html = fetched[url]
        if html is None:
            continue
        read_pages[name] += 1
        read_urls.add(url)
        if hits := read(html):
            found[url] = hits
        links = _Links()
        links.feed(html)
        for link in links.links:
            parts = urlsplit(link)
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found, read_pages, read_urls


def states_not_read(read: set[str]) -> set[tuple]:
    """The (detail route, kind..., state) of the demo's objects and the (object type, action, fields
    changed) of their audit events of which the pages `read` show none."""
    objects = representatives()
    timelines = representative_timelines(sorted(set(objects.values())))
    shown = {state for state, url in objects.items() if url in read}
    shown |= {event for event, url in timelines.items() if url in read}
    return (demo_states() | timeline_events()) - shown
