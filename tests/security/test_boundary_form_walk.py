"""Every form of the web, posted with boundary values as every persona: no 500, and an invalid
submission changes nothing.

The forms are the web routes of the URL resolver (as tests/security/test_hostile_walk.py walks them),
with the real objects of the role matrix's builders in their paths and every action of the action
routes (cases, inspections, plans, quarterly reports). Each request sets every form field of the
project to one boundary value: dates far in the past, the day before the first deadline policy,
far in the future, 29 February of a common and of a leap year, 31/12/9999, an empty value and a
10,000-character one; the values rotate across personas so that every form meets every value (a form
of sector E's objects meets, from a persona entitled to it, the value after the 10,000-character one, which
the size limit refuses before any view).
Irreversible steps are posted as confirmed, so the services' own checks are reached too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from tests.security.test_hostile_walk import (  # noqa: F401 (fixtures)
    FIELD_NAMES,
    WEB_ROUTES,
    cast,
    objects,
    walk_world,
)
from tests.security.test_role_matrix import PERSONAS

pytestmark = pytest.mark.django_db

OVERSIZED = "Đ" * 10_000


def _boundary_values() -> list[str]:
    from workflows.services.policy import policy_first_date

    first = policy_first_date() or dt.date(2020, 1, 1)
    return [
        "0001-01-01",  # far past
        f"{first - dt.timedelta(days=1):%Y-%m-%d}",  # the day before the first policy version
        f"{first - dt.timedelta(days=1):%d/%m/%Y}",
        "9999-12-31",  # far future
        "31/12/9999",
        "2026-02-29",  # not a date: 2026 is a common year
        "29/02/2028",  # a leap day
        "",
        OVERSIZED,
    ]


def _action_names() -> dict[str, list[str]]:
    from casework.cases.views import ACTIONS
    from casework.inspections.views import ACTION_TITLES

    return {
        "cases:action": list(ACTIONS),
        "inspections:inspection_act": [*ACTION_TITLES, "check"],
        "inspections:plan_act": ["item", "submit", "approve", "return", "activate", "close", "open_item"],
        "inspections:recommendation_act": ["report", "verify"],
        "reports:quarterly_review": ["acknowledge", "return"],
    }


def _form_urls(real: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """(route name, URL) of every web form reachable with real objects."""
    return [(name, url) for name, url, _of_object in _forms(real)]


def _forms(real: dict[str, dict[str, Any]]) -> list[tuple[str, str, bool]]:
    """(route name, URL, whether the URL names an object of sector E) of every web form reachable with real
    objects."""
    urls: list[tuple[str, str, bool]] = []
    actions = _action_names()
    for route in WEB_ROUTES:
        values = real.get(route.name, {})
        if any(values.get(p) is None for p in route.params if p != "action"):
            continue  # no real object of this kind: the hostile walk covers its path values
        kwargs = {p: values[p] for p in route.params if p != "action"}
        if "action" in route.params:
            for action in actions.get(route.name, [values.get("action")]):
                if action:
                    urls.append((route.name, reverse(route.name, kwargs={**kwargs, "action": action}), bool(kwargs)))
        else:
            urls.append((route.name, reverse(route.name, kwargs=kwargs or None), bool(kwargs)))
    return urls


def _changes() -> int:
    # Sign-in bookkeeping is not a change to the records.
    return AuditEvent.objects.exclude(action__startswith="account.").exclude(action__startswith="auth.").count()


def _looks_refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    return response.status_code == 200 and b'class="errorlist' in response.content


# The objects of the walk are those of the role matrix's builders, all in sector E. Its forms are read by the
# personas whose roles reach sector E: its case officer, its inspector (the builders' team inspector, who
# opened its flag, inspection, plan and supervision), and the leader and the administrator of the province
# above it. Every other persona is refused before the form (404: for them the object does not exist; the
# anonymous visitor is sent to sign in).
E_INSPECTOR = "e_inspector"
WALKERS = ["anonymous", *PERSONAS, E_INSPECTOR]
REACH_E = ["province_leader", "admin", "other_officer", E_INSPECTOR]
REFUSED_E = [p for p in WALKERS if p not in REACH_E]
# The inspection committee's own work on sector E, which only its inspector reads of the personas.
INSPECTORS_FORMS = {"inspections:inspection_act", "inspections:plan_act", "inspections:plan_detail"}


def _not_read(response) -> bool:
    """Refused before any view: a body over the size limit (the 10,000-character value in every field), or a
    route that takes no POST."""
    return response.status_code in (405, 413)


def _refused_out_of_scope(response) -> bool:
    if response.status_code == 302:
        return response.url.startswith(reverse("login"))
    return response.status_code == 404


def _user(persona: str, cast):  # noqa: F811
    from casework.org.models import User

    return User.objects.get(username=E_INSPECTOR) if persona == E_INSPECTOR else getattr(cast, persona)


@pytest.mark.parametrize("persona", WALKERS)
def test_boundary_values_in_every_form_give_no_server_error_and_change_nothing_when_refused(
    persona,
    cast,  # noqa: F811
    objects,  # noqa: F811
):
    values = _boundary_values()
    offset = WALKERS.index(persona)
    client = Client()
    if persona != "anonymous":
        client.force_login(_user(persona, cast))
    urls = _forms(objects)
    failures: list[str] = []
    read, refused = 0, 0
    routes_read: set[str] = set()
    for index, (name, url, of_object) in enumerate(urls):
        value = values[(index + offset) % len(values)]
        if value == OVERSIZED and of_object and persona in REACH_E:
            # Refused by the size limit before any view: a form its persona may read meets the next value.
            value = values[(index + offset + 1) % len(values)]
        body = {field: value for field in FIELD_NAMES}
        body["confirmed"] = "1"
        cache.clear()  # the public pages' per-address budget: every call reaches the form
        before = _changes()
        response = client.post(url, body)
        label = f"{persona} POST {url} {value[:20]!r}"
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
        elif _looks_refused(response) and _changes() != before:
            failures.append(f"{label}: refused ({response.status_code}) but wrote {_changes() - before} event(s)")
        if of_object and not _not_read(response):
            if _refused_out_of_scope(response):
                refused += 1
            else:
                read += 1
                routes_read.add(name)
                if persona in REFUSED_E:
                    failures.append(f"{label}: {response.status_code}, a sector E object outside {persona}'s roles")
    assert not failures, "\n".join(failures)
    # The boundary values reach the forms of sector E's objects through the personas entitled to them; the
    # other personas meet the refusal, on every object.
    if persona in REACH_E:
        assert read >= 38, f"{persona} read {read} forms of sector E objects"
        if persona == E_INSPECTOR:
            assert INSPECTORS_FORMS <= routes_read, INSPECTORS_FORMS - routes_read
    else:
        assert read == 0 and refused >= 60, (read, refused)


def test_the_walk_reaches_the_forms_that_matter(cast, objects):  # noqa: F811
    names = {name for name, _url in _form_urls(objects)}
    assert {"cases:intake", "cases:public_submit", "cases:action", "inspections:inspection_act"} <= names
    urls = [url for _name, url in _form_urls(objects)]
    assert any(url.endswith("/action/decide/") for url in urls)
    assert len(urls) > 80
    assert len(_boundary_values()) <= len(PERSONAS) + 1  # every form without an object meets every value
    # A sector E object's forms: the personas that read them, and those refused before them.
    assert sorted(REACH_E) == ["admin", "e_inspector", "other_officer", "province_leader"]
    assert len(REFUSED_E) == 10 and set(REACH_E) | set(REFUSED_E) == {"anonymous", *PERSONAS, E_INSPECTOR}
    assert INSPECTORS_FORMS <= {name for name, _url, of_object in _forms(objects) if of_object}


def test_text_that_only_looks_like_a_date_shows_as_written_in_the_trail():
    from casework.audit.timeline import format_value

    assert format_value("2026-02-29", "legal_ground") == "2026-02-29"
    assert format_value("2028-02-29", "legal_ground") == "29/02/2028"
