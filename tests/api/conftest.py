"""API tests: a clean throttle budget for every test (`api_as` is in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    """Throttle counters live in the cache: start every test with a clean budget."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def count_queries():
    """count_queries(client, url) → the number of SQL queries one GET made (asserting a 200 with results)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(client, url: str) -> int:
        client.get(url)  # first call warms per-process caches (content types, token user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.content
        assert response.json()["results"], "constant-query checks need rows on the page"
        return len(ctx.captured_queries)

    return run
