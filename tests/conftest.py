"""Shared fixtures: the clock, a three-level unit tree and the fixed cast of personas."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from django.db import connection

from core import clock
from tests import builders
from tests.factories import Cast, build_cast


@pytest.fixture(autouse=True)
def _reset_clock():
    clock.set_now(None)
    yield
    clock.set_now(None)


@pytest.fixture(autouse=True)
def _default_language():
    """A page asked for in English leaves English active in the thread (LocaleMiddleware activates,
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
    clock.set_now(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC))
    return clock


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


@pytest.fixture(autouse=True)
def _seeded_policy(request):
    """A transactional test's flush empties every table, data-migration rows included, for the
    tests that follow on the same worker: put the seeded deadline policy back when it is gone."""
    uses_db, transactional = _uses_db(request)
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from importlib import import_module

    from django.apps import apps

    from workflows.models import PolicyVersion
    from workflows.policy_cache import policy_forget
    from workflows.policy_cache import reset as policy_reset

    if not PolicyVersion.objects.filter(number=1).exists():
        import_module("workflows.migrations.0002_policy_v1").forwards(apps, None)
        import_module("workflows.migrations.0006_inspection_step_policy").forwards(apps, None)
        import_module("workflows.migrations.0008_statutory_rules_and_2026_calendar").forwards(apps, None)
        import_module("workflows.migrations.0012_decision_sending_rules").forwards(apps, None)
        import_module("workflows.migrations.0013_denunciation_conclusion_rules").forwards(apps, None)
        import_module("workflows.migrations.0015_denunciation_decision_sending_rules").forwards(apps, None)
        import_module("workflows.migrations.0017_complaint_decision_sending_rules").forwards(apps, None)
        import_module("workflows.migrations.0018_expertise_conclusion_rules").forwards(apps, None)
        # Luật Khiếu nại 2011 Đ.41 khoản 1: the second-round decision is sent within 07 (calendar) days.
        import_module("workflows.migrations.0020_second_round_decision_sent_in_days").forwards(apps, None)
        import_module("workflows.migrations.0022_supervision_report_rule").forwards(apps, None)
        # Nghị định 124/2020/NĐ-CP Đ.16 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10): a complaint is
        # accepted within 07 working days, in a version in force from 01/07/2026.
        import_module("workflows.migrations.0023_complaint_acceptance_in_working_days").forwards(apps, None)
        # Nghị định 154/2026/NĐ-CP Đ.4 khoản 3: a refusal to receive notified in writing within 03 working days.
        import_module("workflows.migrations.0025_reception_refusal_notice_rule").forwards(apps, None)
        # Nghị định 356/2025/NĐ-CP: a data subject's request acknowledged in 02 working days, then answered.
        import_module("workflows.migrations.0027_subject_request_rules").forwards(apps, None)
        # Điều 5: longer when a processor or a third party must act too.
        import_module("workflows.migrations.0029_subject_request_third_party_rules").forwards(apps, None)
        # and the one extension's most days, as policy too.
        import_module("workflows.migrations.0030_subject_request_extension_rules").forwards(apps, None)
        import_module("casework.inspections.migrations.0015_explanation_due_on").forwards(apps, None)
    from casework.areas.models import SubjectArea

    if not SubjectArea.objects.exists():
        import_module("casework.areas.migrations.0002_seed_subject_areas").seed(apps, None)
        import_module("casework.areas.migrations.0003_area_names_in_english").name_seeded_areas(apps, None)
    # The process's policy snapshot may hold rows of an earlier test that were rolled back, and an
    # earlier test's policy edit may have left this thread "editing" (its on-commit never ran).
    policy_reset()
    policy_forget()
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
