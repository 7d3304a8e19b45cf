"""Hostile input on every route: no value in any path or query parameter or body field gives a 5xx.

Web routes come from the URL resolver (tests/security/urlconf_walk.py), API operations from the
OpenAPI schema with their own query parameters and body fields. The hostile values are those
that once crashed the site (NUL, non-numeric ids, dates before the first policy version, nesting)
and a few more (huge numbers, injection text, a very long string). Each persona of the cast, and
an anonymous visitor, walks every route once, with the values rotating across personas so every
route meets every value; path ids point at real objects on half the calls (so the views' forms
and serializers run) and are hostile on the other half.

Sampled so that it stays quick: about 14 personas × (web routes × 2 + API operations) requests.
"""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from tests.factories import build_cast
from tests.module_data import built_for_module, fresh_cast
from tests.security.test_role_matrix import PERSONAS, _builder_for, build_objects
from tests.security.urlconf_walk import Route, all_routes

pytestmark = pytest.mark.django_db

HOSTILE: list[Any] = [
    "\x00",
    "abc",
    "1.5",
    "-1",
    "99999999999999999999999",
    "2019-12-31",
    "' OR '1'='1' --",
    "a\x00b",
    "\u202e" + "x" * 5000,
    "0",
    "%00",
    "{}",
]
# Hostile shapes for JSON bodies (besides each field holding a hostile string).
DEEP_JSON = "[" * 50000 + "]" * 50000

INT_PATH = ["0", "99999999999999999999"]
PLACEHOLDER = "zzhostilezz"

# The OpenAPI schema and docs are the same for everyone and slow to build; logout ends the session.
SKIP = {"api:schema", "api:docs", "logout"}
# Probes answer 503 when what they watch is down: that is their answer, not a crash.
PROBES = {"ops:readyz", "ops:system_health"}
WEB_ROUTES = [r for r in all_routes() if not r.name.startswith("api:") and r.name not in SKIP]


def _form_field_names() -> list[str]:
    """Every field name of every form of the project: the web's query and body parameters."""
    for config in apps.get_app_configs():
        if config.name.startswith(("casework", "workflows", "notifications")) and module_has_submodule(
            config.module, "forms"
        ):
            import_module(f"{config.name}.forms")
    names: set[str] = set()
    pending = [forms.Form, forms.ModelForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith(("casework", "workflows", "notifications")):
            names.update(getattr(cls, "base_fields", {}))
    # Query parameters the views read outside a form.
    names.update({"page", "bucket", "drill_unit", "flag", "unit", "year", "quarter", "format", "next", "version"})
    from casework.audit.selectors import AuditSearchFilters

    names.update(AuditSearchFilters.__dataclass_fields__)
    return sorted(names)


FIELD_NAMES = _form_field_names()


def _api_operations() -> list[dict[str, Any]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})

    def properties(body: dict[str, Any]) -> list[str]:
        content = body.get("content", {})
        media = content.get("application/json") or next(iter(content.values()), {})
        ref = media.get("schema", {})
        if "$ref" in ref:
            ref = components.get(ref["$ref"].rsplit("/", 1)[-1], {})
        return sorted(ref.get("properties", {}))

    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            params = operation.get("parameters", [])
            operations.append(
                {
                    "label": f"{method.upper()} {path}",
                    "path": path,
                    "method": method,
                    "path_params": [p["name"] for p in params if p["in"] == "path"],
                    "query": [p["name"] for p in params if p["in"] == "query"],
                    "body": properties(operation.get("requestBody", {})),
                }
            )
    return operations


API_OPERATIONS = _api_operations()


@pytest.fixture(scope="module")
def walk_world(django_db_setup, django_db_blocker):
    """The cast and one real object of each kind (the role matrix's builders), built once for the module:
    the walks only read them, and each test rolls back what its requests write."""

    def build():
        cast = build_cast()
        built = build_objects(cast)
        return cast, {route.name: built[builder][0] for route in all_routes() if (builder := _builder_for(route))}

    with built_for_module(django_db_blocker, build) as world:
        yield world


@pytest.fixture
def cast(walk_world, db):
    return fresh_cast(walk_world[0])


@pytest.fixture
def objects(walk_world, frozen_clock) -> dict[str, dict[str, Any]]:
    """One real object of each kind (the role matrix's builders), by route name."""
    return walk_world[1]


def _web_url(route: Route, real: dict[str, Any], step: int) -> str:
    converters = dict(route.converters)
    kwargs: dict[str, Any] = {}
    hostile_text: dict[str, str] = {}
    for index, param in enumerate(route.params):
        real_value = real.get(param)
        use_real = real_value is not None and (step + index) % 2 == 0
        if converters.get(param) == "IntConverter":
            kwargs[param] = real_value if use_real else INT_PATH[step % len(INT_PATH)]
        elif use_real:
            kwargs[param] = real_value
        else:
            kwargs[param] = PLACEHOLDER
            hostile_text[param] = str(HOSTILE[(step + index) % len(HOSTILE)])
    url = reverse(route.name, kwargs=kwargs or None)
    for value in hostile_text.values():
        url = url.replace(PLACEHOLDER, quote(value, safe=""), 1)
    return url


def _client_for(persona: str, cast) -> tuple[Client, Client]:
    """(session client for the web, token client for the API); anonymous for None."""
    web, api = Client(), Client()
    if persona != "anonymous":
        user = getattr(cast, persona)
        web.force_login(user)
        token = Token.objects.get_or_create(user=user)[0].key
        api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    return web, api


def _check(failures: list[str], response, label: str, *, probe: bool = False, refused: bool = False) -> None:
    """A 5xx is a failure; so is anything but 400 for a control character the edge must refuse."""
    if response.status_code >= 500 and not (probe and response.status_code == 503):
        failures.append(f"{label}: {response.status_code} {response.content[:200]!r}")
    elif refused and response.status_code != 400:
        failures.append(f"{label}: {response.status_code}, not 400, for a control character")


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_no_hostile_value_gives_a_server_error(persona, cast, objects):
    offset = (["anonymous", *PERSONAS]).index(persona)
    web, api = _client_for(persona, cast)
    failures: list[str] = []

    for index, route in enumerate(WEB_ROUTES):
        step = index + offset
        value = HOSTILE[step % len(HOSTILE)]
        url = _web_url(route, objects.get(route.name, {}), step)
        params = {name: value for name in FIELD_NAMES}
        cache.clear()  # the public form's per-address budget: every call reaches the view
        probe, refused = route.name in PROBES, "\x00" in value
        label = f"{persona} {url} {value[:20]!r}"
        _check(failures, web.get(f"{url}?{urlencode(params)}"), f"GET {label}", probe=probe, refused=refused)
        cache.clear()
        _check(failures, web.post(url, params), f"POST {label}", probe=probe, refused=refused)

    for index, operation in enumerate(API_OPERATIONS):
        step = index + offset
        value = HOSTILE[step % len(HOSTILE)]
        real = objects.get(_api_route_name(operation), {})
        path = operation["path"]
        for number, param in enumerate(operation["path_params"]):
            real_value = real.get(param)
            if real_value is not None and (step + number) % 2 == 0:
                replacement = str(real_value)
            else:
                replacement = quote(str(value if number % 2 == 0 else INT_PATH[step % 2]), safe="")
            path = path.replace("{" + param + "}", replacement)
        query = urlencode({name: value for name in operation["query"]})
        url = f"{path}?{query}" if query else path
        if operation["method"] == "get":
            body = None
        elif step % 5 == 0:
            body = DEEP_JSON
        elif step % 5 == 1:
            body = json.dumps([value])  # an array where an object is expected
        else:
            body = json.dumps({name: value for name in operation["body"]})
        cache.clear()
        call = getattr(api, operation["method"])
        response = call(url, body, content_type="application/json") if body is not None else call(url)
        label = f"{persona} {operation['label']} {url[:120]} {value[:20]!r}"
        _check(failures, response, label, refused="\x00" in value and bool(operation["query"]))
        # Under /api/ every answer is JSON.
        if not response["Content-Type"].startswith("application/json"):
            failures.append(f"{label}: {response['Content-Type']}")
    assert not failures, "\n".join(failures)


def _api_route_name(operation: dict[str, Any]) -> str:
    """The route name of the resolver entry behind a schema path, to find its real object."""
    from django.urls import resolve

    sample = operation["path"]
    for param in operation["path_params"]:
        sample = sample.replace("{" + param + "}", "1")
    match = resolve(sample)
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def test_the_walk_covers_every_route_and_operation():
    names = {r.name for r in WEB_ROUTES}
    assert {"audit:search", "audit:timeline", "inspections:coverage", "reports:dashboard", "cases:intake"} <= names
    labels = {op["label"] for op in API_OPERATIONS}
    assert {
        "POST /api/public/cases/",
        "POST /api/auth/token/",
        "GET /api/timeline/{target_type}/{target_id}/",
    } <= labels
    assert len(API_OPERATIONS) > 60
    assert {"actor", "drill_unit", "received_on"} <= set(FIELD_NAMES)
