"""Response headers: the content security policy and friends, on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client, cast):
    client.force_login(cast.officer)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_login_page_has_the_policy_and_no_inline_script(client):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "onchange=" not in body
    assert "<script>" not in body
    assert "web/autosubmit.js" in body


def test_nosniff_and_frame_denial(client):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] in {"DENY", "SAMEORIGIN"}


def test_session_cookie_is_http_only_and_lax(client, cast):
    response = client.post(reverse("login"), {"username": "officer", "password": "pw-Casework-1"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
