"""At the end of a case's (or a reception visit's) retention period its issued papers lose their files and
personal values, while the register keeps that paper N° X of kind Y was issued on day D for case R (Nghị định 30/2020/NĐ-CP Đ.16; Luật
Bảo vệ dữ liệu cá nhân 2025 Đ.14 khoản 3); a held case or visit keeps everything; the pages name an erased paper
without a link and never fail."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.services import case_close, case_notify_result
from casework.files.storage import private_storage
from casework.papers.models import Paper
from casework.papers.selectors import paper_actions
from casework.papers.services import ERASED_PAPER, paper_issue
from casework.papers.signing import paper_record_scan
from casework.privacy.models import RECEPTION
from casework.privacy.services import legal_hold_place, retention_policy_set, retention_run
from casework.reception.services import reception_documents_receive, reception_receipt_issue
from core import clock
from tests import builders

pytestmark = pytest.mark.django_db

NAME, ADDRESS, ID_NUMBER = "Đặng Thị Khiếu Nại", "Số 9 phố Lưu Trữ", "034190001234"
SCAN = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _closed_complaint_with_papers(cast) -> tuple:
    """A complaint whose notice of acceptance (Mẫu số 03, printing the identity paper number) and decision were
    issued, the decision's hand-signed scan recorded, then closed."""
    retention_policy_set(actor=cast.admin, kind=Kind.COMPLAINT, years=5, source="Quy định lưu trữ (thử nghiệm)")
    case = builders.accepted(
        cast, submitters=[builders.submitter(full_name=NAME, address=ADDRESS, id_number=ID_NUMBER)]
    )
    accept = paper_issue(target=case, key="case.accept", actor=cast.chair)
    case = builders.resolved(case, cast, officer=cast.officer)
    decision = Paper.objects.get(target_id=str(case.pk), template_version__template__key="case.decision")
    paper_record_scan(paper=decision, actor=cast.chair, scan=SimpleUploadedFile("quet.pdf", SCAN))
    case = case_close(case=case_notify_result(case=case, actor=cast.officer), actor=cast.officer)
    return case, accept, Paper.objects.get(pk=decision.pk)


def _row(paper: Paper) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Paper._meta.db_table} WHERE id = %s", [paper.pk])
        return " ".join(str(value) for value in cursor.fetchone())


def _holds(row: str, text: str) -> bool:
    """As typed, or as JSON escapes it (SQLite keeps the values' non-ASCII letters escaped)."""
    return text in row or json.dumps(text)[1:-1] in row


def _after_period() -> dt.datetime:
    return clock.now() + dt.timedelta(days=5 * 365 + 30)


def test_the_papers_files_and_personal_values_go_and_the_register_entry_stays(
    cast, frozen_clock, django_capture_on_commit_callbacks
):
    case, accept, decision = _closed_complaint_with_papers(cast)
    stored = [accept.pdf.name, decision.pdf.name, decision.signed_pdf.name]
    assert all(private_storage().exists(name) for name in stored)
    assert _holds(_row(accept), NAME) and _holds(_row(decision), NAME)  # the decision's summary names the complainant
    kept = [(p.symbol, p.number, p.doc_kind, p.issued_on, p.target_reference, p.pdf_sha256) for p in (accept, decision)]

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = retention_run(now=_after_period())

    assert [o.outcome for o in outcomes] == ["destroyed"]
    assert not any(private_storage().exists(name) for name in stored)
    accept.refresh_from_db()
    decision.refresh_from_db()
    for paper in (accept, decision):
        row = _row(paper)
        assert not any(_holds(row, text) for text in (NAME, ADDRESS, ID_NUMBER))
        assert (paper.pdf.name, paper.signed_pdf.name) == ("", "")
        assert paper.erased and paper.recipients == ERASED_PAPER
        assert set(paper.values.values()) == {ERASED_PAPER}
        assert paper.summary == paper.template_version.template.name
        assert paper_actions(user=cast.chair, paper=paper) == set()  # nothing left to sign or scan
    assert [
        (p.symbol, p.number, p.doc_kind, p.issued_on, p.target_reference, p.pdf_sha256) for p in (accept, decision)
    ] == kept
    assert (decision.signature, decision.status) == (Paper.Signature.PAPER, Paper.Status.ISSUED)
    (event,) = AuditEvent.objects.filter(action="case.personal_data_destroyed", target_id=str(case.pk))
    assert event.after["papers_erased"] == [accept.symbol, decision.symbol]
    assert NAME not in event.canonical and ID_NUMBER not in event.canonical


def test_a_held_case_keeps_its_papers(cast, frozen_clock, django_capture_on_commit_callbacks):
    case, accept, decision = _closed_complaint_with_papers(cast)
    legal_hold_place(actor=cast.admin, case=case, reason="Đương sự khởi kiện vụ án hành chính")
    values = dict(accept.values)

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = retention_run(now=_after_period())

    assert [o.outcome for o in outcomes] == ["held"]
    accept.refresh_from_db()
    decision.refresh_from_db()
    assert not accept.erased and not decision.erased
    assert accept.values == values and NAME in decision.summary
    assert all(
        private_storage().exists(name) for name in (accept.pdf.name, decision.pdf.name, decision.signed_pdf.name)
    )


def test_the_pages_name_an_erased_paper_without_a_link(cast, frozen_clock, client, django_capture_on_commit_callbacks):
    case, accept, decision = _closed_complaint_with_papers(cast)
    with django_capture_on_commit_callbacks(execute=True):
        retention_run(now=_after_period())
    client.force_login(cast.chair)

    page = client.get(f"/papers/{decision.pk}/")
    assert page.status_code == 200
    assert "paper-erased" in page.content.decode()
    assert f"/papers/{decision.pk}/unsigned.pdf" not in page.content.decode()
    for which in ("unsigned", "signed"):
        assert client.get(f"/papers/{decision.pk}/{which}.pdf").status_code == 404
    for url in (f"/papers/of/case/{case.pk}/", "/papers/"):
        answer = client.get(url)
        assert answer.status_code == 200 and "đã hủy theo thời hạn lưu trữ" in answer.content.decode(), url

    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    for notice in ("accept", "decision"):
        assert f"/reports/documents/case/{case.pk}/{notice}.pdf" not in case_page
        assert client.get(f"/reports/documents/case/{case.pk}/{notice}.pdf").status_code == 404
    assert "đã hủy theo thời hạn lưu trữ" in case_page


# ---- papers issued from a visit of the reception book ----------------------------------------------------------

DOCUMENT = {"name": "Đơn tố cáo kèm bảng kê chi quỹ phúc lợi", "form": "photocopy", "pages": 2}


def _visit_with_receipt(cast) -> tuple:
    """A visit whose documents were acknowledged by a receipt (Mẫu số 02/TCD), its hand-signed scan recorded."""
    retention_policy_set(actor=cast.admin, kind=RECEPTION, years=3, source="Quy định về sổ tiếp (thử nghiệm)")
    entry = builders.make_visit(cast, builders.make_session(cast))
    reception_documents_receive(entry=entry, actor=cast.leader, documents=[DOCUMENT])
    receipt = reception_receipt_issue(entry=entry, actor=cast.leader)
    paper_record_scan(paper=receipt, actor=cast.leader, scan=SimpleUploadedFile("bien-nhan.pdf", SCAN))
    return entry, Paper.objects.get(pk=receipt.pk)


VISIT_PERIOD_ENDED = builders.at(builders.SESSION_DAY.replace(year=builders.SESSION_DAY.year + 3), 9) + dt.timedelta(
    days=1
)


def test_a_visits_papers_go_with_its_identity_and_the_event_lists_them(
    cast, frozen_clock, client, django_capture_on_commit_callbacks
):
    entry, receipt = _visit_with_receipt(cast)
    stored = [receipt.pdf.name, receipt.signed_pdf.name]
    assert all(private_storage().exists(name) for name in stored) and receipt.values
    kept = (receipt.symbol, receipt.number, receipt.doc_kind, receipt.issued_on, receipt.pdf_sha256)

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = retention_run(now=VISIT_PERIOD_ENDED)

    assert [(o.outcome, o.expiry.entry) for o in outcomes] == [("destroyed", entry)]
    assert not any(private_storage().exists(name) for name in stored)
    receipt.refresh_from_db()
    assert receipt.erased and (receipt.pdf.name, receipt.signed_pdf.name) == ("", "")
    assert set(receipt.values.values()) == {ERASED_PAPER} and receipt.recipients == ERASED_PAPER
    assert not _holds(_row(receipt), DOCUMENT["name"])
    assert (receipt.symbol, receipt.number, receipt.doc_kind, receipt.issued_on, receipt.pdf_sha256) == kept
    assert paper_actions(user=cast.leader, paper=receipt) == set()
    from casework.papers.services import paper_cancel
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        paper_cancel(paper=receipt, actor=cast.leader, reason="Thử hủy")
    assert "thời hạn lưu trữ" in refused.value.fields["status"][0]
    receipt.refresh_from_db()
    assert receipt.status == Paper.Status.ISSUED and receipt.cancel_reason == ""
    (event,) = AuditEvent.objects.filter(action="reception.personal_data_destroyed", target_id=str(entry.pk))
    assert event.after["papers_erased"] == [receipt.symbol]
    # The documents' names may name people: erased; original or copy and pages stay.
    from casework.privacy.services import ERASED
    from casework.reception.models import ReceptionDocument

    assert list(ReceptionDocument.objects.filter(entry=entry).values_list("name", "form", "pages")) == [
        (ERASED, DOCUMENT["form"], DOCUMENT["pages"])
    ]

    client.force_login(cast.chair)
    listed = client.get(f"/papers/of/visit/{entry.pk}/")
    assert listed.status_code == 200 and "đã hủy theo thời hạn lưu trữ" in listed.content.decode()
    assert "paper-erased" in client.get(f"/papers/{receipt.pk}/").content.decode()
    for which in ("unsigned", "signed"):
        assert client.get(f"/papers/{receipt.pk}/{which}.pdf").status_code == 404


def test_a_held_visit_keeps_its_papers(cast, frozen_clock, django_capture_on_commit_callbacks):
    entry, receipt = _visit_with_receipt(cast)
    legal_hold_place(actor=cast.admin, reception_entry=entry, reason="Cơ quan điều tra yêu cầu giữ")

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = retention_run(now=VISIT_PERIOD_ENDED)

    assert [o.outcome for o in outcomes] == ["held"]
    values = dict(receipt.values)
    receipt.refresh_from_db()
    assert not receipt.erased and receipt.values == values
    assert list(entry.documents.values_list("name", flat=True)) == [DOCUMENT["name"]]
    assert all(private_storage().exists(name) for name in (receipt.pdf.name, receipt.signed_pdf.name))


# ---- discipline decisions ----------------------------------------------------------------------------------------

DISCIPLINED = "Trần Thị Kỷ Luật"


def test_a_cases_destruction_keeps_the_discipline_it_gave_rise_to(
    cast, frozen_clock, django_capture_on_commit_callbacks
):
    """The decision and the proceeding go into the disciplined person's file, which outlives the case's period
    (Nghị định 234/2026/NĐ-CP Đ.2 khoản 9, docs/retention.md): the person, the forms, the ballot and the issued
    decision stay whole while the case's own papers are erased."""
    from casework.cases.models import DisciplineProceeding
    from casework.cases.services import (
        case_conclusion_sent,
        case_handle_conclusion,
        discipline_ballot_record,
        discipline_propose,
    )

    retention_policy_set(actor=cast.admin, kind=Kind.DENUNCIATION, years=5, source="Quy định lưu trữ (thử nghiệm)")
    case = builders.decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital)
    discipline_propose(
        case=case, actor=cast.officer, subject_kind="member", subject_name=DISCIPLINED,
        violation_forms=["canh_cao"], reason="Kết luận tố cáo",
    )  # fmt: skip
    proceeding = discipline_ballot_record(
        case=case, actor=cast.leader, meeting_on=clock.today(), members_total=9, members_present=8,
        votes={"canh_cao": 6, "khien_trach": 2},
    )  # fmt: skip
    decision = Paper.objects.get(target_type="cases.disciplineproceeding", target_id=str(proceeding.pk))
    values = dict(decision.values)
    assert values["subject_name"] == DISCIPLINED
    case = case_conclusion_sent(case=case, actor=cast.officer)
    case = case_handle_conclusion(case=case, actor=cast.leader, note="Xử lý theo thẩm quyền")
    case = case_notify_result(case=case, actor=cast.officer)
    case = builders.published(case, cast.officer)  # Luật Tố cáo 2018 Đ.40: made public before closing
    case = builders.discipline_published(case, cast.leader)  # and the discipline decision too (Đ.40 khoản 1)
    case = case_close(case=case, actor=cast.officer, note="Lưu trữ")
    conclusion = Paper.objects.get(target_type="cases.case", target_id=str(case.pk), doc_kind="KL")

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = retention_run(now=_after_period())

    assert [o.outcome for o in outcomes] == ["destroyed"]
    conclusion.refresh_from_db()
    assert conclusion.erased  # the case's own papers go
    decision.refresh_from_db()
    assert not decision.erased and decision.values == values and DISCIPLINED in decision.summary
    assert private_storage().exists(decision.pdf.name)
    proceeding = DisciplineProceeding.objects.get(pk=proceeding.pk)
    assert (proceeding.subject_name, proceeding.outcome, proceeding.votes) == (
        DISCIPLINED, "canh_cao", {"canh_cao": 6, "khien_trach": 2},
    )  # fmt: skip
    (event,) = AuditEvent.objects.filter(action="case.personal_data_destroyed", target_id=str(case.pk))
    assert decision.symbol not in event.after["papers_erased"]
