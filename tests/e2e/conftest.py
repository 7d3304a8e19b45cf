"""Browser journeys: one Debian Chromium per test session, driven by Playwright against live_server.

Never downloads a browser: Chromium comes from the system package (`.ci/run` installs it).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import totp_token

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "pw-Casework-1"  # tests.factories.UserFactory
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread for as long as the browser lives
    # (the rest of the session); ORM calls made meanwhile, here and in later tests on this worker,
    # are ordinary blocking calls, so Django's async guard is told so. Only set once a browser starts.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def otp_on(settings):
    """The second factor is enforced in the journeys, as in production."""
    settings.OTP_ENFORCED = True
    return settings


class Session:
    """One person's browser context, with a screenshot kept for any step that fails."""

    def __init__(
        self,
        browser,
        base_url: str,
        test_name: str,
        who: str,
        viewport: dict | None = None,
        locale: str = "vi-VN",
    ) -> None:
        # The browser's locale (its Accept-Language) does not choose the pages' language: the selector does.
        self.context = browser.new_context(
            base_url=base_url, locale=locale, viewport=viewport or {"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        # Irreversible actions ask first (data-confirm); the person says yes unless told otherwise.
        self.dialogs: list[str] = []
        self.confirm = True
        self.page.on("dialog", self._accept_dialog)
        self.test_name = re.sub(r"[^\w.-]+", "_", test_name)
        self.who = who

    def _accept_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.accept() if self.confirm else dialog.dismiss()

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        try:
            yield
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            slug = re.sub(r"[^\w.-]+", "_", name)
            with contextlib.suppress(Exception):
                self.page.screenshot(path=str(ARTIFACTS / f"{self.test_name}--{self.who}--{slug}.png"), full_page=True)
            raise

    def login(self, user, *, next_url: str = "/") -> None:
        with self.step("login"):
            self.page.goto(f"/login/?next={next_url}")
            self.page.get_by_label("Tên đăng nhập").fill(user.username)
            self.page.get_by_label("Mật khẩu").fill(PASSWORD)
            self.page.get_by_role("button", name="Đăng nhập").click()
            self.page.wait_for_load_state()
        if "/account/otp/verify/" in self.page.url:
            with self.step("otp"):
                device = TOTPDevice.objects.filter(user=user, confirmed=True).get()
                self.page.locator("#id_token").fill(totp_token(device))
                self.page.get_by_role("button", name="Xác nhận").click()
                self.page.wait_for_load_state()
        assert "/login/" not in self.page.url and "/account/otp/" not in self.page.url, self.page.url

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_session(browser, live_server, request):
    """open_session(user) → a logged-in Session; users with a TOTP device pass the second factor."""
    sessions: list[Session] = []

    def _open(user=None, *, who: str = "", viewport: dict | None = None, locale: str = "vi-VN") -> Session:
        session = Session(
            browser, live_server.url, request.node.name, who or getattr(user, "username", "anon"), viewport, locale
        )
        sessions.append(session)
        if user is not None:
            session.login(user)
        return session

    yield _open
    for session in sessions:
        with contextlib.suppress(Exception):
            session.close()


def enrol_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
