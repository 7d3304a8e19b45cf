"""A deadline passes with nothing done: the sweep escalates it and a leader decides from the queue."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections.models import Flag
from casework.org.services import unit_update
from core import clock
from tests.e2e.actions import fill_form
from tests.e2e.conftest import enrol_totp
from workflows.models import Escalation
from workflows.sweep import sweep_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_missed_deadline_reaches_the_leadership_queue_and_a_leader_decides(cast, open_session, otp_on, frozen_clock):
    inspector = open_session(cast.inspector)
    page = inspector.page
    with inspector.step("raise a flag"):
        page.goto("/inspections/flags/new/")
        fill_form(
            page.locator("main form"),
            {
                "unit": str(cast.hospital.pk),
                "category": "finance_spending",
                "subject_area": "tai_chinh_cong_doan",
                "severity": "medium",
                "source": "financial_report",
                "evidence": "Chi tiếp khách vượt định mức quý III",
            },
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu").click()
    flag = Flag.objects.get()

    # No inspection is opened; a month and a half later the periodic sweep runs (as the scheduler would).
    clock.advance(dt.timedelta(days=45))
    sweep_run()
    escalation = Escalation.objects.get()
    assert escalation.automatic

    # The ground must be true: the hospital's union has been dissolved (made inactive) meanwhile.
    unit_update(unit=cast.hospital, actor=cast.admin, changes={"is_active": False})
    enrol_totp(cast.leader)
    leader = open_session(cast.leader)  # password, then the TOTP code from the enrolled device
    with leader.step("queue"):
        leader.page.goto("/escalations/")
        link = leader.page.get_by_role("link", name=flag.reference).or_(
            leader.page.locator(f"a[href='/escalations/{escalation.pk}/']")
        )
        with leader.page.expect_navigation():
            link.first.click()
        assert leader.page.url.endswith(f"/escalations/{escalation.pk}/")
        assert "Tự động khi quá hạn" in leader.page.content()
    with leader.step("decide"):
        form = leader.page.locator("main form").filter(has=leader.page.get_by_role("button", name="Ghi quyết định"))
        form.locator("input[name=decision][value=approve]").check()
        # Ending the flag without an inspection needs a ground the rules allow, chosen on the form.
        form.locator("select[name=ground]").select_option("subject_dissolved")
        form.locator("[name=reason]").fill("CĐCS đã giải thể theo quyết định của LĐLĐ tỉnh, không mở cuộc kiểm tra")
        with leader.page.expect_navigation():
            form.get_by_role("button", name="Ghi quyết định").click()
        # Checked by the server, then confirmed: it cannot be undone.
        with leader.page.expect_navigation():
            leader.page.locator("form[data-confirmation] button[type=submit]").click()
        assert "Đã ghi nhận quyết định của lãnh đạo." in leader.page.content()
    escalation.refresh_from_db()
    flag.refresh_from_db()
    assert escalation.decision == "approve" and escalation.decided_by == cast.leader
    assert (flag.status, flag.end_ground) == (Flag.Status.DECIDED, "subject_dissolved")
