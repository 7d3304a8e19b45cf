"""The officer who resolves a denunciation reveals the denouncer (with a reason), adjusts the working
copy others read, and prints the acceptance notice addressed to the denouncer; a leader never sees them."""

from __future__ import annotations

import io

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.models import Kind
from casework.cases.services import case_accept, case_assign
from tests.builders import make_case, submitter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Đinh Thị Tố Giác"
PHONE = "0977111222"
ADDRESS = "thôn Đông, xã Vũ Hội"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_reveal_redact_and_print_the_notice_to_the_denouncer(cast, open_session, frozen_clock):
    case = make_case(
        cast,
        Kind.DENUNCIATION,
        title="Tố cáo thu đoàn phí sai quy định",
        content=f"Tôi là {NAME}, ở {ADDRESS}, số máy {PHONE}. Kế toán là chị Lan biết rõ việc thu sai.",
        submitters=[submitter(full_name=NAME, phone=PHONE, address=ADDRESS)],
        subject_person="Ông Vũ Văn Thu",
    )
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29")
    case_assign(case=case, actor=cast.chair, assignee=cast.officer)

    officer = open_session(cast.officer)
    page = officer.page
    with officer.step("the page shows the working copy"):
        page.goto(f"/cases/{case.pk}/")
        content = page.locator("#case-content").inner_text()
        assert NAME not in content and PHONE not in content and "[đã che]" in content
    with officer.step("reveal with a reason"):
        page.get_by_label("Lý do cần xem danh tính người tố cáo").fill("Liên hệ người tố cáo để bổ sung chứng cứ")
        with page.expect_navigation():
            page.get_by_role("button", name="Xem danh tính người tố cáo").click()
        assert NAME in page.locator("#submitters").inner_text()
        assert NAME in page.locator("#case-content").inner_text()
    with officer.step("adjust the masks"):
        masks = page.locator("textarea[name=masks]")
        assert NAME in masks.input_value()
        masks.fill(masks.input_value() + "\nchị Lan")
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu bản che").click()
        content = page.locator("#case-content").inner_text()
        assert "chị Lan" not in content and NAME not in content and "thu sai" in content
    with officer.step("print the notice to the denouncer"):
        href = page.locator("#notices a.to-denouncer").first.get_attribute("href")
        response = page.request.get(href)
        assert response.status == 200 and "pdf" in response.headers["content-type"]
        assert NAME in _pdf_text(response.body())
        other = page.request.get(page.locator("#notices a", has_text="người bị tố cáo").first.get_attribute("href"))
        assert NAME not in _pdf_text(other.body()) and "Vũ Văn Thu" in _pdf_text(other.body())
    actions = set(audit_events_for(target_type="cases.case", target_id=case.pk).values_list("action", flat=True))
    assert {"case.identity_reveal", "case.redaction", "case.paper_to_denouncer"} <= actions

    leader = open_session(cast.leader)
    with leader.step("a leader reads the working copy only"):
        leader.page.goto(f"/cases/{case.pk}/")
        body = leader.page.inner_text("body")
        assert NAME not in body and PHONE not in body and "chị Lan" not in body
        assert leader.page.locator("#notices a.to-denouncer").count() == 0
