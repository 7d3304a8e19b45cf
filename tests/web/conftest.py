"""The demo data the page walks read (tests/web/page_walk.py)."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture
def demo(demo_data, db, frozen_clock, settings):
    """The module's demo data (`demo_data`, loaded once), read by a test that rolls back what it writes."""
    settings.OTP_ENFORCED = False
    yield
    translation.deactivate()  # a walk in English leaves English active in this thread
