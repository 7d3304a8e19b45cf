"""What a visitor hands over at the reception and its receipt, Mẫu số 02/TCD (Nghị định 154/2026/NĐ-CP Đ.15
khoản 4, Phụ lục): the keepers list the documents (name, original or copy, pages) on the visit, the receipt
is issued from the visit's page or the API, numbered in the unit's outgoing register in the form's wording
and signed by the officer who received them; it freezes the list until it is cancelled; the documents
follow the visit into its case; hostile input changes nothing; out of scope is 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from casework.audit.models import AuditEvent
from casework.papers.models import Paper
from casework.papers.services import paper_cancel, paper_keys_available
from casework.reception.models import ReceptionDocument, ReceptionEntry
from casework.reception.services import (
    reception_documents_receive,
    reception_entry_case_open,
    reception_entry_record,
    reception_receipt_issue,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import at

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 8, 5)
NAME = "Phạm Văn Dũng"
DOCUMENTS = [
    {"name": "Quyết định số 12/QĐ-CĐCS về trợ cấp", "form": "photocopy", "pages": 2},
    {"name": f"Đơn khiếu nại của ông {NAME}", "form": "original", "pages": 3},
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _visit(cast, session, **kw) -> ReceptionEntry:
    clock.set_now(at(DAY, 9, 30))
    values = {
        "full_name": NAME,
        "address": "5 Trần Hưng Đạo, TP Thái Bình",
        "id_number": "034190009876",
        "content": "Khiếu nại việc không được hưởng trợ cấp ốm đau năm 2025.",
        "classification": "complaint",
        "handling_route": "case",
    }
    values.update(kw)
    return reception_entry_record(session=session, actor=cast.leader, **values)


def _formset(rows: list[dict]) -> dict:
    data = {"documents-TOTAL_FORMS": str(len(rows)), "documents-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        data.update({f"documents-{n}-{k}": str(v) for k, v in row.items()})
    return data


def test_the_receipt_lists_the_documents_in_the_forms_wording_and_is_numbered(cast, august):
    entry = _visit(cast, august)
    keeper = _client(cast.leader)
    page = keeper.get(f"/reception/entries/{entry.pk}/")
    assert page.status_code == 200 and "documents-TOTAL_FORMS" in page.content.decode()
    assert paper_keys_available(entry) == []  # nothing handed over, nothing to acknowledge
    posted = keeper.post(f"/reception/entries/{entry.pk}/documents/", _formset([*DOCUMENTS, {}]))
    assert posted.status_code == 302
    assert [(d.name, d.form, d.pages, d.received_by) for d in entry.documents.all()] == [
        (DOCUMENTS[0]["name"], "photocopy", 2, cast.leader),
        (DOCUMENTS[1]["name"], "original", 3, cast.leader),
    ]
    page = keeper.get(f"/reception/entries/{entry.pk}/").content.decode()
    assert 'value="reception.receipt"' in page  # issued from the visit's page, through the papers page
    issued = keeper.post(f"/papers/of/visit/{entry.pk}/", {"key": "reception.receipt"})
    assert issued.status_code == 302
    paper = Paper.objects.get(target_id=str(entry.pk), template_version__template__key="reception.receipt")
    assert paper.doc_kind == "GBN" and paper.symbol == f"{paper.number:02d}/GBN-BTV" and paper.unit == cast.sector
    assert paper.signer == cast.leader and paper.signer_title == "NGƯỜI NHẬN"  # the officer who received them
    values = paper.values
    assert values["handed_time"] == "09 giờ 30" and values["handed_on"] == "05 tháng 08 năm 2026"
    assert "- Quyết định số 12/QĐ-CĐCS về trợ cấp (bản phô tô, 2 trang)" in values["documents"]
    assert "(bản chính, 3 trang)" in values["documents"]
    # The visitor is written in by hand: the register keeps no visitor, even inside a document's name.
    assert NAME not in str(values) and "034190009876" not in str(values)
    from casework.papers.context import render_text

    body = render_text(paper.template_version.body, values)
    for words in (
        "Vào 09 giờ 30 ngày 05 tháng 08 năm 2026 tại: Công đoàn ngành Y tế",
        "Tôi là",
        "Đã nhận của ông (bà)",
        "Số CCCD/Hộ chiếu (hoặc giấy tờ tùy thân)",
        "các thông tin, tài liệu sau:",
        "được lập thành 02 bản, giao cho người cung cấp thông tin, tài liệu 01 bản.",
    ):
        assert words in body
    assert render_text(paper.template_version.title, values) == "GIẤY BIÊN NHẬN\nThông tin, tài liệu"
    assert paper.recipients == "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU"  # the visitor signs at the left foot


def test_the_receipt_freezes_the_list_until_it_is_cancelled(cast, august):
    entry = _visit(cast, august)
    reception_documents_receive(entry=entry, actor=cast.leader, documents=DOCUMENTS[:1])
    paper = reception_receipt_issue(entry=entry, actor=cast.intake)
    with pytest.raises(TransitionNotAllowed):
        reception_documents_receive(entry=entry, actor=cast.leader, documents=DOCUMENTS[1:])
    with pytest.raises(ValidationFailed):  # one receipt at a time
        reception_receipt_issue(entry=entry, actor=cast.intake)
    page = _client(cast.leader).get(f"/reception/entries/{entry.pk}/").content.decode()
    assert "documents-TOTAL_FORMS" not in page and 'value="reception.receipt"' not in page
    paper_cancel(paper=paper, actor=cast.chair, reason="Thiếu một tài liệu")
    reception_documents_receive(entry=entry, actor=cast.leader, documents=DOCUMENTS[1:])
    again = reception_receipt_issue(entry=entry, actor=cast.intake)
    assert again.number == paper.number + 1 and "(bản chính, 3 trang)" in again.values["documents"]


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [{"name": "", "form": "original", "pages": 1}],
        [{"name": "Đơn", "form": "forged", "pages": 1}],
        [{"name": "Đơn", "form": "original", "pages": 0}],
        [{"name": "Đơn", "form": "original", "pages": "hai"}],
        [{"name": "x" * 501, "form": "original", "pages": 1}],
        [{"name": "Đơn", "form": "original", "pages": 1}] * 51,
    ],
)
def test_hostile_documents_are_refused_on_the_api_and_nothing_is_written(cast, august, api_as, rows):
    entry = _visit(cast, august)
    url = f"/api/reception-entries/{entry.pk}/documents/"
    response = api_as(cast.leader).post(url, {"documents": rows}, format="json")
    assert response.status_code == 400
    assert not ReceptionDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="reception.documents").exists()


def test_hostile_documents_on_the_page_are_a_form_error(cast, august):
    entry = _visit(cast, august)
    keeper = _client(cast.leader)
    for rows in ([{"name": "Đơn", "form": "original", "pages": "-3"}], [{"name": "Đơn", "form": "", "pages": "1"}], []):
        response = keeper.post(f"/reception/entries/{entry.pk}/documents/", _formset(rows))
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not ReceptionDocument.objects.exists()


def test_the_api_records_documents_and_issues_the_receipt(cast, august, api_as):
    entry = _visit(cast, august)
    api = api_as(cast.leader)
    response = api.post(f"/api/reception-entries/{entry.pk}/documents/", {"documents": DOCUMENTS}, format="json")
    assert response.status_code == 201 and [d["pages"] for d in response.json()] == [2, 3]
    event = AuditEvent.objects.get(action="reception.documents")
    assert event.after == {"documents": 2, "pages": 5} and NAME not in str(event.after)
    # Only who issues the unit's papers issues it (the papers page's rule): an auditor reads, never issues.
    assert api_as(cast.auditor).post(f"/api/reception-entries/{entry.pk}/receipt/").status_code == 409
    receipt = api.post(f"/api/reception-entries/{entry.pk}/receipt/")
    assert receipt.status_code == 201
    assert Paper.objects.get(pk=receipt.json()["id"]).symbol == receipt.json()["symbol"]
    # Frozen by its receipt.
    again = api.post(f"/api/reception-entries/{entry.pk}/documents/", {"documents": DOCUMENTS}, format="json")
    assert again.status_code == 409 and entry.documents.count() == 2


def test_out_of_scope_users_get_404(cast, august, api_as):
    entry = _visit(cast, august)
    reception_documents_receive(entry=entry, actor=cast.leader, documents=DOCUMENTS)
    stranger = _client(cast.other_officer)
    assert stranger.get(f"/reception/entries/{entry.pk}/").status_code == 404
    assert stranger.post(f"/reception/entries/{entry.pk}/documents/", _formset(DOCUMENTS)).status_code == 404
    for path in ("documents", "receipt"):
        body = {"documents": DOCUMENTS}
        response = api_as(cast.other_officer).post(f"/api/reception-entries/{entry.pk}/{path}/", body, format="json")
        assert response.status_code == 404
    # A reader of the book who does not keep it is offered no list to add to, and may not post one.
    assert (
        _client(cast.auditor).post(f"/reception/entries/{entry.pk}/documents/", _formset(DOCUMENTS)).status_code == 404
    )
    assert entry.documents.count() == 2 and not Paper.objects.exists()


def test_the_documents_follow_the_visit_into_its_case(cast, august):
    entry = _visit(cast, august)
    reception_documents_receive(entry=entry, actor=cast.leader, documents=DOCUMENTS)
    case = reception_entry_case_open(entry=entry, actor=cast.intake, title="Trợ cấp ốm đau")
    event = AuditEvent.objects.get(action="reception.to_case")
    assert event.after["documents"] == 2
    page = _client(cast.intake).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="reception-documents"' in page and "Quyết định số 12/QĐ-CĐCS về trợ cấp" in page
    # A case that came from no visit has no such section.
    entry2 = _visit(cast, august)
    case2 = reception_entry_case_open(entry=entry2, actor=cast.intake, title="Khác")
    assert 'id="reception-documents"' not in _client(cast.intake).get(f"/cases/{case2.pk}/").content.decode()
    # A receipt can still be issued for what came with the visit.
    assert "reception.receipt" in paper_keys_available(ReceptionEntry.objects.get(pk=entry.pk))


def test_a_denounced_visits_document_names_are_masked_like_its_texts(cast, august):
    entry = _visit(cast, august, classification="denunciation", handling_route="guided")
    reception_documents_receive(entry=entry, actor=cast.leader, documents=DOCUMENTS)
    page = _client(cast.leader).get(f"/reception/entries/{entry.pk}/").content.decode()
    assert NAME not in page and "Quyết định số 12/QĐ-CĐCS về trợ cấp" in page
    paper = reception_receipt_issue(entry=entry, actor=cast.intake)
    assert NAME not in str(paper.values) and "Đơn khiếu nại của ông" in paper.values["documents"]


def test_the_case_page_links_the_receipt_through_the_case_s_own_access_rule(cast, august):
    from casework.cases.models import Case
    from casework.org.models import Role
    from tests.factories import UserFactory

    entry = _visit(cast, august)
    reception_documents_receive(entry=entry, actor=cast.leader, documents=DOCUMENTS)
    case = reception_entry_case_open(entry=entry, actor=cast.intake, title="Trợ cấp ốm đau")
    link = f"/papers/case/{case.pk}/reception-receipt.pdf"
    # No receipt issued yet: no link to one.
    page = _client(cast.intake).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="reception-documents"' in page and link not in page and "/papers/of/visit/" not in page
    assert _client(cast.intake).get(link).status_code == 404
    paper = reception_receipt_issue(entry=ReceptionEntry.objects.get(pk=entry.pk), actor=cast.intake)
    # A case whose unit is not the reception session's (the case now handled at the hospital's union): its
    # readers there may not read the sector's reception book, nor the visit's papers page.
    Case.objects.filter(pk=case.pk).update(unit=cast.hospital)
    hospital_reader = UserFactory(username="hreader", roles=[(Role.CASE_OFFICER, cast.hospital)])
    assert _client(hospital_reader).get(f"/papers/of/visit/{entry.pk}/").status_code == 404
    for reader in (cast.intake, hospital_reader):  # one reads the book too, the other only the case
        page = _client(reader).get(f"/cases/{case.pk}/").content.decode()
        assert link in page and "/papers/of/visit/" not in page
        response = _client(reader).get(link)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response) == paper.pdf.open("rb").read()
    # Whoever may not read the case gets nothing, as for the case itself.
    assert _client(cast.other_officer).get(link).status_code == 404
    # Cancelled, the receipt is no longer linked nor served.
    paper_cancel(paper=paper, actor=cast.chair, reason="Lập nhầm")
    assert link not in _client(hospital_reader).get(f"/cases/{case.pk}/").content.decode()
    assert _client(hospital_reader).get(link).status_code == 404
