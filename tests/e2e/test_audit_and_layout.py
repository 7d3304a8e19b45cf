"""The auditor's checks, and the main pages on a 375-pixel phone screen."""

from __future__ import annotations

import pytest

from tests.builders import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _case(cast):
    return make_case(cast, content="Chi quỹ phúc lợi không đúng quy chế năm 2025.", subject_person="")


def test_auditor_verifies_the_chain_and_reads_a_case_timeline(cast, open_session, frozen_clock):
    case = _case(cast)
    auditor = open_session(cast.auditor)
    page = auditor.page
    with auditor.step("verify the chain"):
        page.goto("/audit/verify/")
        with page.expect_navigation():
            page.get_by_role("button", name="Tính lại toàn bộ chuỗi").click()
        assert page.get_by_role("status").filter(has_text="Chuỗi nguyên vẹn").count() == 1
    with auditor.step("search"):
        page.goto("/audit/")
        page.get_by_label("Đối tượng (số hồ sơ, mã dấu hiệu, số quyết định, họ tên)").fill(case.reference)
        with page.expect_navigation():
            page.get_by_role("button", name="Tìm").click()
        text = page.locator("main").inner_text()
        assert "Tiếp nhận đơn" in text and case.reference in text and "case.intake" not in text
    with auditor.step("timeline"):
        page.goto(f"/audit/timeline/cases.case/{case.pk}/")
        text = page.locator("main").inner_text()
        assert "Tiếp nhận đơn" in text and cast.intake.full_name in text and case.reference in text


PHONE = {"width": 375, "height": 812}


PAGES = [
    ("officer", ["/", "/cases/", "/cases/new/", "/notifications/", "/units/"]),
    ("inspector", ["/inspections/", "/inspections/flags/", "/inspections/recommendations/"]),
    ("auditor", ["/audit/", "/audit/verify/", "/inspections/coverage/"]),
    ("leader", ["/escalations/", "/reports/"]),
    (None, ["/login/", "/cases/public/submit/", "/cases/public/status/"]),
]


def test_main_pages_fit_a_375_pixel_screen(cast, open_session, frozen_clock):
    case = _case(cast)
    pages = [*PAGES, ("intake", [f"/cases/{case.pk}/", f"/audit/timeline/cases.case/{case.pk}/"])]
    too_wide = {}
    for who, paths in pages:
        session = open_session(getattr(cast, who) if who else None, viewport=PHONE, who=who or "anon")
        for path in paths:
            with session.step(f"375px {path}"):
                response = session.page.goto(path)
                assert response.status == 200, (path, response.status)
                width = session.page.evaluate("document.documentElement.scrollWidth")
                if width > 375:
                    too_wide[path] = width
                    slug = path.strip("/").replace("/", "_")
                    session.page.screenshot(path=str(_artifact(f"375px-{who}-{slug}")), full_page=True)
        session.close()
    assert not too_wide, f"Trang tràn ngang ở màn hình 375px: {too_wide}"


def _artifact(name: str):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name or 'home'}.png"
