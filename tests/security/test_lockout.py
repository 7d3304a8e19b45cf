"""Repeated failed logins lock the account (per username and address) for the cool-off period."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.urls import reverse

from casework.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

GOOD = "pw-Casework-1"


def _fail(client, username="officer", n=1):
    responses = []
    for _ in range(n):
        responses.append(client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"}))
    return responses


def test_settings_are_five_attempts_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME * 60 == 30


def test_four_failures_still_allow_the_right_password(client, cast):
    responses = _fail(client, n=4)
    assert all(r.status_code == 200 for r in responses)
    response = client.post(reverse("login"), {"username": "officer", "password": GOOD})
    assert response.status_code == 302
    # A success resets the counter.
    assert not AccessAttempt.objects.filter(username="officer", failures_since_start__gt=0).exists()


def test_the_fifth_failure_locks_even_the_right_password_out(client, cast):
    responses = _fail(client, n=5)
    assert responses[-1].status_code == 429
    body = responses[-1].content.decode()
    assert "Tạm khóa đăng nhập" in body
    assert "30 phút" in body
    response = client.post(reverse("login"), {"username": "officer", "password": GOOD})
    assert response.status_code == 429
    assert response.wsgi_request.user.is_anonymous
    assert AuditEvent.objects.filter(action="account.lockout", target_id=str(cast.officer.pk)).exists()


def test_the_lock_is_per_username_and_address(client, cast):
    _fail(client, n=5)
    other = client.post(reverse("login"), {"username": "officer2", "password": GOOD})
    assert other.status_code == 302
    from django.test import Client

    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    assert elsewhere.post(reverse("login"), {"username": "officer", "password": GOOD}).status_code == 302


def test_an_administrator_reset_unlocks(client, cast):
    _fail(client, n=5)
    reset(username="officer")
    assert client.post(reverse("login"), {"username": "officer", "password": GOOD}).status_code == 302


def test_api_clients_get_json(client, cast):
    _fail(client, n=5)
    response = client.post(
        reverse("login"), {"username": "officer", "password": GOOD}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_the_api_token_endpoint_is_locked_too(client, cast):
    # The endpoint's own per-address throttle may answer first (429); either way no token is issued.
    from django.core.cache import cache

    cache.clear()
    url = reverse("api:token")
    for _ in range(5):
        client.post(url, {"username": "officer", "password": "sai-mat-khau"})
    response = client.post(url, {"username": "officer", "password": GOOD})
    assert response.status_code in {400, 403, 429}
    assert "token" not in response.json()
    assert AccessAttempt.objects.filter(username="officer").exists()
