"""Data built once for a module's tests, and the reference rows the data migrations seed."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

from core import clock
from tests.factories import Cast

# The clock `frozen_clock` sets: a working-day morning, Mon 02/03/2026 09:00 ICT.
FROZEN_AT = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


@contextlib.contextmanager
def built_for_module(django_db_blocker, build, *, at: dt.datetime | None = FROZEN_AT):
    """Data `build()` makes once for a module's tests, under the clock at `at` (None: the real clock); yields
    what it returns. Each test reads it in its own savepoint, rolled back after it, as Django's
    TestCase.setUpTestData; the module's end rolls it back. Not for a module with transactional tests
    (their flush would end it)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_reference_data()
            clock.set_now(at)
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        finally:
            clock.set_now(None)
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def seed_reference_data() -> None:
    """The deadline policy and the subject areas the data migrations seed, put back when a flush took them,
    and the process's policy snapshot forgotten."""
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


def fresh_cast(cast: Cast) -> Cast:
    """The module's cast read again from the database, so that an instance one test changes in memory never
    reaches the next."""
    return Cast(
        **{
            f.name: type(getattr(cast, f.name)).objects.get(pk=getattr(cast, f.name).pk)
            for f in dataclasses.fields(cast)
        }
    )
