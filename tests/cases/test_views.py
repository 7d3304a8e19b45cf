"""Pages driven through real URLs: intake, allowed actions only, a full path, notices, home section."""

from __future__ import annotations

import pytest

from casework.cases.models import Case, Kind, Status
from casework.cases.selectors import case_deadlines
from core import clock
from tests.builders import DECISION_PARTS, before_dialogue, dialogue_form, dialogued, intake_form, submitter
from tests.home import home_rows
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _post(client, case, action, data=None):
    case.refresh_from_db()
    # An irreversible step is posted as confirmed (its confirmation page: tests/e2e/test_confirmations.py).
    data = {"version": case.version, "confirmed": "1", **(data or {})}
    return client.post(f"/cases/{case.pk}/action/{action}/", data)


def test_a_complaint_through_the_pages_from_intake_to_closure(cast, client, frozen_clock):
    client.force_login(cast.intake)
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        response = client.post(
            "/cases/new/",
            intake_form(cast, subject_person="Ông Bị", co_submitters="Ông Cùng; 0900000002\nBà Theo; 0900000003"),
        )
        case = Case.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
        assert case.is_group and case.submitters.count() == 3
        assert case.submitters.get(is_representative=True).full_name == "Bà Gửi"

        accept = {"legal_ground": "Luật Khiếu nại 2011 Đ.27", "subject_area": "khac"}
        assert _post(client, case, "accept", accept).status_code == 302
    client.force_login(cast.chair)
    assert _post(client, case, "assign", {"assignee": cast.officer.pk}).status_code == 302
    client.force_login(cast.officer)
    assert _post(client, case, "start_verification").status_code == 302
    # The chair gives the verification to the officer by decision (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b).
    client.force_login(cast.chair)
    today = f"{clock.today():%d/%m/%Y}"
    given = {"on": today, "members": [str(cast.officer.pk)], "leader": "", "content": "Việc xét trợ cấp."}
    given |= {"starts_on": today, "ends_on": today}
    assert _post(client, case, "verification_assign", given).status_code == 302
    client.force_login(cast.officer)
    assert _post(client, case, "record_dialogue", dialogue_form(record="Biên bản")).status_code == 302
    assert _post(client, case, "propose", {"proposal": "Đề xuất", "outcome": "founded"}).status_code == 302
    client.force_login(cast.leader)
    assert _post(client, case, "approve").status_code == 302
    client.force_login(cast.officer)
    assert (
        _post(
            client,
            case,
            "decide",
            {"outcome": "founded", **DECISION_PARTS, "decision_text": "Chấp nhận khiếu nại"},
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.decision_number == "01/QĐ-BTV"  # the sector's first decision in its outgoing register
    assert _post(client, case, "notify_result").status_code == 302
    assert _post(client, case, "close").status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    for notice, text in [("accept", "thụ lý"), ("decision", "QUYẾT ĐỊNH"), ("result", "Kết quả")]:
        printed = " ".join(pdf_text(client.get(f"/reports/documents/case/{case.pk}/{notice}.pdf").content).split())
        assert text in printed and cast.sector.name.upper() in printed
    # The decision is signed for the competent body by its chair, never by the case officer.
    decision = " ".join(pdf_text(client.get(f"/reports/documents/case/{case.pk}/decision.pdf").content).split())
    assert "TM. BAN THƯỜNG VỤ" in decision and str(cast.officer) not in decision.split("(Chữ ký, dấu)")[1]
    assert client.get(f"/reports/documents/case/{case.pk}/refuse.pdf").status_code == 404
    assert client.get(f"/cases/{case.pk}/print/accept/").status_code == 404  # no HTML copy of a paper
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    pdf_url = f"/reports/documents/case/{case.pk}/decision.pdf"
    assert pdf_url in detail
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_detail_offers_only_the_actions_allowed_for_the_user_and_state(cast, make_case, client):
    case = make_case()
    client.force_login(cast.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    for name in ["accept", "refuse", "transfer", "guide", "withdraw", "merge"]:
        assert f"/action/{name}/" in page
    assert "/action/approve/" not in page and "/action/assign/" not in page
    client.force_login(cast.auditor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "/action/" not in page and "Bạn không có thao tác nào" in page
    # A refused step through the URL answers with the reason and changes nothing.
    response = _post(client, case, "accept", {"legal_ground": "x", "subject_area": "khac"})
    assert response.status_code == 400 and "không có quyền" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_action_form_errors_are_shown_and_nothing_changes(cast, make_case, client):
    case = make_case()
    client.force_login(cast.intake)
    response = _post(client, case, "refuse", {"ground": "other", "note": "", "subject_area": "khac"})
    assert response.status_code == 400
    assert "Căn cứ khác: phải ghi rõ" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_assignment_form_lists_officers_with_their_open_work(cast, make_case, client):
    from casework.cases.services import case_accept

    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="x")
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "0 hồ sơ đang giải quyết" in page and str(cast.officer) in page


def test_home_section_lists_my_cases_overdue_first(cast, make_case, client, frozen_clock):
    import datetime as dt

    from casework.cases.services import case_accept, case_assign
    from core import clock

    late = make_case(title="Hồ sơ sẽ quá hạn")
    late = case_assign(
        case=case_accept(subject_area="khac", case=late, actor=cast.intake, legal_ground="x"),
        actor=cast.chair,
        assignee=cast.officer,
    )
    clock.advance(dt.timedelta(days=35))
    fresh = make_case(title="Hồ sơ mới giao", content="Nội dung hoàn toàn khác để không trùng")
    fresh = case_assign(
        case=case_accept(subject_area="khac", case=fresh, actor=cast.intake, legal_ground="x"),
        actor=cast.chair,
        assignee=cast.officer,
    )
    client.force_login(cast.officer)
    rows = home_rows(client.get("/").content.decode())
    order = [n for n, row in enumerate(rows) for case in (late, fresh) if case.reference in row]
    assert len(order) == 2 and late.reference in rows[order[0]]


def test_second_complaint_from_the_page(cast, make_case, client):
    from casework.cases.services import (
        case_accept,
        case_approve,
        case_assign,
        case_decide,
        case_propose,
        case_start_verification,
    )
    from casework.org.models import Role
    from tests.factories import UserFactory

    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="x")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="p", outcome="unfounded")
    case = case_approve(case=case, actor=cast.chair)
    case = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="t", outcome="unfounded")
    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    client.force_login(province_intake)
    assert "Tiếp nhận khiếu nại lần hai" in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(f"/cases/{case.pk}/second/", {"received_on": "2026-03-02", "content": "Không đồng ý"})
    second = Case.objects.get(round=2)
    assert response.status_code == 302 and second.previous == case and second.unit == cast.province
    assert [d.step for d in case_deadlines(case=second)] == ["accept"]


def test_attachment_upload_on_the_case_page(cast, make_case, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.cases.integrations import attachments_for_case

    case = make_case(kind=Kind.PETITION)
    client.force_login(cast.intake)
    pdf = SimpleUploadedFile("don.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    client.post(f"/cases/{case.pk}/attach/", {"file": pdf})
    (att,) = attachments_for_case(case)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "don.pdf" in page
    assert client.get(f"/files/{att.pk}/download/").status_code == 200
    client.force_login(cast.other_officer)
    assert client.get(f"/files/{att.pk}/download/").status_code == 404


def test_intake_with_a_scan_and_a_refused_file_registers_nothing(cast, client, frozen_clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.cases.integrations import attachments_for_case

    data = intake_form(cast, kind="petition", channel="letter", title="Kiến nghị", content="Nội dung kiến nghị")
    client.force_login(cast.intake)
    fake = SimpleUploadedFile("don.pdf", b"MZ\x90\x00 this is an executable", "application/pdf")
    response = client.post("/cases/new/", {**data, "attachment": fake})
    assert "attachment" in response.context["form"].errors
    assert Case.objects.count() == 0
    good = SimpleUploadedFile("don.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    response = client.post("/cases/new/", {**data, "attachment": good})
    case = Case.objects.get()
    assert response.status_code == 302 and [a.original_name for a in attachments_for_case(case)] == ["don.pdf"]


def test_the_intake_form_starts_received_today_at_the_intake_officers_unit(cast, client, frozen_clock):
    client.force_login(cast.intake)
    form = client.get("/cases/new/").context["form"]
    assert form["received_on"].value() == clock.today()
    assert form["unit"].value() == cast.sector.pk
    page = client.get("/cases/new/").content.decode()
    assert 'value="02/03/2026"' in page and f'<option value="{cast.sector.pk}" selected>' in page


def test_the_assignment_form_chooses_nobody_beforehand(cast, make_case, client):
    from casework.cases.services import case_accept

    case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="x")
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    select = page[page.index('name="assignee"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected>—</option>' in select
    response = _post(client, case, "assign", {"assignee": ""})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.assignee is None


def test_a_sole_sender_is_not_called_a_representative_and_a_group_s_is(cast, make_case, client):
    """A sole sender is not called "(đại diện)": that names the one who speaks for several senders."""
    alone = make_case()
    group = make_case(kind=Kind.PETITION, submitters=[submitter(is_representative=True), submitter(full_name="Lê B")])
    client.force_login(cast.intake)
    senders = client.get(f"/cases/{alone.pk}/").context["submitters"]
    assert [(s["full_name"], s["is_representative"]) for s in senders] == [("Nguyễn Văn Gửi", False)]
    assert "(đại diện)" not in client.get(f"/cases/{alone.pk}/").content.decode()
    senders = client.get(f"/cases/{group.pk}/").context["submitters"]
    assert [(s["full_name"], s["is_representative"]) for s in senders] == [("Nguyễn Văn Gửi", True), ("Lê B", False)]


@pytest.mark.parametrize(
    ("kind", "label", "english"),
    [
        (Kind.COMPLAINT, "Đơn vị, người bị khiếu nại", "Unit, person complained about"),
        (Kind.DENUNCIATION, "Đơn vị, người bị tố cáo", "Unit, person denounced"),
        (Kind.PETITION, "Đơn vị, người bị kiến nghị, phản ánh", "Unit, person the petition is about"),
    ],
)
def test_the_case_page_names_whom_the_letter_is_about_by_its_kind(cast, make_case, client, kind, label, english):
    case = make_case(kind=kind)
    client.force_login(cast.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'<th scope="row" id="subject-label">{label}</th>' in page
    assert "khiếu nại, tố cáo" not in page.split('id="subject-label">', 1)[1].split("</th>", 1)[0]
    client.cookies["django_language"] = "en"
    english_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'<th scope="row" id="subject-label">{english}</th>' in english_page


@pytest.mark.parametrize(
    ("unit", "person", "shown"),
    [(True, "Trần Thị Bị", "CĐCS Bệnh viện"), (False, "Trần Thị Bị", "Trần Thị Bị"), (False, "", "—")],
)
def test_whom_the_letter_is_about_reads_without_an_empty_dash(cast, make_case, client, unit, person, shown):
    case = make_case(subject_unit=cast.hospital if unit else None, subject_person=person)
    client.force_login(cast.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    cell = page.split('id="subject-label">', 1)[1].split("</th><td>", 1)[1].split("</td>", 1)[0]
    assert cell.startswith(shown) and "— —" not in cell and not cell.startswith("— " + person)
    assert not unit or cell.endswith(f" — {person}")


def test_a_refused_action_says_so_at_the_top_and_links_to_its_open_form(cast, make_case, client):
    """The case page comes back at its top; the refused form is open far below."""
    case = make_case()
    client.force_login(cast.intake)
    page = _post(client, case, "refuse", {"ground": "other", "note": "", "subject_area": "khac"}).content.decode()
    top = page.split('<ul class="messages"', 1)[1].split("</ul>", 1)[0]
    assert "Không thụ lý: chưa thực hiện được." in top and 'href="#action-refuse"' in top
    assert '<details id="action-refuse" open>' in page


def test_a_refused_fields_description_names_its_own_error_list(cast, make_case, client):
    """Each action form's ids are its own (id_<action>_<field>); so is its error list's, which the
    field's aria-describedby names."""
    case = make_case()
    client.force_login(cast.intake)
    page = _post(client, case, "refuse", {"ground": "other", "note": "", "subject_area": "khac"}).content.decode()
    assert 'aria-describedby="id_refuse_note_error"' in page and 'id="id_refuse_note_error"' in page


@pytest.mark.parametrize(("who", "issues"), [("auditor", False), ("officer", True)])
def test_the_case_page_offers_issuing_papers_only_to_who_may(client, cast, frozen_clock, who, issues):
    """The auditor reads the papers issued; the officer is offered to issue, number and sign them
    (papers.selectors.paper_may_issue, the papers page's own rule)."""
    from django.urls import reverse

    from tests.builders import accepted

    case = accepted(cast)
    client.force_login(getattr(cast, who))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("papers:target", args=["case", case.pk]) in page
    assert ("Ban hành, lấy số và ký văn bản" in page) is issues
    assert ("Văn bản đã ban hành" in page) is not issues
