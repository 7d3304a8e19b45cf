"""The inspected grassroots union has no account: the chair records the notice's delivery (date, means,
scan of the signed receipt) in the browser, and the inspection still reaches its approved conclusion."""

from __future__ import annotations

import pytest

from casework.inspections import services
from casework.inspections.models import Flag, Inspection
from core import clock
from tests.builders import explanation_time_over, raise_flag
from tests.e2e.actions import fill_form, section_act
from tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_unit_without_an_account_is_inspected_to_its_conclusion(cast, open_session, frozen_clock, tmp_path):
    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    flag = raise_flag(cast, unit=no_account)
    inspection = services.inspection_open(unit=cast.sector, subject_unit=no_account, actor=cast.inspector, flags=[flag])
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    services.inspection_decide(inspection=inspection, actor=cast.chair)
    services.inspection_notify(inspection=inspection, text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector)
    detail = f"/inspections/{inspection.pk}/"
    scan = tmp_path / "giay-ky-nhan.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")

    chair = open_session(cast.chair)
    with chair.step("record the notice's delivery"):
        chair.page.goto(detail)
        form = chair.page.locator("#action-deliver_notice form")
        assert form.count() == 1, "the chair is offered the delivery record when the unit has no account"
        fill_form(form, {"delivered_on": clock.today().strftime("%d/%m/%Y"), "means": "hand"})
        form.locator("[name='files']").set_input_files(str(scan))
        with chair.page.expect_navigation():
            form.locator("button[type=submit]").click()
        inspection.refresh_from_db()
        assert (inspection.status, inspection.notice_delivery_means) == (Inspection.Status.FIELDWORK, "hand")

    member = open_session(cast.inspector2)
    with member.step("fieldwork and draft report"):
        member.page.goto(detail)
        buttons = member.page.get_by_role("button", name="Đánh dấu đã kiểm tra")
        while buttons.count():
            with member.page.expect_navigation():
                buttons.first.click()
        section_act(member.page, "report_draft", {"text": "Dự thảo báo cáo kết quả kiểm tra"})
        inspection.refresh_from_db()
        assert inspection.status == Inspection.Status.REPORTING

    # Nobody explains for the unit in the system: the conclusion waits out its time to explain.
    explanation_time_over(inspection)
    with chair.step("approve the conclusion"):
        chair.page.goto(detail)
        section_act(chair.page, "conclude", {"outcome": "founded", "text": "Có vi phạm", "confirm": True})
        inspection.refresh_from_db()
        assert inspection.status == Inspection.Status.CONCLUDED
    flag.refresh_from_db()
    assert flag.status == Flag.Status.INSPECTED
