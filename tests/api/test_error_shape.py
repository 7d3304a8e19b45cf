"""Every answer under /api/ is JSON in the documented error shape, and the schema documents it.

`code` and `detail` always; `fields` on every 400. Also for what never reaches a DRF view: an id
that does not match the route, a body too large, a body that does not parse, a server error.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory
from drf_spectacular.generators import SchemaGenerator

from casework import urls
from casework.web.views import server_error
from tests.factories import build_cast
from tests.module_data import built_for_module, fresh_cast

pytestmark = pytest.mark.django_db

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
OPERATIONS = [
    (path, method, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
    if method in {"get", "post", "put", "patch", "delete"}
]


def _assert_shape(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:200])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body.get("code"), str) and isinstance(body.get("detail"), str), body
    if status == 400:
        assert isinstance(body.get("fields"), dict) and body["fields"], body
    return body


@pytest.fixture(scope="module")
def _module_cast(django_db_setup, django_db_blocker):
    """The cast, built once: every test of the module only reads it, and rolls back what its requests write."""
    with built_for_module(django_db_blocker, build_cast) as cast:
        yield cast


@pytest.fixture
def cast(_module_cast, db):
    return fresh_cast(_module_cast)


@pytest.fixture
def token_client(api_as, cast):
    return api_as(cast.admin)


@pytest.mark.parametrize("url", ["/api/audit-events/abc/", "/api/intake/1.5/", "/api/no-such-thing/"])
def test_an_id_that_does_not_match_the_route_answers_json_404_with_debug_off(settings, token_client, url):
    settings.DEBUG = False
    _assert_shape(token_client.get(url), 404)


def test_a_body_too_large_answers_json_413(token_client):
    response = token_client.post("/api/cases/", b"{" + b" " * (3 * 1024 * 1024) + b"}", content_type="application/json")
    assert _assert_shape(response, 413)["code"] == "too_large"


def test_a_body_that_does_not_parse_answers_400_with_fields(token_client):
    body = _assert_shape(token_client.post("/api/cases/", b"{not json", content_type="application/json"), 400)
    assert body["code"] == "parse_error"


def test_a_bad_cursor_answers_400_naming_it(token_client):
    body = _assert_shape(token_client.get("/api/cases/?cursor=%C3%BD"), 400)
    assert "cursor" in body["fields"]


def test_a_server_error_under_the_api_is_json():
    response = server_error(RequestFactory().get("/api/cases/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert {"code", "detail"} <= set(json.loads(response.content))
    assert urls.handler500 == "casework.web.views.server_error"


@pytest.mark.parametrize(
    ("path", "method", "operation"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m, _ in OPERATIONS]
)
def test_every_operation_answers_errors_in_the_documented_shape(token_client, path, method, operation):
    """Anonymous: 401 (or the public endpoints' 400); a path id matching nothing: 404; a body that
    does not parse: 400. Each is JSON in the shape the operation documents for that status."""
    responses = operation["responses"]
    assert "400" in responses
    anonymous = Client()
    url = path
    for param in (p for p in operation.get("parameters", []) if p["in"] == "path"):
        url = url.replace("{" + param["name"] + "}", "0")
    call = getattr(anonymous, method)
    response = call(url, b"{", content_type="application/json") if method != "get" else call(url)
    assert response.status_code < 500
    assert str(response.status_code) in responses, (url, response.status_code, sorted(responses))
    _assert_shape(response, response.status_code)
    if "{" in path:
        assert "404" in responses
        response = getattr(token_client, method)(url, {}, format="json")
        # A read finds nothing; an action may refuse its empty body before it looks the id up.
        _assert_shape(response, 404 if method == "get" else response.status_code)
        assert response.status_code in ({404} if method == "get" else {400, 404})
    if method != "get":
        assert {"413", "415"} <= set(responses)
        if "{" not in path and "requestBody" in operation:
            _assert_shape(token_client.post(url, b"{", content_type="application/json"), 400)


def test_a_list_filter_on_a_unit_outside_the_scope_answers_like_a_unit_that_does_not_exist(api_as, cast):
    client = api_as(cast.officer)  # sector S; the other sector E is outside
    for url in ("/api/cases/", "/api/flags/", "/api/inspections/", "/api/inspection-plans/"):
        param = "unit"
        outside = client.get(url, {param: cast.other_sector.pk})
        missing = client.get(url, {param: 987654321})
        assert outside.status_code == missing.status_code == 400, url
        assert outside.json()["fields"].keys() == missing.json()["fields"].keys()
        assert outside.json()["code"] == missing.json()["code"]
        inside = client.get(url, {param: cast.sector.pk})
        assert inside.status_code == 200, (url, inside.json())


def test_the_case_list_assignee_filter_answers_someone_outside_the_scope_like_an_id_that_does_not_exist(api_as, cast):
    client = api_as(cast.officer)  # sector S; other_officer works in sector E, outside
    outside = client.get("/api/cases/", {"assignee": cast.other_officer.pk})
    missing = client.get("/api/cases/", {"assignee": 987654321})
    assert outside.status_code == missing.status_code == 400
    assert outside.json()["code"] == missing.json()["code"]
    assert outside.json()["fields"] == missing.json()["fields"]
    assert "assignee" in outside.json()["fields"]
    assert client.get("/api/cases/", {"assignee": cast.officer.pk}).status_code == 200
