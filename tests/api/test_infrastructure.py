"""Schema, docs, authentication, error mapping and pagination shared by every resource."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ConcurrentChange, OutOfScope, TransitionNotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db


def test_schema_generates_with_no_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning or error into a failure.
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/units/" in text
    assert "tokenAuth" in text and "cookieAuth" in text


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html


def test_anonymous_callers_are_refused(api_as):
    response = api_as(None).get("/api/units/")
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_is_issued_for_a_password_and_authenticates(cast, api_as):
    client = api_as(None)
    response = client.post("/api/auth/token/", {"username": "officer", "password": "pw-Casework-1"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/units/").status_code == 200


def test_a_wrong_password_gets_no_token(cast, api_as):
    response = api_as(None).post("/api/auth/token/", {"username": "officer", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_session_authentication_works_too(cast, client):
    client.force_login(cast.officer)
    assert client.get("/api/units/").status_code == 200


# --- error mapping, through a throwaway view -------------------------------------------


class _Raiser(APIView):
    def get(self, request, kind):
        if kind == "transition":
            raise TransitionNotAllowed("Không được phép", allowed=["accept", "reject"])
        if kind == "conflict":
            raise ConcurrentChange()
        if kind == "invalid":
            raise ValidationFailed({"title": "Tiêu đề là bắt buộc"})
        if kind == "scope":
            raise OutOfScope("ngoài phạm vi")
        return Response({})


urlpatterns = [path("raise/<str:kind>/", _Raiser.as_view())]


@pytest.fixture
def raiser(settings, cast, api_as):
    settings.ROOT_URLCONF = __name__
    return api_as(cast.officer)


def test_transition_not_allowed_is_409_with_the_allowed_actions(raiser):
    response = raiser.get("/raise/transition/")
    assert response.status_code == 409
    assert response.json() == {
        "code": "transition_not_allowed",
        "detail": "Không được phép",
        "allowed_actions": ["accept", "reject"],
    }


def test_a_lost_race_is_409_conflict(raiser):
    response = raiser.get("/raise/conflict/")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_validation_failed_is_400_with_field_errors(raiser):
    response = raiser.get("/raise/invalid/")
    assert response.status_code == 400
    assert response.json()["fields"] == {"title": ["Tiêu đề là bắt buộc"]}


def test_out_of_scope_is_404(raiser):
    response = raiser.get("/raise/scope/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
