"""API tokens cannot get round the second factor."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from tests.security.conftest import totp_device

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_enforced")]


def _get(client, user, path="/api/units/"):
    token, _ = Token.objects.get_or_create(user=user)
    return client.get(path, headers={"authorization": f"Token {token.key}"})


def test_an_officer_uses_a_token(client, cast):
    assert _get(client, cast.officer).status_code == 200


@pytest.mark.parametrize("who", ["leader", "admin"])
def test_leaders_and_admins_tokens_are_refused(client, cast, who):
    response = _get(client, getattr(cast, who))
    assert response.status_code in {401, 403}
    assert "xác thực hai lớp" in response.json()["detail"]


def test_a_user_who_opted_in_cannot_use_a_token_either(client, cast):
    totp_device(cast.officer)
    assert _get(client, cast.officer).status_code in {401, 403}
