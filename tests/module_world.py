"""Data built once for a module's tests, as Django's TestCase.setUpTestData builds it.

A module fixture opens a transaction, builds, and hands the world to every test; each test runs in a
savepoint inside it (pytest-django's `db`) and rolls back what it wrote, and the transaction is rolled
back after the module. Only for modules without transactional tests. A test re-reads the rows it uses
(`fresh_cast`, `Model.objects.get`): an instance changed in memory by one test never reaches the next.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.db import transaction

from core import clock
from tests.factories import Cast

T = TypeVar("T")

# The frozen_clock fixture's morning (Mon 02/03/2026 09:00 ICT).
FROZEN = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


def module_world(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """Yield what `build` makes, in a transaction rolled back after the module; the clock frozen at
    the frozen_clock fixture's morning while it builds."""
    from tests.module_data import seed_reference_data as seed_policy

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_policy()
            clock.set_now(FROZEN)
            world = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        finally:
            clock.set_now(None)
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh_cast(cast: Cast) -> Cast:
    """The cast's units and people read again from the database."""
    return Cast(
        **{
            f.name: type(getattr(cast, f.name)).objects.get(pk=getattr(cast, f.name).pk)
            for f in dataclasses.fields(cast)
        }
    )
