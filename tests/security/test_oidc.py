"""Sign-in with the federation's accounts (OpenID Connect) against a provider stub on 127.0.0.1."""

from __future__ import annotations

import urllib.parse

import pytest
import requests
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.security.models import OIDCLink
from tests.security.conftest import totp_device
from tests.security.oidc_provider import CLIENT_ID, OIDCProvider

pytestmark = pytest.mark.django_db

BACKEND = "casework.security.oidc.FederationOIDCBackend"


@pytest.fixture
def provider(settings):
    with OIDCProvider() as op:
        discovery = requests.get(f"{op.issuer}/.well-known/openid-configuration", timeout=5).json()
        settings.OIDC_ENABLED = True
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = "secret"
        settings.OIDC_OP_ISSUER = discovery["issuer"]
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
        settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
        settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
        settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
        yield op


def sign_in(client, provider: OIDCProvider, *, code: str, sub: str, email: str = "", verified: bool = True, **extra):
    """Start at /oidc/authenticate/, let the provider answer for `code`, come back to the callback."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer + "/authorize")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(start["Location"]).query))
    claims = {"sub": sub, "email": email, "email_verified": verified, "nonce": query["nonce"], **extra}
    provider.grant(code, id_claims=claims)
    return client.get(reverse("oidc_authentication_callback"), {"code": code, "state": query["state"]})


def signed_in_as(client):
    response = client.get(reverse("notifications:centre"))
    return response.wsgi_request.user if response.status_code == 200 else None


def test_the_first_sign_in_links_the_account_by_its_verified_email(client, cast, provider):
    response = sign_in(client, provider, code="c1", sub="fed-001", email=cast.officer.email.upper())
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in_as(client) == cast.officer
    link = OIDCLink.objects.get()
    assert (link.user, link.issuer, link.subject) == (cast.officer, provider.issuer, "fed-001")
    assert AuditEvent.objects.filter(action="account.oidc_link", target_id=str(cast.officer.pk)).count() == 1
    assert provider.token_requests[0]["client_secret"] == "secret"


def test_later_sign_ins_follow_the_link_not_the_email(client, cast, provider):
    sign_in(client, provider, code="c1", sub="fed-001", email=cast.officer.email)
    client.logout()
    sign_in(client, provider, code="c2", sub="fed-001", email="renamed@federation.test")
    assert signed_in_as(client) == cast.officer
    assert OIDCLink.objects.count() == 1
    client.logout()
    # Someone else at the provider claiming the officer's e-mail does not get in: the account is linked.
    sign_in(client, provider, code="c3", sub="fed-999", email=cast.officer.email)
    assert signed_in_as(client) is None
    refused = AuditEvent.objects.get(action="account.oidc_refused")
    assert refused.after["reason"] == "account_linked_elsewhere" and cast.officer.email not in refused.canonical


@pytest.mark.parametrize(
    ("email", "verified", "reason"),
    [("officer@example.test", False, "email_not_verified"), ("nobody@federation.test", True, "no_account")],
)
def test_no_verified_match_means_no_sign_in_and_no_account_made(client, cast, provider, email, verified, reason):
    from casework.org.models import User

    users = User.objects.count()
    response = sign_in(client, provider, code="c1", sub="fed-002", email=email, verified=verified)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_as(client) is None
    assert User.objects.count() == users and not OIDCLink.objects.exists()
    assert AuditEvent.objects.get(action="account.oidc_refused").after["reason"] == reason
    page = client.get(reverse("login"))
    assert "Không đăng nhập được bằng tài khoản Liên đoàn" in page.content.decode()


def test_a_disabled_local_account_is_refused_before_and_after_linking(client, cast, provider):
    sign_in(client, provider, code="c1", sub="fed-001", email=cast.officer.email)
    client.logout()
    cast.officer.is_active = False
    cast.officer.save(update_fields=["is_active"])
    sign_in(client, provider, code="c2", sub="fed-001", email=cast.officer.email)
    assert signed_in_as(client) is None
    cast.chair.is_active = False
    cast.chair.save(update_fields=["is_active"])
    sign_in(client, provider, code="c3", sub="fed-003", email=cast.chair.email)
    assert signed_in_as(client) is None
    refusals = AuditEvent.objects.filter(action="account.oidc_refused").order_by("seq")
    assert [event.after["reason"] for event in refusals] == ["account_disabled", "account_disabled"]
    assert OIDCLink.objects.filter(user=cast.chair).count() == 0


def test_a_token_for_another_client_or_from_another_issuer_is_refused(client, cast, provider):
    for code, extra in [("c1", {"aud": "another-app"}), ("c2", {"iss": "https://evil.test"})]:
        response = sign_in(client, provider, code=code, sub="fed-001", email=cast.officer.email, **extra)
        assert response.status_code == 400
        assert signed_in_as(client) is None
    assert not OIDCLink.objects.exists()


def test_a_token_signed_with_another_key_is_refused(client, cast, provider):
    start = client.get(reverse("oidc_authentication_init"))
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(start["Location"]).query))
    with OIDCProvider() as impostor:
        forged = impostor.id_token({"sub": "fed-001", "nonce": query["nonce"], "iss": provider.issuer})
    provider.grant("c1", id_claims={"_raw_id_token": forged, "sub": "fed-001"}, userinfo={"sub": "fed-001"})
    response = client.get(reverse("oidc_authentication_callback"), {"code": "c1", "state": query["state"]})
    assert response.status_code == 400 and signed_in_as(client) is None


def test_local_accounts_keep_signing_in_with_a_password(client, cast, provider):
    response = client.post(reverse("login"), {"username": "officer", "password": "pw-Casework-1"})
    assert response.status_code == 302
    assert signed_in_as(client) == cast.officer
    assert "Đăng nhập bằng tài khoản Liên đoàn" in client.get(reverse("login")).content.decode()


def test_leaders_still_pass_totp_unless_the_provider_asserts_a_second_factor(client, cast, provider, settings):
    settings.OTP_ENFORCED = True
    totp_device(cast.leader)
    sign_in(client, provider, code="c1", sub="fed-010", email=cast.leader.email, amr=["pwd"])
    gated = client.get(reverse("notifications:centre"))
    assert gated.status_code == 302 and reverse("security:otp_verify") in gated["Location"]
    client.logout()
    sign_in(client, provider, code="c2", sub="fed-010", email=cast.leader.email, amr=["pwd", "otp"])
    assert signed_in_as(client) == cast.leader
    assert AuditEvent.objects.filter(action="account.oidc_second_factor", target_id=str(cast.leader.pk)).count() == 1


def test_an_acr_the_deployment_names_counts_as_a_second_factor(client, cast, provider, settings):
    settings.OTP_ENFORCED = True
    settings.OIDC_MFA_ACR = ["urn:federation:loa:high"]
    sign_in(client, provider, code="c1", sub="fed-011", email=cast.leader.email, acr="urn:federation:loa:high")
    assert signed_in_as(client) == cast.leader


def test_without_configuration_the_federation_routes_answer_404(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404
    assert "Đăng nhập bằng tài khoản Liên đoàn" not in client.get(reverse("login")).content.decode()
