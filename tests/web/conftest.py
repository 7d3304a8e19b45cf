"""The demo data the page walks read (tests/web/page_walk.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture
def demo(frozen_clock, settings):
    settings.OTP_ENFORCED = False
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield
    translation.deactivate()  # a walk in English leaves English active in this thread
