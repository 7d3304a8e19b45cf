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


# The data migrations that seed rows, each with its function that seeds them, in the order `migrate` runs them
# (papers 0002 gives Căn cứ rows to the policy versions there are at that point: version 1 only).
SEEDS = (
    ("casework.areas.migrations.0002_seed_subject_areas", "seed"),
    ("casework.areas.migrations.0003_area_names_in_english", "name_seeded_areas"),
    ("casework.audit.migrations.0006_chain_head", "create_head"),
    ("workflows.migrations.0002_policy_v1", "forwards"),
    ("workflows.migrations.0006_inspection_step_policy", "forwards"),
    ("workflows.migrations.0008_statutory_rules_and_2026_calendar", "forwards"),
    ("workflows.migrations.0012_decision_sending_rules", "forwards"),
    ("workflows.migrations.0013_denunciation_conclusion_rules", "forwards"),
    ("workflows.migrations.0015_denunciation_decision_sending_rules", "forwards"),
    ("casework.papers.migrations.0002_seed", "forwards"),
    ("workflows.migrations.0017_complaint_decision_sending_rules", "forwards"),
    ("workflows.migrations.0018_expertise_conclusion_rules", "forwards"),
    ("casework.inspections.migrations.0015_explanation_due_on", "forwards"),
    ("casework.papers.migrations.0009_template_number_line_and_captions", "forwards"),
    ("casework.papers.migrations.0010_forms_number_line_and_captions", "forwards"),
    ("casework.papers.migrations.0011_dialogue_record_signer_and_note_taker", "forwards"),
    ("casework.papers.migrations.0012_complainant_id_number_line", "forwards"),
    # Bộ luật Dân sự 2015 Đ.588: the register of data subjects' requests is kept 03 years.
    ("casework.privacy.migrations.0006_subject_request_retention_period", "forwards"),
    # Luật Khiếu nại 2011 Đ.41 khoản 1: the second-round decision is sent within 07 (calendar) days.
    ("workflows.migrations.0020_second_round_decision_sent_in_days", "forwards"),
    ("workflows.migrations.0022_supervision_report_rule", "forwards"),
    # Nghị định 124/2020/NĐ-CP Đ.16 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10): a complaint is
    # accepted within 07 working days, in a version in force from 01/07/2026.
    ("workflows.migrations.0023_complaint_acceptance_in_working_days", "forwards"),
    # Nghị định 154/2026/NĐ-CP Đ.4 khoản 3: a refusal to receive notified in writing within 03 working days.
    ("workflows.migrations.0025_reception_refusal_notice_rule", "forwards"),
    # Nghị định 356/2025/NĐ-CP: a data subject's request acknowledged in 02 working days, then answered.
    ("workflows.migrations.0027_subject_request_rules", "forwards"),
    # Điều 5: longer when a processor or a third party must act too.
    ("workflows.migrations.0029_subject_request_third_party_rules", "forwards"),
    # and the one extension's most days, as policy too.
    ("workflows.migrations.0030_subject_request_extension_rules", "forwards"),
    # Luật Tố cáo 2018 Đ.24 khoản 1: the ground of the 10 working days of a denunciation's initial processing.
    ("workflows.migrations.0033_denunciation_processing_extension_ground", "forwards"),
    # Luật Tố cáo 2018 Đ.26 khoản 2: the result told to the body that transferred a denunciation within 20 days.
    ("workflows.migrations.0034_transferred_denunciation_result_notice_rule", "forwards"),
    # Luật Tố cáo 2018 Đ.35 khoản 3: the conclusion's recipients include those concerned.
    ("casework.papers.migrations.0015_conclusion_to_those_concerned", "forwards"),
    # Luật Tố cáo 2018 Đ.40 khoản 1: the conclusion published within 07 working days.
    ("workflows.migrations.0035_conclusion_publication_rule", "forwards"),
    # Luật Khiếu nại 2011 Đ.41 khoản 2, 3: the second-round decision published within 15 days.
    ("workflows.migrations.0037_complaint_decision_publication_rule", "forwards"),
    # The committee's cap on one leadership extension of a flag's clock to open an inspection.
    ("workflows.migrations.0038_flag_extension_rule", "forwards"),
    # The second-round decision's publication rule cites the law and the codified decree text it was checked against.
    ("workflows.migrations.0040_complaint_decision_publication_source", "forwards"),
    # Luật Tố cáo 2018 Đ.40 khoản 1: the discipline decision on a denunciation published within 07 working days.
    ("workflows.migrations.0041_discipline_publication_rule", "forwards"),
)


def seed_reference_data() -> None:
    """The rows the data migrations seed (SEEDS), put back through the migrations' own functions when a
    transactional test's flush took them, and the process's policy snapshot forgotten."""
    from importlib import import_module

    from django.apps import apps

    from workflows.models import PolicyVersion
    from workflows.policy_cache import policy_forget
    from workflows.policy_cache import reset as policy_reset

    if not PolicyVersion.objects.filter(number=1).exists():
        for module, function in SEEDS:
            getattr(import_module(module), function)(apps, None)
    # The process's policy snapshot may hold rows of an earlier test that were rolled back, and an
    # earlier test's policy edit may have left this thread "editing" (its on-commit never ran).
    policy_reset()
    policy_forget()


# The rows of the test database as migrated, read before any test (tests/conftest.py django_db_setup).
MIGRATED_ROWS: dict[str, list[tuple]] = {}


def database_rows() -> dict[str, list[tuple]]:
    """Every model's rows, each as its own values: without its id, its links to other rows and its
    timestamps, which rows seeded again get anew."""
    from django.apps import apps
    from django.db import models

    rows = {}
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not (field.primary_key or field.is_relation or isinstance(field, models.DateTimeField))
        ]
        values = sorted(model.objects.values_list(*fields), key=repr)
        if values:
            rows[model._meta.label] = values
    return rows


def fresh_cast(cast: Cast) -> Cast:
    """The module's cast read again from the database, so that an instance one test changes in memory never
    reaches the next."""
    return Cast(
        **{
            f.name: type(getattr(cast, f.name)).objects.get(pk=getattr(cast, f.name).pk)
            for f in dataclasses.fields(cast)
        }
    )
