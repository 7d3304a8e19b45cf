"""The biên bản đối thoại signs and names its note-taker as Mẫu số 14 (Nghị định 155/2026/NĐ-CP) does; the
data migration brings only the template still as shipped to the form."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from casework.audit.models import AuditEvent
from casework.papers.services import TEMPLATE_FIELDS, paper_issue, template_current, template_save
from tests.builders import dialogued
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

FORM = import_module("casework.papers.migrations.0011_dialogue_record_signer_and_note_taker")
KEY = "case.dialogue_record"


def _as_shipped_before() -> None:
    """The newest version as the installation had it before: the chair's block, the note-taker's blank line."""
    version = template_current(key=KEY)
    version.signer_title = "NGƯỜI CHỦ TRÌ ĐỐI THOẠI"
    version.body = version.body.replace(FORM.NOTE_TAKER, FORM.NOTE_TAKER_BLANK)
    version.save(update_fields=["signer_title", "body"])


def _dialogued(cast):
    from casework.cases.services import case_start_verification
    from tests.builders import assigned

    return dialogued(case_start_verification(case=assigned(cast), actor=cast.officer), cast.officer)


def test_the_shipped_template_prints_the_form_s_signer_and_note_taker_line():
    version = template_current(key=KEY)
    assert version.signer_title == FORM.SIGNER_TITLE
    assert FORM.NOTE_TAKER in version.body and FORM.NOTE_TAKER_BLANK not in version.body


def test_the_shipped_template_as_seeded_gets_the_form_s_caption_0010_passed_over(cast, frozen_clock):
    version = template_current(key=KEY)
    version.signer_caption = "(Chữ ký, dấu)"  # as papers 0009 left it
    version.save(update_fields=["signer_caption"])
    FORM.forwards(apps, None)
    after = template_current(key=KEY)
    assert (after.pk, after.signer_caption, after.signer_title) == (version.pk, FORM.SIGNER_CAPTION, FORM.SIGNER_TITLE)


def test_a_shipped_template_no_paper_used_is_brought_to_the_form_as_it_stands(cast, frozen_clock):
    _as_shipped_before()
    before = template_current(key=KEY)
    FORM.forwards(apps, None)
    after = template_current(key=KEY)
    assert (after.pk, after.number, after.signer_title) == (before.pk, before.number, FORM.SIGNER_TITLE)
    assert FORM.NOTE_TAKER in after.body


def test_a_shipped_template_that_printed_papers_gets_the_form_as_a_new_audited_version(cast, frozen_clock):
    _as_shipped_before()
    old = template_current(key=KEY)
    issued = paper_issue(target=_dialogued(cast), key=KEY, actor=cast.officer)
    FORM.forwards(apps, None)
    new = template_current(key=KEY)
    assert new.number == old.number + 1
    assert (new.signer_title, new.signer_caption, new.place) == (FORM.SIGNER_TITLE, old.signer_caption, old.place)
    assert new.body == old.body.replace(FORM.NOTE_TAKER_BLANK, FORM.NOTE_TAKER)
    event = AuditEvent.objects.get(action="paper.template_save", target_id=str(new.pk))
    assert event.after["signer_title"] == FORM.SIGNER_TITLE
    issued.refresh_from_db()
    assert issued.template_version == old and "NGƯỜI CHỦ TRÌ ĐỐI THOẠI" in pdf_text(issued.pdf.read())
    FORM.forwards(apps, None)  # run again: nothing more
    assert template_current(key=KEY) == new


def test_a_template_an_administrator_rewrote_keeps_its_signer(cast, frozen_clock):
    _as_shipped_before()
    shipped = template_current(key=KEY)
    data = {f: getattr(shipped, f) for f in TEMPLATE_FIELDS}
    edited = template_save(key=KEY, actor=cast.admin, data={**data, "body": data["body"] + " Sửa."})
    FORM.forwards(apps, None)
    assert template_current(key=KEY) == edited
    assert edited.signer_title == "NGƯỜI CHỦ TRÌ ĐỐI THOẠI"
