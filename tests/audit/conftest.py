"""Fixtures to tamper with the audit table."""

from __future__ import annotations

import pytest

from tests.tampering import Tamper


@pytest.fixture
def tamper() -> Tamper:
    return Tamper()
