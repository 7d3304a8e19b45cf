"""On the demo data: a leader's first login enrols the second factor, then sees the leadership work."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.org.models import User
from tests.security.conftest import totp_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Casework@2026"


def test_demo_leader_enrols_totp_on_first_login_then_reaches_the_queue(open_session, otp_on):
    call_command("load_demo", verbosity=0)
    leader = User.objects.get(username="btv")
    session = open_session(who="btv")
    page = session.page
    with session.step("password"):
        page.goto("/login/?next=/escalations/")
        page.get_by_label("Tên đăng nhập").fill("btv")
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").click()
        assert "/account/otp/setup/" in page.url, page.url
    with session.step("enrol"):
        secret = TOTPDevice.objects.get(user=leader, confirmed=False)
        assert page.locator("svg").count() >= 1  # the QR code, inline
        page.locator("#id_token").fill(totp_token(secret))
        with page.expect_navigation():
            page.get_by_role("button", name="Xác nhận và bật").click()
        assert page.url.endswith("/escalations/"), page.url
        assert TOTPDevice.objects.get(user=leader).confirmed
    with session.step("home"):
        page.goto("/")
        assert leader.full_name in page.content()
        assert "/login/" not in page.url and "/account/otp/" not in page.url
