"""The officer who verified drafts each part of the decision or conclusion with the report and proposal
(Luật Tố cáo 2018 Đ.31 khoản 6; Luật Khiếu nại 2011 Đ.29 khoản 4, Đ.38): the drafts are optional, shown
with the proposal (a denunciation's through its masks), and the one who issues the decision starts from
them on the page and through the API, changing any; the decision step still requires every part."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of
from casework.cases.decision_parts import COMPLAINT_PARTS, DENUNCIATION_PARTS, PART_MAX_LENGTH, draft_field
from casework.cases.forms import DecisionForm
from casework.cases.models import Case, Kind, Outcome, Status
from casework.cases.services import (
    case_approve,
    case_close,
    case_denounced_notice_sent,
    case_notify_result,
    case_propose,
    case_start_verification,
)
from casework.cases.services.identity import case_masks_in_force
from core import clock
from core.errors import ValidationFailed
from tests.builders import DECISION_PARTS, assigned, dialogued, explained

pytestmark = pytest.mark.django_db

REPORT = "Báo cáo: đã làm việc với kế toán và đối chiếu bảng thanh toán."
DRAFTS = {
    "verification_result": "Dự thảo: bảng thanh toán tháng 3 thiếu khoản trợ cấp.",
    "legal_basis": "Dự thảo: Điều lệ Công đoàn Việt Nam; quy chế chi tiêu nội bộ.",
    "decision_text": "Dự thảo: khiếu nại đúng một phần.",
    "resolution_measures": "Dự thảo: yêu cầu đơn vị chi trả bổ sung trong 15 ngày.",
    "policy_recommendations": "Dự thảo: bổ sung quy chế chi trợ cấp ốm đau.",
    "compensation": "Dự thảo: không phát sinh bồi thường.",
}


def _verified(cast, kind):
    case = case_start_verification(case=assigned(cast, kind=kind), actor=cast.officer)
    if kind == Kind.COMPLAINT:
        case = dialogued(case, cast.officer)
    return explained(case, cast.officer)


def _kind_drafts(kind):
    parts = COMPLAINT_PARTS if kind == Kind.COMPLAINT else DENUNCIATION_PARTS
    return {part.field: DRAFTS[part.field] for part in parts}


def _approved(cast, kind=Kind.COMPLAINT, **drafts):
    case = case_propose(
        case=_verified(cast, kind), actor=cast.officer, proposal=REPORT, outcome=Outcome.PARTLY, **drafts
    )
    case = case_approve(case=case, actor=cast.leader)
    if kind == Kind.DENUNCIATION:
        case = case_denounced_notice_sent(case=case, actor=cast.officer)
    return case


def _form(page: str, action: str) -> str:
    start = page.index(f"/action/{action}/")
    return page[start : page.index("</form>", start)]


def test_the_drafts_fill_in_the_decision_form_and_the_edited_decision_is_issued(cast, client):
    drafts = _kind_drafts(Kind.COMPLAINT)
    case = _approved(cast, **drafts)
    stored = Case.objects.get(pk=case.pk)
    assert {field: getattr(stored, draft_field(field)) for field in drafts} == drafts
    assert stored.proposal_policy_recommendations == ""  # not a complaint's part

    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    shown = page[page.index('id="proposal-parts"') :]
    for part in COMPLAINT_PARTS:
        assert str(part.label) in shown and drafts[part.field] in shown
    form = _form(page, "decide")
    for text in drafts.values():
        assert text in form

    edited = "Kết luận: khiếu nại đúng một phần, đơn vị trả thiếu trợ cấp tháng 3."
    data = {"version": case.version, "outcome": Outcome.PARTLY, **drafts, "decision_text": edited, "confirmed": "1"}
    assert client.post(f"/cases/{case.pk}/action/decide/", data).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert case.decision_text == edited and case.legal_basis == drafts["legal_basis"]
    assert case.proposal_decision_text == drafts["decision_text"]  # the draft stays as proposed
    event = AuditEvent.objects.get(action="case.decide", target_id=str(case.pk))
    after = {change.field: change.after for change in changes_of(event)}
    assert after["decision_text"] == edited and after["resolution_measures"] == drafts["resolution_measures"]
    proposed = AuditEvent.objects.get(action="case.propose", target_id=str(case.pk))
    assert {change.field: change.after for change in changes_of(proposed)}["proposal_legal_basis"] == drafts[
        "legal_basis"
    ]


def test_a_proposal_with_only_its_report_still_works_and_the_report_fills_the_verification_result(cast):
    case = _approved(cast)
    stored = Case.objects.get(pk=case.pk)
    assert all(getattr(stored, draft_field(part.field)) == "" for part in COMPLAINT_PARTS)
    initial = DecisionForm(case=stored).initial
    assert initial["verification_result"] == REPORT and initial["outcome"] == Outcome.PARTLY
    assert not any(initial.get(part.field) for part in COMPLAINT_PARTS if part.field != "verification_result")
    # The decision step still requires its parts: nothing is taken from a draft that was never written.
    with pytest.raises(ValidationFailed) as refused:
        from casework.cases.services import case_decide

        case_decide(case=stored, actor=cast.chair, decision_text=None, outcome=Outcome.PARTLY, legal_basis=None)
    assert {"decision_text", "legal_basis", "resolution_measures"} <= set(refused.value.fields)
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED


def test_a_draft_of_the_verification_result_comes_before_the_report(cast):
    case = _approved(cast, verification_result=DRAFTS["verification_result"])
    assert (
        DecisionForm(case=Case.objects.get(pk=case.pk)).initial["verification_result"]
        == (DRAFTS["verification_result"])
    )


def test_api_round_trip_of_the_drafts(cast, api_as):
    drafts = _kind_drafts(Kind.DENUNCIATION)
    case = _verified(cast, Kind.DENUNCIATION)
    officer = api_as(cast.officer)
    body = {"version": case.version, "proposal": REPORT, "outcome": Outcome.PARTLY, **drafts}
    response = officer.post(f"/api/cases/{case.pk}/propose/", body, format="json")
    assert response.status_code == 200, response.content
    for field, text in drafts.items():
        assert response.json()[draft_field(field)] == text
    case = case_denounced_notice_sent(
        case=case_approve(case=Case.objects.get(pk=case.pk), actor=cast.leader), actor=cast.officer
    )

    # Only the outcome and the part changed are sent: every other part is the approved draft.
    measures = "Kiến nghị kỷ luật khiển trách chủ tịch CĐCS."
    body = {"version": case.version, "outcome": Outcome.PARTLY, "resolution_measures": measures}
    response = api_as(cast.chair).post(f"/api/cases/{case.pk}/conclude/", body, format="json")
    assert response.status_code == 200, response.content
    shown = api_as(cast.chair).get(f"/api/cases/{case.pk}/").json()
    assert shown["status"] == Status.CONCLUDED
    assert shown["resolution_measures"] == measures
    for field in ("verification_result", "legal_basis", "decision_text", "policy_recommendations"):
        assert shown[field] == drafts[field]
        assert shown[draft_field(field)] == drafts[field]


def test_an_api_decision_sending_a_part_blank_is_refused_not_filled_from_the_draft(cast, api_as):
    case = _approved(cast, **_kind_drafts(Kind.COMPLAINT))
    body = {"version": case.version, "outcome": Outcome.PARTLY, "legal_basis": ""}
    response = api_as(cast.chair).post(f"/api/cases/{case.pk}/decide/", body, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()["fields"]) == {"legal_basis"}
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED


def test_the_denouncers_name_never_appears_in_a_draft(cast, client, api_as):
    case = _verified(cast, Kind.DENUNCIATION)
    name = case_masks_in_force(case)[0]
    drafts = {field: f"{text} Theo lời {name}." for field, text in _kind_drafts(Kind.DENUNCIATION).items()}
    case = case_propose(case=case, actor=cast.officer, proposal=REPORT, outcome=Outcome.PARTLY, **drafts)
    stored = Case.objects.get(pk=case.pk)
    for field, text in _kind_drafts(Kind.DENUNCIATION).items():
        assert name not in getattr(stored, draft_field(field))
        assert text in getattr(stored, draft_field(field))
    client.force_login(cast.leader)
    assert name not in client.get(f"/cases/{case.pk}/").content.decode()
    detail = api_as(cast.leader).get(f"/api/cases/{case.pk}/").content.decode("unicode_escape")
    assert name not in detail
    event = AuditEvent.objects.get(action="case.propose", target_id=str(case.pk))
    assert all(name not in str(change.after) for change in changes_of(event))


@pytest.mark.parametrize("field", ["legal_basis", "decision_text"])
def test_a_draft_longer_than_a_part_may_be_is_a_400_and_nothing_changes(cast, api_as, field):
    case = _verified(cast, Kind.COMPLAINT)
    before = (case.status, case.version, AuditEvent.objects.count())
    body = {"version": case.version, "proposal": REPORT, "outcome": Outcome.PARTLY, field: "x" * (PART_MAX_LENGTH + 1)}
    response = api_as(cast.officer).post(f"/api/cases/{case.pk}/propose/", body, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()["fields"]) == {field}
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.version, AuditEvent.objects.count()) == before
    assert case.proposal == "" and getattr(case, draft_field(field)) == ""


def test_a_draft_in_html_is_kept_as_text_and_shown_escaped(cast, api_as, client):
    case = _verified(cast, Kind.COMPLAINT)
    hostile = "<script>alert(1)</script><b>đậm</b>"
    body = {"version": case.version, "proposal": REPORT, "outcome": Outcome.PARTLY, "legal_basis": hostile}
    response = api_as(cast.officer).post(f"/api/cases/{case.pk}/propose/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["proposal_legal_basis"] == hostile
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_page_proposal_form_takes_the_drafts_optionally(cast, client):
    case = _verified(cast, Kind.COMPLAINT)
    client.force_login(cast.officer)
    form = _form(client.get(f"/cases/{case.pk}/").content.decode(), "propose")
    for part in COMPLAINT_PARTS:
        assert f'name="{part.field}"' in form
    data = {"version": case.version, "proposal": REPORT, "outcome": Outcome.PARTLY, "confirmed": "1"}
    data["compensation"] = DRAFTS["compensation"]
    assert client.post(f"/cases/{case.pk}/action/propose/", data).status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.PROPOSED and case.proposal_compensation == DRAFTS["compensation"]
    assert case.proposal_legal_basis == ""


def test_a_proposal_approved_by_the_leadership_on_an_escalation_carries_its_drafts(cast):
    from workflows.services.escalations import escalation_decide, escalation_open

    drafts = _kind_drafts(Kind.COMPLAINT)
    case = case_propose(
        case=_verified(cast, Kind.COMPLAINT), actor=cast.officer, proposal=REPORT, outcome=Outcome.PARTLY, **drafts
    )
    escalation = escalation_open(target=case, unit=case.unit, reason="Cần lãnh đạo cho ý kiến", actor=cast.officer)
    escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason="Đồng ý đề xuất")
    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.APPROVED
    initial = DecisionForm(case=case).initial
    assert {field: initial[field] for field in drafts} == drafts


def test_the_drafts_are_erased_at_the_end_of_retention(cast, frozen_clock, django_capture_on_commit_callbacks):
    from casework.cases.services import case_decide
    from casework.privacy.services import ERASED, retention_policy_set, retention_run

    retention_policy_set(actor=cast.admin, kind=Kind.COMPLAINT, years=5, source="Quy định lưu trữ (thử nghiệm)")
    drafts = _kind_drafts(Kind.COMPLAINT)
    case = _approved(cast, **drafts)
    case = case_decide(case=case, actor=cast.chair, outcome=Outcome.PARTLY, **{**DECISION_PARTS, **drafts})
    case = case_close(case=case_notify_result(case=case, actor=cast.officer), actor=cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 30))
    assert [o.outcome for o in outcomes] == ["destroyed"]
    case = Case.objects.get(pk=case.pk)
    for field in drafts:
        assert getattr(case, draft_field(field)) == ERASED
    assert case.proposal_policy_recommendations == ""
