"""The complainant's identity paper number on the forms with a line for it, Mẫu số 03 (thông báo thụ lý) and
Mẫu số 14 mục I.3 (biên bản đối thoại) of Nghị định 124/2020/NĐ-CP thay thế bởi Nghị định 155/2026/NĐ-CP Đ.20:
printed on the paper issued, which is sent to the complainant; sealed in the register's values, its texts and
the trail; on a draft, a file or a copy, "(đã niêm phong)" for a reader the identity rule does not let see it
(cases.permissions.can_reveal_identity); dots to write in when the case keeps none; nothing on a denunciation."""

from __future__ import annotations

import io
import json
import zipfile
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.services import case_start_verification
from casework.papers.context import ID_SEALED
from casework.papers.models import Paper
from casework.papers.services import TEMPLATE_FIELDS, paper_issue, template_current, template_save
from tests.builders import DIALOGUE_LEAD, accepted, assigned, dialogued, submitter
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

TYPED = "0341 9000 1234"
DIGITS = "034190001234"
DOTTED_ISSUE = "ngày cấp: ……, nơi cấp: ……"
ID_LINE = import_module("casework.papers.migrations.0012_complainant_id_number_line")


def _flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def _holds_number(text: str) -> bool:
    return TYPED in text or DIGITS in text.replace(" ", "")


def _case(cast):
    """Accepted, assigned to the cast's officer (who may see the identity), the number sealed at intake."""
    return assigned(cast, submitters=[submitter(id_number=TYPED)])


def _raw_paper_row(paper: Paper) -> str:
    """The paper's row as the database holds it, every column."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Paper._meta.db_table} WHERE id = %s", [paper.pk])
        return " ".join(str(value) for value in cursor.fetchone())


def _raw_trail() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuditEvent._meta.db_table}")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_the_issued_notice_prints_the_number_and_the_register_and_trail_keep_it_sealed(cast, frozen_clock):
    paper = paper_issue(target=_case(cast), key="case.accept", actor=cast.chair)
    text = _flat(paper.pdf.read())
    assert f"Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu: {TYPED}, {DOTTED_ISSUE}" in text
    row = _raw_paper_row(paper)
    assert not _holds_number(row) and (ID_SEALED in row or json.dumps(ID_SEALED)[1:-1] in row)  # as JSON text
    assert paper.values["submitter_id_number"] == ID_SEALED
    assert not _holds_number(_raw_trail())


def test_a_draft_prints_the_number_only_for_whom_the_identity_rule_allows(cast, frozen_clock, client):
    case = dialogued(case_start_verification(case=_case(cast), actor=cast.officer), cast.officer)
    url = f"/reports/documents/case/{case.pk}/dialogue.pdf"
    for user, sees in ((cast.officer, True), (cast.auditor, False), (cast.officer2, False)):
        client.force_login(user)
        answer = client.get(url)
        assert answer.status_code == 200, user.username
        text = _flat(answer.content)
        assert _holds_number(text) is sees, user.username
        assert (ID_SEALED in text) is not sees, user.username
        assert "3. Người khiếu nại" in text and DOTTED_ISSUE in text


def test_the_issued_paper_s_files_and_copies_for_a_reader_who_may_not_reveal(cast, frozen_clock, client):
    case = _case(cast)
    paper = paper_issue(target=case, key="case.accept", actor=cast.chair)
    Paper.objects.filter(pk=paper.pk).update(signed_pdf=paper.pdf.name, signature=Paper.Signature.PAPER)
    notice = f"/reports/documents/case/{case.pk}/accept.pdf"
    client.force_login(cast.officer)
    assert _holds_number(_flat(client.get(f"/papers/{paper.pk}/unsigned.pdf").content))
    assert _holds_number(_flat(client.get(f"/papers/{paper.pk}/signed.pdf").content))
    assert _holds_number(_flat(client.get(notice).content))
    assert 'id="number-sealed"' not in client.get(f"/papers/{paper.pk}/").content.decode()
    client.force_login(cast.auditor)
    for url in (f"/papers/{paper.pk}/unsigned.pdf", notice):
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = _flat(answer.content)
        assert not _holds_number(text) and f"hộ chiếu: {ID_SEALED}, {DOTTED_ISSUE}" in text, url
        assert f"Số: {paper.symbol}" in text  # the register's paper, typeset again
    assert client.get(f"/papers/{paper.pk}/signed.pdf").status_code == 403
    page = client.get(f"/papers/{paper.pk}/").content.decode()
    assert 'id="number-sealed"' in page and f"/papers/{paper.pk}/signed.pdf" not in page


def test_the_api_and_the_register_s_export_never_carry_it_to_a_reader_who_may_not_reveal(
    cast, frozen_clock, client, api_as
):
    case = _case(cast)
    paper_issue(target=case, key="case.accept", actor=cast.chair)
    for path in (f"/api/cases/{case.pk}/", "/api/cases/", "/api/audit-events/"):
        answer = api_as(cast.auditor).get(path)
        assert answer.status_code in (200, 404), path
        assert not _holds_number(answer.content.decode()), path
    client.force_login(cast.auditor)
    export = client.get("/papers/register.xlsx", {"year": 2026})
    assert export.status_code == 200
    with zipfile.ZipFile(io.BytesIO(export.content)) as book:
        cells = " ".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    assert case.reference in cells and not _holds_number(cells)


def test_a_case_without_a_number_keeps_the_dotted_line(cast, frozen_clock):
    paper = paper_issue(target=accepted(cast), key="case.accept", actor=cast.chair)
    assert paper.values["submitter_id_number"] == "……"
    assert f"hộ chiếu: ……, {DOTTED_ISSUE}" in _flat(paper.pdf.read())


def test_several_complainants_are_printed_each_with_their_number_or_dots(cast, frozen_clock):
    people = [submitter(id_number=TYPED, is_representative=True), submitter(full_name="Lê Thị Hai", phone="0912000111")]
    paper = paper_issue(target=assigned(cast, submitters=people), key="case.accept", actor=cast.chair)
    assert f"Nguyễn Văn Gửi: {TYPED}; Lê Thị Hai: ……" in _flat(paper.pdf.read())
    assert paper.values["submitter_id_number"] == f"Nguyễn Văn Gửi: {ID_SEALED}; Lê Thị Hai: ……"


def test_a_denunciation_s_papers_print_no_identity_paper_number(cast, frozen_clock):
    case = accepted(cast, kind=Kind.DENUNCIATION, submitters=[submitter(id_number=TYPED)])
    paper = paper_issue(target=case, key="case.accept", actor=cast.chair)
    text = _flat(paper.pdf.read())
    assert "Số căn cước" not in text and not _holds_number(text)
    assert paper.values["submitter_id_number"] == "……"


def _dotted(key: str):
    version = template_current(key=key)
    version.body = version.body.replace(ID_LINE.FILLED, ID_LINE.DOTTED)
    version.save(update_fields=["body"])
    return version


def test_the_migration_fills_the_line_in_place_or_as_a_new_version_and_leaves_a_rewritten_line(cast, frozen_clock):
    unused = _dotted("case.accept")
    ID_LINE.forwards(apps, None)
    after = template_current(key="case.accept")
    assert (after.pk, after.number) == (unused.pk, unused.number) and ID_LINE.FILLED in after.body
    used = _dotted("case.accept")
    issued = paper_issue(target=accepted(cast), key="case.accept", actor=cast.chair)
    ID_LINE.forwards(apps, None)
    new = template_current(key="case.accept")
    assert new.number == used.number + 1 and new.body == used.body.replace(ID_LINE.DOTTED, ID_LINE.FILLED)
    assert AuditEvent.objects.filter(action="paper.template_save", target_id=str(new.pk)).exists()
    issued.refresh_from_db()
    assert issued.template_version == used
    ID_LINE.forwards(apps, None)  # run again: nothing more
    assert template_current(key="case.accept") == new
    shipped = _dotted("case.dialogue_record")
    data = {f: getattr(shipped, f) for f in TEMPLATE_FIELDS}
    rewritten = data["body"].replace(ID_LINE.DOTTED, "Giấy tờ tùy thân: ……")
    edited = template_save(key="case.dialogue_record", actor=cast.admin, data={**data, "body": rewritten})
    ID_LINE.forwards(apps, None)
    assert template_current(key="case.dialogue_record") == edited


REPRESENTATIVE = "Luật sư Phạm Văn Luật"
REPRESENTATIVE_PAPER = "001099012345"


def _represented(cast):
    """Accepted and assigned, made through a lawyer whose number is sealed at intake with the complainant's."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.cases.services import RepresentativeData
    from core import clock

    document = SimpleUploadedFile(
        "giay-uy-quyen.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
    representative = RepresentativeData(
        capacity="lawyer",
        full_name=REPRESENTATIVE,
        id_number=REPRESENTATIVE_PAPER,
        document_on=clock.today() - DIALOGUE_LEAD,  # handed in with the letter, accepted before the dialogue
        scope="Khiếu nại quyết định",
    )
    return assigned(
        cast,
        submitters=[submitter(id_number=TYPED)],
        representative=representative,
        representative_document=document,
    )


def test_the_dialogue_record_names_the_representative_with_their_number_and_the_notice_does_not(
    cast, frozen_clock, client
):
    """Mẫu số 14 mục I.3: "Người khiếu nại (hoặc người đại diện, người được ủy quyền khiếu nại): Ông (bà) …
    Số căn cước …": the representative who takes part is printed with their number beside the complainant's;
    Mẫu số 03 answers the complainant's letter and prints the complainant's number alone."""
    case = dialogued(case_start_verification(case=_represented(cast), actor=cast.officer), cast.officer)
    record = paper_issue(target=case, key="case.dialogue_record", actor=cast.officer)
    text = _flat(record.pdf.read())
    assert f"Nguyễn Văn Gửi: {TYPED}; {REPRESENTATIVE}: {REPRESENTATIVE_PAPER}" in text
    assert record.values["submitter_id_number"] == f"Nguyễn Văn Gửi: {ID_SEALED}; {REPRESENTATIVE}: {ID_SEALED}"
    assert REPRESENTATIVE_PAPER not in _raw_paper_row(record) and REPRESENTATIVE_PAPER not in _raw_trail()
    notice = paper_issue(target=case, key="case.accept", actor=cast.chair)
    notice_text = _flat(notice.pdf.read())
    assert f"hộ chiếu: {TYPED}, {DOTTED_ISSUE}" in notice_text and REPRESENTATIVE_PAPER not in notice_text
    # A draft of the record: the number for whom the identity rule allows, sealed for anyone else.
    url = f"/reports/documents/case/{case.pk}/dialogue.pdf"
    for user, sees in ((cast.officer, True), (cast.auditor, False), (cast.officer2, False)):
        client.force_login(user)
        answer = client.get(url)
        assert answer.status_code == 200, user.username
        draft = _flat(answer.content)
        assert (REPRESENTATIVE_PAPER in draft) is sees, user.username
        assert (f"{REPRESENTATIVE}: {ID_SEALED}" in draft) is not sees, user.username
