import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Casework-1"


def test_a_successful_login_is_audited(cast, client):
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="auth.login").latest("seq")
    assert event.actor == cast.officer
    assert (event.target_type, event.target_id) == ("org.user", str(cast.officer.pk))
    assert event.unit == cast.sector, "the officer's unit, so the sector's auditors can read it"
    assert event.meta["ip"] == "10.1.2.3"


def test_a_failed_login_records_the_username_and_never_the_password(cast, client):
    secret = "Wrong-Secret-987"
    response = client.post(reverse("login"), {"username": "officer", "password": secret})
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="auth.login_failed").latest("seq")
    assert event.actor is None
    assert event.after == {"username": "officer"}
    assert event.unit == cast.sector
    assert event.actor_label == "Người chưa đăng nhập"
    everything = str(list(AuditEvent.objects.values_list("before", "after", "meta", "reason")))
    assert secret not in everything


def test_a_failed_login_for_an_unknown_name_is_audited_without_a_unit(cast, client):
    client.post(reverse("login"), {"username": "nobody-here", "password": "x"})
    event = AuditEvent.objects.filter(action="auth.login_failed").latest("seq")
    assert (event.target_type, event.target_id, event.unit) == ("auth.username", "nobody-here", None)


def test_a_logout_is_audited(cast, client):
    client.force_login(cast.auditor)
    client.post(reverse("logout"))
    event = AuditEvent.objects.filter(action="auth.logout").latest("seq")
    assert event.actor == cast.auditor


def test_a_role_change_is_audited(cast):
    import datetime as dt

    from casework.org.models import Role
    from casework.org.services import role_assign

    role_assign(
        user=cast.outsider, unit=cast.clinic, role=Role.AUDITOR, valid_from=dt.date(2026, 1, 1), actor=cast.admin
    )
    event = AuditEvent.objects.filter(action="role.assign").latest("seq")
    assert event.after["user"] == "outsider"
    assert event.unit == cast.clinic
