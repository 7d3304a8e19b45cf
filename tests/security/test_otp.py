"""The second factor: required for leadership, data protection officers and administrators, optional for everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.audit.models import AuditEvent
from tests.security.conftest import login_verified, totp_device, totp_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_enforced")]


@pytest.mark.parametrize("who", ["leader", "province_leader", "admin"])
def test_leaders_and_admins_without_a_device_must_enrol_before_any_page(client, cast, who):
    client.force_login(getattr(cast, who))
    for url in [reverse("home"), reverse("unit_tree"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("security:otp_setup"))


def test_a_bch_member_must_also_use_the_second_factor(client, cast):
    from casework.org.models import Role
    from tests.factories import UserFactory

    member = UserFactory(roles=[(Role.BCH_MEMBER, cast.sector)])
    client.force_login(member)
    assert client.get(reverse("home")).url.startswith(reverse("security:otp_setup"))


@pytest.mark.parametrize("who", ["officer", "intake", "inspector", "chair", "auditor", "subject_rep", "outsider"])
def test_other_roles_are_not_asked(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_shows_secret_uri_and_qr_then_a_valid_token_confirms_it(client, cast):
    client.force_login(cast.leader)
    page = client.get(reverse("security:otp_setup") + "?next=/units/")
    assert page.status_code == 200
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=cast.leader, confirmed=False)
    assert page.context["otpauth_uri"].startswith("otpauth://totp/")
    assert page.context["secret"] in body
    assert "<svg" in body
    # A wrong token keeps it unconfirmed, with a message naming the field.
    bad = client.post(reverse("security:otp_setup"), {"token": "000000", "next": "/units/"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["token"]
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1  # wrong tokens slow further attempts down
    device.throttle_reset()
    response = client.post(reverse("security:otp_setup"), {"token": totp_token(device), "next": "/units/"})
    assert response.status_code == 302
    assert response.url == "/units/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="account.otp_enrol", target_id=str(cast.leader.pk)).exists()


def test_a_leader_with_a_device_passes_only_with_a_valid_token(client, cast):
    device = totp_device(cast.leader)
    client.force_login(cast.leader)
    response = client.get(reverse("unit_tree"))
    assert response.url.startswith(reverse("security:otp_verify"))
    # Enrolling again is refused: a stolen password must not replace the real device.
    assert client.get(reverse("security:otp_setup")).url.startswith(reverse("security:otp_verify"))
    bad = client.post(reverse("security:otp_verify"), {"token": "12345", "next": "/units/"})
    assert "token" in bad.context["form"].errors
    wrong = totp_token(device, offset_steps=10)
    bad = client.post(reverse("security:otp_verify"), {"token": wrong, "next": "/units/"})
    assert bad.status_code == 200
    assert "token" in bad.context["form"].errors
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1  # wrong tokens throttle the device; reset for the real one
    device.throttle_reset()
    ok = client.post(reverse("security:otp_verify"), {"token": totp_token(device), "next": "/units/"})
    assert ok.status_code == 302
    assert ok.url == "/units/"
    assert client.get(reverse("unit_tree")).status_code == 200
    assert AuditEvent.objects.filter(action="account.otp_verify").count() == 1
    assert AuditEvent.objects.filter(action="account.otp_failed").count() == 1


def test_next_cannot_send_the_user_to_another_site(client, cast):
    device = totp_device(cast.leader)
    client.force_login(cast.leader)
    response = client.post(reverse("security:otp_verify"), {"token": totp_token(device), "next": "https://evil.test/"})
    assert response.url == "/"


def test_a_user_who_opted_in_is_asked_too(client, cast):
    totp_device(cast.officer)
    client.force_login(cast.officer)
    assert client.get(reverse("home")).url.startswith(reverse("security:otp_verify"))


def test_any_user_may_opt_in(client, cast):
    client.force_login(cast.officer)
    page = client.get(reverse("security:otp_setup"))
    assert page.status_code == 200
    assert page.context["required"] is False


def test_the_api_answers_403_json_until_verified(client, cast):
    client.force_login(cast.leader)
    response = client.get("/api/")
    assert response.status_code == 403
    assert response.json()["code"] == "otp_required"


def test_a_verified_session_reaches_pages(client, cast):
    login_verified(client, cast.admin)
    assert client.get(reverse("home")).status_code == 200


def test_logout_and_static_stay_reachable(client, cast):
    client.force_login(cast.leader)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_a_full_password_then_token_login(client, cast):
    device = totp_device(cast.leader)
    response = client.post(reverse("login"), {"username": "leader", "password": "pw-Casework-1", "next": "/units/"})
    assert response.status_code == 302
    follow = client.get(response.url)
    assert follow.url.startswith(reverse("security:otp_verify"))
    done = client.post(reverse("security:otp_verify"), {"token": totp_token(device), "next": "/units/"})
    assert done.url == "/units/"
    assert client.get("/units/").status_code == 200


def test_the_gate_reads_the_device_with_the_user_and_sees_one_confirmed_since_the_last_page(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.officer)
    assert client.get(reverse("unit_tree")).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("unit_tree")).status_code == 200
    device_reads = [q["sql"] for q in ctx.captured_queries if "otp_totp_totpdevice" in q["sql"]]
    assert len(device_reads) == 1 and '"org_user"' in device_reads[0]  # in the user's own query
    totp_device(cast.officer)  # confirmed elsewhere (say by an administrator) after this session began
    response = client.get(reverse("unit_tree"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("security:otp_verify"))


def test_a_data_protection_officer_must_use_the_second_factor_like_the_administrator(client, cast, api_as):
    """They read the requesters' sealed particulars: no page, no request and no API call on a password alone."""
    from casework.org.models import Role
    from casework.security.otp_policy import otp_required_for
    from tests.factories import UserFactory

    officer = UserFactory(roles=[(Role.DATA_PROTECTION, cast.sector)])
    assert otp_required_for(officer)
    client.force_login(officer)
    for url in (reverse("home"), "/privacy/requests/"):
        assert client.get(url).url.startswith(reverse("security:otp_setup")), url
    refused = api_as(officer).get("/api/subject-requests/")  # a token is no second factor
    assert refused.status_code == 401 and "xác thực hai lớp" in refused.json()["detail"]
    login_verified(client, officer)
    assert client.get("/privacy/requests/").status_code == 200


def test_the_demo_data_protection_officer_enrols_at_the_first_sign_in_then_reaches_the_requests(client):
    """As every demo account that must use it (README: demo accounts): password, the enrolment page with the
    secret, a code from it, then the register of requests."""
    from casework.org.demo import load_demo_org
    from casework.privacy.demo import load_demo_subject_requests

    # The loaders of `load_demo` that make the officer's account and the requests (the others touch neither).
    load_demo_org()
    load_demo_subject_requests()
    response = client.post(
        reverse("login"), {"username": "baove", "password": "Casework@2026", "next": "/privacy/requests/"}
    )
    assert response.status_code == 302
    setup = client.get(response.url, follow=True)
    assert setup.request["PATH_INFO"] == reverse("security:otp_setup")
    device = TOTPDevice.objects.get(user__username="baove", confirmed=False)
    done = client.post(reverse("security:otp_setup"), {"token": totp_token(device), "next": "/privacy/requests/"})
    assert done.url == "/privacy/requests/"
    page = client.get("/privacy/requests/")
    assert page.status_code == 200 and "YCDL-" in page.content.decode()
