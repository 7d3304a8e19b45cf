"""A reception session of the health-sector union on a working-day morning, received by its leader and chair."""

from __future__ import annotations

import pytest

from tests.builders import make_session, make_visit


@pytest.fixture
def session(cast, frozen_clock):
    return make_session(cast)


@pytest.fixture
def visit(cast, session):
    return make_visit(cast, session)
