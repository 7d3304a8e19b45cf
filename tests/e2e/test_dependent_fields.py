"""Fields a decision needs only for some answers appear when that answer is chosen (web/depends.js);
the page works without the script, where every field shows and the server says what is missing."""

from __future__ import annotations

import pytest

from casework.cases import services as svc
from casework.cases.models import Kind, Outcome, Status
from tests.builders import accepted


def _approved(cast):
    case = accepted(cast, kind=Kind.COMPLAINT)
    case = svc.case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = svc.case_start_verification(case=case, actor=cast.officer)
    case = svc.case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    return svc.case_approve(case=case, actor=cast.leader)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_reason_to_depart_from_the_proposal_shows_only_when_departing(cast, open_session, frozen_clock):
    case = _approved(cast)
    officer = open_session(cast.officer)
    page = officer.page
    with officer.step("open the decision, change the outcome, then change it back"):
        page.goto(f"/cases/{case.pk}/")
        panel = page.locator("details").filter(has=page.locator("summary", has_text="Ban hành quyết định")).first
        panel.locator("summary").click()
        form = panel.locator("form")
        reason = form.locator("[name=deviation_reason]")
        assert form.locator("[name=outcome]").input_value() == "partly"  # from the approved proposal
        assert not reason.is_visible()
        form.locator("[name=outcome]").select_option("unfounded")
        assert reason.is_visible()
        form.locator("[name=outcome]").select_option("partly")
        assert not reason.is_visible()
    with officer.step("depart without a reason: the server refuses before any confirmation"):
        form.locator("[name=outcome]").select_option("founded")
        with page.expect_navigation():
            form.get_by_role("button", name="Ban hành quyết định giải quyết").click()
        assert page.locator("[data-confirmation]").count() == 0
        assert "phải nêu lý do" in page.content()
    case.refresh_from_db()
    assert case.status == Status.APPROVED


@pytest.mark.django_db
def test_without_the_script_every_field_shows(cast, client, frozen_clock):
    case = _approved(cast)
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    field = page.index('name="deviation_reason"')
    box = page[page.rindex("<p", 0, field) : field]
    assert "hidden" not in box and "display:none" not in box.replace(" ", "")  # only the script hides it
