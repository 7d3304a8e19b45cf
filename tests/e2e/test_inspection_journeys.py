"""A sign of violation taken through an inspection to an approved conclusion with a recommendation,
then the inspected unit reports on the recommendation and an inspector verifies it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.inspections.models import Flag, Inspection, Recommendation
from core import clock
from tests.e2e.actions import fill_form, section_act

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_flag_to_concluded_inspection_then_recommendation_reported_and_verified(cast, open_session, frozen_clock):
    inspector = open_session(cast.inspector)
    page = inspector.page
    with inspector.step("raise a flag"):
        page.goto("/inspections/flags/new/")
        fill_form(
            page.locator("main form"),
            {
                "unit": str(cast.hospital.pk),
                "category": "finance_dues",
                "subject_area": "tai_chinh_cong_doan",
                "severity": "high",
                "source": "manual",
                "evidence": "Không nộp đoàn phí 6 tháng cuối năm 2025",
            },
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu").click()
        flag = Flag.objects.get()
        assert page.url.endswith(f"/inspections/flags/{flag.pk}/")

    with inspector.step("open an inspection from the flag"):
        page.get_by_role("link", name="Mở cuộc kiểm tra đột xuất").click()
        fill_form(page.locator("main form"), {"unit": str(cast.sector.pk), "subject_unit": str(cast.hospital.pk)})
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu").click()
        inspection = Inspection.objects.get()
        assert re.search(rf"/inspections/{inspection.pk}/$", page.url), page.url
    with inspector.step("team"):
        section_act(
            page,
            "team",
            {"lead": str(cast.inspector.pk), "members": [str(cast.inspector2.pk), str(cast.inspector3.pk)]},
        )

    chair = open_session(cast.chair)
    detail = f"/inspections/{inspection.pk}/"
    with chair.step("sign the decision"):
        chair.page.goto(detail)
        section_act(chair.page, "decide", {"confirm": True})

    with inspector.step("notify"):
        page.goto(detail)
        section_act(page, "notify", {"text": "Đề nghị chuẩn bị sổ sách, chứng từ năm 2025"})

    subject = open_session(cast.subject_rep)
    with subject.step("acknowledge"):
        subject.page.goto(detail)
        section_act(subject.page, "acknowledge", {"confirm": True})

    member = open_session(cast.inspector2)
    with member.step("fieldwork"):
        member.page.goto(detail)
        buttons = member.page.get_by_role("button", name="Đánh dấu đã kiểm tra")
        while buttons.count():
            with member.page.expect_navigation():
                buttons.first.click()
        section_act(
            member.page,
            "finding",
            {"topic": "finance_dues", "description": "Chưa nộp đoàn phí 6 tháng", "amount": "12.500.000"},
        )
        section_act(member.page, "report_draft", {"text": "Dự thảo báo cáo kết quả kiểm tra"})

    with subject.step("explain the draft report"):
        subject.page.goto(detail)
        section_act(subject.page, "explain", {"text": "Đơn vị đã nộp bổ sung đoàn phí tháng 5, tháng 6"})

    with chair.step("approve the conclusion"):
        chair.page.goto(detail)
        section_act(chair.page, "conclude", {"outcome": "founded", "text": "Có vi phạm về đoàn phí"})
        # Without ticking the confirmation nothing happens, and the error is announced.
        assert chair.page.locator("#action-conclude [role=alert], #action-conclude .errorlist").count() >= 1
        inspection.refresh_from_db()
        assert inspection.status != Inspection.Status.CONCLUDED
        section_act(chair.page, "conclude", {"outcome": "founded", "text": "Có vi phạm về đoàn phí", "confirm": True})
        inspection.refresh_from_db()
        assert inspection.status == Inspection.Status.CONCLUDED
        due = (clock.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
        section_act(
            chair.page,
            "recommend",
            {"text": "Thu nộp đủ đoàn phí còn thiếu", "owner_unit": str(cast.hospital.pk), "due_on": due},
        )
        assert "Thu nộp đủ đoàn phí còn thiếu" in chair.page.content()
    flag.refresh_from_db()
    assert flag.status == Flag.Status.INSPECTED
    rec = Recommendation.objects.get()

    with subject.step("report on the recommendation"):
        subject.page.goto("/")
        subject.page.get_by_role("link", name=re.compile("Thu nộp đủ đoàn phí")).first.click()
        section_act(subject.page, "report", {"text": "Đã thu nộp đủ đoàn phí, kèm chứng từ"})
        rec.refresh_from_db()
        assert rec.status == Recommendation.Status.REPORTED

    verifier = open_session(cast.inspector3)
    with verifier.step("verify"):
        verifier.page.goto(f"/inspections/recommendations/{rec.pk}/")
        assert "Đã thu nộp đủ đoàn phí" in verifier.page.content()
        section_act(verifier.page, "verify", {"verdict": "accepted", "confirm": True})
        rec.refresh_from_db()
        assert rec.status == Recommendation.Status.ACCEPTED
