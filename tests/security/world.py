"""Data built once for a whole module of the walks (as Django's TestCase.setUpTestData builds it).

`built_once` opens a transaction around the module: what is built inside it is seen by every test,
each test runs in a savepoint of it (pytest-django's `db`) and rolls back what it writes, and the
module's data is rolled back after its last test. Not for modules with transactional tests.
Tests read the module's objects afresh from the database (`fresh_cast`), so an object one test
changes in memory never reaches the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from django.db import transaction

from core import clock
from tests.factories import Cast
from tests.module_data import seed_reference_data as seed_policy

# The frozen clock of tests/conftest.py (Mon 02/03/2026 09:00 ICT): the module's data is built at it.
FROZEN_AT = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


@contextmanager
def built_once(django_db_blocker: Any) -> Iterator[None]:
    """Build inside the block at the frozen clock; the block's data lives until the module ends."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_policy()
            clock.set_now(FROZEN_AT)
            try:
                yield
            finally:
                clock.set_now(None)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh_cast(cast: Cast) -> Cast:
    """The same cast read again from the database."""
    return Cast(**{f.name: type(obj).objects.get(pk=obj.pk) for f in fields(cast) for obj in [getattr(cast, f.name)]})
