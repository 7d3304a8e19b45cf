"""Every shell page: 200 for an allowed role, a login redirect for anonymous, 403 otherwise."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "unit_tree"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["home", "unit_tree"])
def test_signed_in_user_gets_the_page(client, cast, name):
    client.force_login(cast.officer)
    assert client.get(reverse(name)).status_code == 200


def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_login_with_wrong_password_shows_an_error(client, cast):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_unit_tree_shows_only_the_users_subtree(client, cast):
    client.force_login(cast.officer)
    body = client.get(reverse("unit_tree")).content.decode()
    assert "CĐCS Bệnh viện" in body
    assert "CĐCS Trường học" not in body
    assert "LĐLĐ tỉnh" not in body


def test_audit_search_needs_the_auditor_role(client, cast):
    client.force_login(cast.officer)
    assert client.get(reverse("audit:search")).status_code == 403
    client.force_login(cast.auditor)
    assert client.get(reverse("audit:search")).status_code == 200


def test_404_page_is_in_vietnamese(client, cast, settings):
    settings.DEBUG = False
    client.force_login(cast.officer)
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_403_page_is_in_vietnamese(client, cast):
    client.force_login(cast.officer)
    response = client.get(reverse("audit:search"))
    assert "Không có quyền truy cập" in response.content.decode()


def test_english_is_available(client, cast):
    client.force_login(cast.officer)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("intake", "/cases/", "/audit/"),
        ("auditor", "/audit/", "/escalations/"),
        ("leader", "/escalations/", "/audit/"),
        ("subject_rep", "/inspections/recommendations/", "/cases/"),
    ],
)
def test_the_menu_shows_each_role_its_own_work(client, cast, persona, shown, hidden):
    client.force_login(getattr(cast, persona))
    body = client.get(reverse("unit_tree")).content.decode()
    assert f'href="{shown}"' in body
    assert f'href="{hidden}"' not in body
