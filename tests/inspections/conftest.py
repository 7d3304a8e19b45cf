"""A flag raised in the hospital; inspections are walked forward by tests/builders.py."""

from __future__ import annotations

import pytest

from tests.builders import raise_flag


@pytest.fixture
def flag(cast, frozen_clock):
    return raise_flag(cast)
