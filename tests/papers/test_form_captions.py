"""The number line and the signature captions are the template's data: the decree's forms print theirs,
an administrator may change them as any field, and the data migration brings only templates still as
shipped to their form."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from casework.audit.models import AuditEvent
from casework.papers.models import Paper
from casework.papers.services import TEMPLATE_FIELDS, paper_issue, template_current, template_save
from tests.builders import accepted
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

FORMS = import_module("casework.papers.migrations.0010_forms_number_line_and_captions")


def _as_printed_before(key: str) -> None:
    """The newest version as the installation had it before the form's captions: "(Chữ ký, dấu)"."""
    version = template_current(key=key)
    version.signer_caption, version.number_line = "(Chữ ký, dấu)", True
    version.save(update_fields=["signer_caption", "number_line"])


def test_a_shipped_template_no_paper_used_is_brought_to_its_form_as_it_stands(cast, frozen_clock):
    _as_printed_before("case.refuse")
    before = template_current(key="case.refuse")
    FORMS.forwards(apps, None)
    after = template_current(key="case.refuse")
    assert (after.pk, after.number, after.signer_caption) == (before.pk, before.number, "(Ký, đóng dấu)")


def test_a_shipped_template_that_printed_papers_gets_its_form_as_a_new_version(cast, frozen_clock):
    _as_printed_before("case.accept")
    old = template_current(key="case.accept")
    old.place = "Hà Nội"
    old.save(update_fields=["place"])
    issued = paper_issue(target=accepted(cast), key="case.accept", actor=cast.chair)
    FORMS.forwards(apps, None)
    new = template_current(key="case.accept")
    assert new.number == old.number + 1
    assert (new.signer_caption, new.place, new.body) == ("(Ký, ghi rõ họ tên, đóng dấu)", "Hà Nội", old.body)
    event = AuditEvent.objects.get(action="paper.template_save", target_id=str(new.pk))
    assert event.after["signer_caption"] == "(Ký, ghi rõ họ tên, đóng dấu)"
    issued.refresh_from_db()
    assert issued.template_version == old and "(Chữ ký, dấu)" in pdf_text(issued.pdf.read())
    FORMS.forwards(apps, None)  # run again: nothing more
    assert template_current(key="case.accept") == new


def test_a_template_an_administrator_rewrote_keeps_its_captions(cast, frozen_clock):
    _as_printed_before("reception.refusal")
    shipped = template_current(key="reception.refusal")
    data = {f: getattr(shipped, f) for f in TEMPLATE_FIELDS}
    edited = template_save(key="reception.refusal", actor=cast.admin, data={**data, "body": data["body"] + " Sửa."})
    FORMS.forwards(apps, None)
    assert template_current(key="reception.refusal") == edited
    assert edited.signer_caption == "(Chữ ký, dấu)"


def test_the_number_line_and_captions_are_edited_as_any_field_of_the_template(cast, frozen_clock):
    receipt = template_current(key="reception.receipt")
    assert receipt.number_line is False
    data = {f: getattr(receipt, f) for f in TEMPLATE_FIELDS}
    # Omitted, the number line stays as it was; posted, it changes.
    same_line = template_save(
        key="reception.receipt", actor=cast.admin, data={**data, "signer_caption": "(Ký, ghi rõ họ tên)"}
    )
    assert same_line.number_line is False and same_line.signer_caption == "(Ký, ghi rõ họ tên)"
    with_line = template_save(key="reception.receipt", actor=cast.admin, data={**data, "number_line": "1"})
    assert with_line.number_line is True
    event = AuditEvent.objects.filter(action="paper.template_save").latest("pk")
    assert event.after["number_line"] is True


def test_the_template_page_saves_the_number_line_and_captions(client, cast, frozen_clock):
    current = template_current(key="case.refuse")
    client.force_login(cast.admin)
    data = {f: getattr(current, f) for f in TEMPLATE_FIELDS}
    response = client.post(
        "/papers/templates/case.refuse/",
        {**data, "number_line": "0", "countersign_caption": "x" * 129, "action": "save"},
    )
    assert response.status_code == 400 and template_current(key="case.refuse") == current
    response = client.post(
        "/papers/templates/case.refuse/",
        {**data, "number_line": "0", "signer_caption": "(Ký tên, đóng dấu)", "action": "save"},
    )
    assert response.status_code == 302
    saved = template_current(key="case.refuse")
    assert (saved.number_line, saved.signer_caption) == (False, "(Ký tên, đóng dấu)")
    paper = paper_issue(target=_refused_complaint(cast), key="case.refuse", actor=cast.chair)
    text = pdf_text(paper.pdf.read())
    assert "(Ký tên, đóng dấu)" in text and "Số:" not in text
    assert Paper.objects.filter(pk=paper.pk, number=paper.number).exists()  # numbered in the register all the same


def _refused_complaint(cast):
    from casework.cases.services import case_refuse
    from tests.builders import intake

    case = intake(cast.intake, cast.sector, title="Đơn khiếu nại quá hạn")
    return case_refuse(subject_area="khac", case=case, actor=cast.intake, ground="expired")
