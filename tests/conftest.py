"""Shared fixtures: the clock, a three-level unit tree and the fixed cast of personas."""

from __future__ import annotations

import functools
import io

import pytest
from django.db import connection

from core import clock
from tests import builders
from tests.factories import Cast, build_cast
from tests.module_data import FROZEN_AT, MIGRATED_ROWS, built_for_module, database_rows, seed_reference_data


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    """`-n` without another `--dist`: tests/scheduling.py, which keeps a module's shared data built once."""
    if config.getvalue("dist") != "load":
        return None
    from tests.scheduling import ModuleDataScheduling

    return ModuleDataScheduling(config, log)


@pytest.fixture(autouse=True)
def _reset_clock():
    clock.set_now(None)
    yield
    clock.set_now(None)


@pytest.fixture(autouse=True)
def _default_language():
    """A page asked for in English leaves English active in the thread (the language middleware activates,
    nothing deactivates): the next test starts in the default language whatever ran before."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _closed_broker_circuit():
    """The broker circuit is per process: a test that opened it must not skip the next test's publishes."""
    from core.broker import broker_circuit

    broker_circuit.reset()
    yield
    broker_circuit.reset()


@pytest.fixture
def frozen_clock():
    """A clock at a fixed working-day morning (Mon 02/03/2026 09:00 ICT); move it with clock.advance()."""
    clock.set_now(FROZEN_AT)
    return clock


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data (`load_demo`), built once for the module's tests (`built_for_module`) under the clock
    `frozen_clock` sets."""
    from django.core.management import call_command

    with built_for_module(django_db_blocker, lambda: call_command("load_demo", stdout=io.StringIO())):
        yield


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture
def make_case(cast, frozen_clock):
    """make_case(kind=..., **overrides): a case registered through the intake service (tests/builders.py)."""
    return functools.partial(builders.make_case, cast)


def _uses_db(request) -> tuple[bool, bool]:
    """(uses the database, transactionally)."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & names) or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    return bool(marker or {"db", "transactional_db", "live_server"} & names), transactional


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, its rows read once as migrated (`MIGRATED_ROWS`), before any test."""
    with django_db_blocker.unblock():
        MIGRATED_ROWS.update(database_rows())


@pytest.fixture(autouse=True)
def _seeded_policy(request):
    """A transactional test's flush empties every table, data-migration rows included, for the
    tests that follow on the same worker: put the rows the data migrations seed back when they are gone."""
    uses_db, transactional = _uses_db(request)
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    seed_reference_data()
    yield


@pytest.fixture(autouse=True)
def _audit_triggers_for_flush(request):
    """TransactionTestCase empties tables with TRUNCATE, which the audit trigger refuses.

    Triggers are on during each test (so tests see production behaviour) and the truncate
    trigger is switched off only for the flush that follows a transactional test.
    """
    _uses, transactional = _uses_db(request)
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_truncate")


@pytest.fixture
def api_as(db):
    """`api_as(user)`: a DRF client authenticated by the user's token (tests.builders.api_client)."""
    from tests.builders import api_client

    return api_client
