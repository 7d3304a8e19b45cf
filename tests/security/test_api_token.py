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


def test_the_one_query_lookup_refuses_exactly_whom_the_rule_binds(client, cast, frozen_clock):
    """The token lookup reads the roles and devices in its own query (casework/security/api_auth.py):
    it must refuse exactly the users `otp_required_for`/`otp_has_device` bind, today."""
    import datetime as dt

    from casework.org.models import Role, RoleAssignment
    from casework.security.otp_policy import otp_has_device, otp_required_for
    from tests.factories import UserFactory

    today = frozen_clock.today()
    ended = UserFactory(username="ended", roles=[(Role.CASE_OFFICER, cast.hospital)])
    RoleAssignment.objects.create(
        user=ended, unit=cast.sector, role=Role.BTV_MEMBER, valid_from=dt.date(2020, 1, 1), valid_to=today
    )
    starts = UserFactory(username="starts", roles=[(Role.CASE_OFFICER, cast.hospital)])
    RoleAssignment.objects.create(
        user=starts, unit=cast.sector, role=Role.BCH_MEMBER, valid_from=today + dt.timedelta(days=1)
    )
    unconfirmed = UserFactory(username="unconfirmed", roles=[(Role.CASE_OFFICER, cast.hospital)])
    totp_device(unconfirmed, confirmed=False)
    opted_in = UserFactory(username="optedin", roles=[(Role.CASE_OFFICER, cast.hospital)])
    totp_device(opted_in)
    staff = UserFactory(username="staffonly", roles=[(Role.CASE_OFFICER, cast.hospital)], is_staff=True)
    # No role today: the lookup that reads the roles finds no row and reads the token alone.
    roleless = UserFactory(username="roleless")
    roleless_device = UserFactory(username="rolelessdevice")
    totp_device(roleless_device)
    roleless_staff = UserFactory(username="rolelessstaff", is_staff=True)
    people = [cast.officer, cast.intake, cast.leader, cast.admin, ended, starts, unconfirmed, opted_in, staff]
    people += [roleless, roleless_device, roleless_staff]

    def refused_now() -> dict[str, bool]:
        return {u.username: _get(client, u).status_code != 200 for u in people}

    def rule_now() -> dict[str, bool]:
        return {u.username: otp_required_for(u) or otp_has_device(u) for u in people}

    assert refused_now() == rule_now()
    assert refused_now() == {
        "officer": False, "intake": False, "leader": True, "admin": True, "ended": True, "starts": False,
        "unconfirmed": False, "optedin": True, "staffonly": True,
        "roleless": False, "rolelessdevice": True, "rolelessstaff": True,
    }  # fmt: skip
    frozen_clock.advance(dt.timedelta(days=1))  # the one role ended, the other began
    assert refused_now() == rule_now()
    assert (refused_now()["ended"], refused_now()["starts"]) == (False, True)


def test_a_token_of_an_inactive_user_is_refused_with_or_without_roles(client, cast):
    from tests.factories import UserFactory

    roleless = UserFactory(username="rolelessgone")
    for user in (cast.officer, roleless):
        user.is_active = False
        user.save()
        response = _get(client, user)
        assert (response.status_code, response.json()["code"]) == (401, "authentication_failed")
