"""The decision step starts from the approved proposal; departing from it needs a stated reason,
on the page and through the API alike (one rule in the service)."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.audit.timeline import event_reason
from casework.cases.models import Kind, Outcome, Status
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_decide,
    case_propose,
    case_start_verification,
)
from core.errors import ValidationFailed
from tests.builders import DECISION_PARTS, before_dialogue, dialogued, explained, registered

pytestmark = pytest.mark.django_db

PROPOSAL = "Khiếu nại đúng một phần: đơn vị phải trả lại trợ cấp tháng 3."


def _approved(cast, make_case, kind=Kind.COMPLAINT):
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = make_case(kind=kind)
        case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    if kind == Kind.COMPLAINT:
        case = dialogued(case, cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal=PROPOSAL, outcome=Outcome.PARTLY)
    return case_approve(case=case, actor=cast.leader)


def _decide_form(page: str, action: str) -> str:
    start = page.index(f"/action/{action}/")
    return page[start : page.index("</form>", start)]


def test_the_decision_form_is_filled_in_from_the_approved_proposal(cast, make_case, client):
    case = _approved(cast, make_case)
    client.force_login(cast.officer)
    form = _decide_form(client.get(f"/cases/{case.pk}/").content.decode(), "decide")
    assert '<option value="partly" selected>' in form
    assert PROPOSAL in form
    # The reason for departing shows only for the other outcomes (web/depends.js).
    assert 'data-depends-on="outcome"' in form and 'data-depends-values="founded unfounded"' in form


def test_a_conclusion_is_filled_in_from_the_approved_proposal_too(cast, make_case, client):
    from casework.cases.services import case_denounced_notice_sent

    case = _approved(cast, make_case, kind=Kind.DENUNCIATION)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)  # Luật Tố cáo 2018 Đ.29 khoản 3
    client.force_login(cast.officer)
    form = _decide_form(client.get(f"/cases/{case.pk}/").content.decode(), "conclude")
    assert '<option value="partly" selected>' in form and PROPOSAL in form


def test_the_page_refuses_a_departing_decision_without_a_reason_and_changes_nothing(cast, make_case, client):
    case = _approved(cast, make_case)
    client.force_login(cast.officer)
    data = {
        "version": case.version,
        "outcome": "unfounded",
        **DECISION_PARTS,
        "decision_text": "Khiếu nại sai.",
        "confirmed": "1",
    }
    response = client.post(f"/cases/{case.pk}/action/decide/", data)
    assert response.status_code == 400
    assert "khác với đề xuất đã được phê duyệt" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.outcome, case.decision_text) == (Status.APPROVED, Outcome.PARTLY, "")


def test_a_departing_decision_with_a_reason_is_issued_and_its_reason_kept(cast, make_case, client):
    case = _approved(cast, make_case)
    client.force_login(cast.officer)
    reason = "Tài liệu mới nộp sau khi phê duyệt cho thấy đơn vị đã trả đủ."
    data = {
        "version": case.version,
        "decision_number": "9/QĐ",
        "outcome": "unfounded",
        **DECISION_PARTS,
        "decision_text": "Khiếu nại sai.",
        "deviation_reason": reason,
        "confirmed": "1",
    }
    assert client.post(f"/cases/{case.pk}/action/decide/", data).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.DECIDED, Outcome.UNFOUNDED)
    # A number typed into the page is not the decision's: it is the outgoing register's.
    assert case.decision_number == registered(1)
    event = AuditEvent.objects.get(action="case.decide", target_id=str(case.pk))
    assert event_reason(event) == reason


def test_the_service_refuses_a_departing_decision_without_a_reason(cast, make_case):
    case = _approved(cast, make_case)
    with pytest.raises(ValidationFailed) as refused:
        case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Sai.", outcome=Outcome.FOUNDED)
    assert "deviation_reason" in refused.value.fields
    case.refresh_from_db()
    assert case.status == Status.APPROVED


def test_the_same_outcome_as_approved_needs_no_reason(cast, make_case):
    case = _approved(cast, make_case)
    case = case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text=PROPOSAL, outcome=Outcome.PARTLY)
    assert case.status == Status.DECIDED


def test_the_api_enforces_the_same_rule(cast, make_case):
    from rest_framework.test import APIClient

    case = _approved(cast, make_case)
    api = APIClient()
    api.force_authenticate(cast.officer)
    payload = {"decision_number": "3/QĐ", **DECISION_PARTS, "decision_text": "Khiếu nại đúng.", "outcome": "founded"}
    refused = api.post(f"/api/cases/{case.pk}/decide/", payload, format="json")
    assert refused.status_code == 400
    assert "deviation_reason" in refused.json()["fields"]
    case.refresh_from_db()
    assert case.status == Status.APPROVED
    done = api.post(f"/api/cases/{case.pk}/decide/", {**payload, "deviation_reason": "Có chứng cứ mới."}, format="json")
    assert done.status_code == 200, done.json()
    # The decision_number sent is read-only input, ignored: the number is the outgoing register's.
    assert (done.json()["outcome"], done.json()["decision_number"]) == ("founded", registered(1))
