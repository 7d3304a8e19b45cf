"""Case tests start from an empty cache; cases are built by tests/builders.py (the make_case fixture)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()
