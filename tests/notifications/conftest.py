"""Fake SMS and Zalo providers on 127.0.0.1, wired into the settings."""

from __future__ import annotations

import pytest

from tests.notifications.fake_provider import ProviderServer


@pytest.fixture
def sms_provider(settings):
    with ProviderServer("sms") as provider:
        settings.SMS_API_URL = provider.url
        settings.SMS_API_TOKEN = "sms-test-token"
        settings.SMS_TIMEOUT = 0.5
        yield provider


@pytest.fixture
def zalo_provider(settings):
    with ProviderServer("zalo") as provider:
        settings.ZALO_OA_API_URL = provider.url
        settings.ZALO_OA_ACCESS_TOKEN = "zalo-test-token"
        settings.ZALO_TIMEOUT = 0.5
        yield provider
