"""A complaint from the intake desk to the printed notice, and a citizen following their own complaint."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.cases.decision_parts import COMPLAINT_PARTS
from casework.cases.models import Case
from tests.builders import DECISION_PARTS, registered
from tests.e2e.actions import act, fill_form
from tests.papers.conftest import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_complaint_from_intake_to_printed_notice(cast, open_session, otp_on, frozen_clock):
    intake = open_session(cast.intake)
    page = intake.page
    with intake.step("register"):
        page.goto("/cases/new/")
        fill_form(
            page.locator("form.card"),
            {
                "kind": "complaint",
                "channel": "in_person",
                "received_on": "02/03/2026",
                "unit": str(cast.sector.pk),
                "subject_unit": str(cast.hospital.pk),
                "title": "Khiếu nại trợ cấp ốm đau",
                "content": "Không được xét trợ cấp ốm đau quý I.",
                "full_name": "Bà Nguyễn Thị Gửi",
                "phone": "0900000001",
            },
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Tiếp nhận").click()
        assert re.search(r"/cases/\d+/$", page.url), page.url
        case = Case.objects.get(title="Khiếu nại trợ cấp ốm đau")
    with intake.step("accept"):
        act(page, "Thụ lý", {"legal_ground": "Luật Khiếu nại 2011, Điều 27", "subject_area": "che_do_chinh_sach"})
        assert page.get_by_role("alert").count() == 0

    chair = open_session(cast.chair)
    with chair.step("assign"):
        chair.page.goto(f"/cases/{case.pk}/")
        act(chair.page, "Phân công", {"assignee": str(cast.officer.pk)})
        assert "officer" in chair.page.locator("table").first.inner_text() or cast.officer.full_name in (
            chair.page.content()
        )

    officer = open_session(cast.officer)
    with officer.step("start the verification"):
        officer.page.goto("/")
        officer.page.get_by_role("link", name=re.compile(case.reference)).first.click()
        act(officer.page, "Bắt đầu xác minh", {"note": "Làm việc với bệnh viện"})

    with chair.step("give the verification by decision"):
        # The resolver assigns the person responsible for verifying it (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b).
        chair.page.goto(f"/cases/{case.pk}/")
        act(
            chair.page,
            "Giao nhiệm vụ xác minh nội dung khiếu nại",
            {
                "on": "02/03/2026",
                "members": [str(cast.officer.pk)],
                "content": "Việc xét trợ cấp ốm đau quý I của bà Gửi.",
                "starts_on": "02/03/2026",
                "ends_on": "20/03/2026",
            },
        )
        assert chair.page.get_by_role("alert").count() == 0

    with officer.step("dialogue and propose"):
        officer.page.goto(f"/cases/{case.pk}/")
        # The dialogue is held at least 05 days after its notice (Nghị định 124/2020/NĐ-CP Đ.28 khoản 1).
        frozen_clock.advance(dt.timedelta(days=10))
        act(
            officer.page,
            "Ghi biên bản đối thoại",
            {
                "dialogue_notice_on": "05/03/2026",
                # Khoản 1: sent to the complainant and the person complained about, and the body concerned.
                "notice_to": ["complainant", "complained_against", "related_bodies"],
                "notice_related": "Phòng Tổ chức cán bộ bệnh viện",
                "dialogue_on": "11/03/2026",
                "place": "Phòng họp Công đoàn ngành Y tế",
                "chair": "Cán bộ giải quyết được phân công",
                "participants": "Bà Nguyễn Thị Gửi; đại diện bệnh viện",
                "complainant_absent": "present",
                "record": "Tóm tắt kết quả xác minh việc xét trợ cấp ốm đau quý I",
                "opinions": "Bà Gửi giữ nguyên yêu cầu; bệnh viện trình bày lý do",
                "agreed": "Bệnh viện xét lại hồ sơ trợ cấp của bà Gửi",
            },
        )
        assert "Bệnh viện xét lại hồ sơ trợ cấp" in officer.page.locator("#dialogue-agreed").inner_text()
        # The record of the dialogue (Mẫu số 14) is a paper of the case, filled from what was recorded.
        link = officer.page.get_by_role("link", name="Biên bản đối thoại", exact=True).first
        minutes = officer.page.request.get(link.get_attribute("href"))
        assert minutes.ok and "Phòng họp Công đoàn ngành Y tế" in " ".join(pdf_text(minutes.body()).split())
        act(officer.page, "Đề xuất kết quả", {"proposal": "Khiếu nại đúng", "outcome": "founded"})

    with chair.step("approve"):
        chair.page.goto(f"/cases/{case.pk}/")
        act(chair.page, "Phê duyệt", {"note": "Đồng ý"})

    with officer.step("decide"):
        officer.page.goto(f"/cases/{case.pk}/")
        # A complaint's decision has the parts of Luật Khiếu nại Đ.31 khoản 2, not a conclusion's recommendations.
        complaint_parts = {k: v for k, v in DECISION_PARTS.items() if k in {p.field for p in COMPLAINT_PARTS}}
        asked = act(
            officer.page,
            "Ban hành quyết định giải quyết",
            {"outcome": "founded", **complaint_parts, "decision_text": "Chấp nhận khiếu nại"},
        )
        # The decision cannot be undone: the valid form was confirmed on a page of its own first.
        assert "không thể hoàn tác" in asked
        # Issued at once, numbered in the sector's outgoing register.
        assert registered(1) in officer.page.content()

    with officer.step("print the notice"):
        # The link opens the issued paper: a PDF, read here as the officer's browser receives it.
        link = officer.page.get_by_role("link", name="Quyết định giải quyết", exact=True).first
        response = officer.page.request.get(link.get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"
        text = " ".join(pdf_text(response.body()).split())
        assert "QUYẾT ĐỊNH" in text and registered(1) in text
        assert cast.sector.name.upper() in text
    case.refresh_from_db()
    assert case.decision_number == registered(1)


def test_citizen_submits_online_and_follows_the_status_with_the_receipt_code(cast, open_session, frozen_clock):
    citizen = open_session(who="citizen")
    page = citizen.page
    with citizen.step("submit"):
        page.goto("/cases/public/submit/")
        fill_form(
            page.locator("form.card"),
            {
                "kind": "complaint",
                "unit": str(cast.sector.pk),
                "title": "Chưa được trả lương làm thêm giờ",
                "content": "Tôi chưa được trả lương làm thêm giờ tháng 1 và tháng 2.",
                "full_name": "Trần Văn Dân",
                "phone": "0912345678",
                "address": "12 Lê Lợi, Huế",
            },
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi đơn").click()
        code = page.locator("#receipt-code").inner_text().strip()
        assert len(code) >= 8, code

    with citizen.step("status: received"):
        page.get_by_role("link", name="Tra cứu tình trạng đơn").click()
        page.get_by_label("Mã tiếp nhận").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Tra cứu").click()
        first = page.locator("table").inner_text()
        assert "02/03/2026" in first  # received today, shown dd/mm/yyyy

    case = Case.objects.get(title="Chưa được trả lương làm thêm giờ")
    intake = open_session(cast.intake)
    with intake.step("accept"):
        intake.page.goto(f"/cases/{case.pk}/")
        act(
            intake.page, "Thụ lý", {"legal_ground": "Luật Khiếu nại 2011, Điều 27", "subject_area": "che_do_chinh_sach"}
        )

    with citizen.step("status: accepted"):
        page.goto("/cases/public/status/")
        page.get_by_label("Mã tiếp nhận").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Tra cứu").click()
        table = page.locator("table").inner_text()
        assert "Ngày thụ lý" in table and table != first
        # The citizen sees the stage, never the staff's internal notes or other people's cases.
        assert "Luật Khiếu nại 2011" not in page.content()

    with citizen.step("wrong code"):
        page.get_by_label("Mã tiếp nhận").fill("KHONG-CO-MA")
        with page.expect_navigation():
            page.get_by_role("button", name="Tra cứu").click()
        assert "Không tìm thấy đơn" in page.content()


def test_the_header_switch_turns_the_interface_to_english_and_back(cast, open_session):
    visitor = open_session(who="visitor", locale="en-US")  # a browser set to English
    page = visitor.page
    with visitor.step("Vietnamese until the visitor chooses"):
        page.goto("/cases/public/submit/")
        assert page.get_by_role("heading", name="Gửi đơn khiếu nại, tố cáo, kiến nghị trực tuyến").count() == 1
        assert page.locator("html").get_attribute("lang") == "vi"
    with visitor.step("switch to English"):
        with page.expect_navigation():
            page.get_by_label("Ngôn ngữ").select_option("en")
        assert page.url.endswith("/cases/public/submit/")
        assert page.get_by_role("heading", name="Submit a complaint, denunciation or petition online").count() == 1
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_label("Type of submission").count() == 1
    with visitor.step("stays English on the next page"):
        page.get_by_role("link", name="Check the status of a submission").click()
        assert page.get_by_role("button", name="Check").count() == 1
    with visitor.step("back to Vietnamese"):
        with page.expect_navigation():
            page.get_by_label("Language").select_option("vi")
        assert page.get_by_role("button", name="Tra cứu").count() == 1
