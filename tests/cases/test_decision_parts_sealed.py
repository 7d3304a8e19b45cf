"""The parts of a decision and their drafts are sealed in the audit chain and masked on a denunciation
because decision_parts lists them: a part added there is sealed and masked with no other list to edit
(Luật Tố cáo 2018 Đ.47 khoản 1; Luật Bảo vệ dữ liệu cá nhân 2025 Đ.14 khoản 3)."""

from __future__ import annotations

import subprocess
import sys

from django.db import models

from casework.cases.decision_parts import DRAFT_FIELDS, PART_FIELDS, decision_parts, draft_field
from casework.cases.identity import PERSONAL_AUDIT_FIELDS
from casework.cases.models import Case, Kind
from casework.cases.services.identity import CASE_OFFICER_TEXTS


def test_every_part_and_draft_of_every_kind_is_sealed_and_masked():
    listed = {part.field for kind in Kind.values for part in decision_parts(kind)}
    assert listed == set(PART_FIELDS) and {draft_field(f) for f in listed} == set(DRAFT_FIELDS)
    for field in [*PART_FIELDS, *DRAFT_FIELDS]:
        assert isinstance(Case._meta.get_field(field), models.TextField)
        assert field in PERSONAL_AUDIT_FIELDS and field in CASE_OFFICER_TEXTS


def test_the_case_fields_named_for_a_part_are_all_listed():
    texts = {f.name for f in Case._meta.get_fields() if isinstance(f, models.TextField)}
    drafts = {name for name in texts if name.startswith("proposal_")}
    assert drafts == set(DRAFT_FIELDS)
    assert {name.removeprefix("proposal_") for name in drafts} <= set(PART_FIELDS)


def test_the_audit_seal_list_is_read_before_the_app_registry_is_ready():
    # casework.cases.identity takes the lists from decision_parts, which must read no model at import.
    code = (
        "import casework.cases.identity as i, sys; "
        "assert 'verification_result' in i.PERSONAL_AUDIT_FIELDS; "
        "assert 'casework.cases.models' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"DJANGO_SETTINGS_MODULE": "settings.test"})
