"""A complaint or denunciation withdrawn in whole after acceptance ends by a termination decision
(quyết định đình chỉ việc giải quyết), not by itself:

- Luật Khiếu nại 2011 Đ.10 (Bộ pháp điển Điều 18.1.LQ.10): on the written withdrawal the competent
  person terminates the resolution and tells the complainant in writing; TT 07/2013/TT-TTCP Đ.19
  (Điều 18.1.TT.1.19): the termination decision, Mẫu 12-KN;
- Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34 khoản 3 điểm a (Điều 18.5.LQ.33-34): withdrawn in whole, the
  termination decision, unless Đ.33 khoản 3 makes the case go on.

Before acceptance the letter is simply not accepted, and a petition has no termination: both end
withdrawn as they are recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Case, Kind, Outcome, Status
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_conclude,
    case_decide,
    case_propose,
    case_start_verification,
    case_terminate,
    case_withdraw,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import (
    DECISION_PARTS,
    before_dialogue,
    dialogued,
    explained,
    registered,
    withdrawal_letter,
    withdrawal_record,
)
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def _verifying(cast, make_case, **kwargs) -> Case:
    case = case_accept(subject_area="khac", case=make_case(**kwargs), actor=cast.intake, legal_ground="Căn cứ thụ lý")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


def _resolve(case: Case) -> Deadline:
    return next(d for d in case_deadlines(case=case) if d.step == "resolve")


def _api_detail(user, case) -> dict:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/cases/{case.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_art10_an_accepted_complaint_withdrawn_in_whole_awaits_the_termination_decision(cast, make_case, client):
    case = _verifying(cast, make_case)
    clock.advance(dt.timedelta(days=2))  # Wed 04/03/2026
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Đơn xin rút khiếu nại ngày 03/03", **withdrawal_letter()
    )
    # Recorded, not ended: the step and the resolution clock stay until the decision.
    assert (case.status, case.withdrawn_in_whole_on) == (Status.VERIFYING, dt.date(2026, 3, 4))
    assert "04/03/2026: Toàn bộ" in case.withdrawn_content and case.closed_on is None
    assert _resolve(case).status == Deadline.Status.OPEN
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.withdraw_whole")
    assert event.after["awaiting"] == "termination_decision"
    # Those who may decide are told the decision is due; the intake desk is not.
    told = Notification.objects.filter(key=f"case:{case.pk}:withdraw-whole:{case.version}")
    assert {n.user for n in told} >= {cast.leader, cast.chair} and cast.intake not in {n.user for n in told}
    assert all("chờ quyết định đình chỉ" in n.title for n in told)
    # The officer records, the competent body decides: no termination offered to the officer.
    assert "terminate" not in case_actions(user=cast.officer, case=case)
    assert "terminate" in case_actions(user=cast.leader, case=case)
    # Nothing more is withdrawn from a complaint awaiting its termination.
    with pytest.raises(TransitionNotAllowed) as err:
        case_withdraw(case=case, actor=cast.officer, reason="Rút lần nữa")
    assert "chờ quyết định đình chỉ" in err.value.message
    assert "withdraw" not in case_actions(user=cast.officer, case=case)

    # The page and the API show the pending decision, the termination form on its ground.
    client.force_login(cast.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="termination-due"' in page and "04/03/2026" in page
    assert '<option value="withdrawn" selected>' in page
    detail = _api_detail(cast.leader, case)
    assert detail["termination_due"] == {"due": True, "ground": "withdrawn", "withdrawn_on": "2026-03-04"}
    assert "terminate" in detail["allowed_actions"]

    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn", reason="Đơn rút ngày 03/03")
    assert (case.status, case.termination_ground, case.decision_number) == (
        Status.TERMINATED,
        "withdrawn",
        registered(1),
    )
    assert case.closed_on == dt.date(2026, 3, 4) and _resolve(case).status == Deadline.Status.CANCELLED
    assert _api_detail(cast.leader, case)["termination_due"] == {"due": False, "ground": None, "withdrawn_on": None}
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="termination-due"' not in page


def test_art10_termination_on_withdrawal_needs_a_recorded_whole_withdrawal(cast, make_case):
    case = _verifying(cast, make_case)
    with pytest.raises(ValidationFailed) as err:
        case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert "ground" in err.value.fields
    case.refresh_from_db()
    assert (case.status, case.termination_ground) == (Status.VERIFYING, "")
    # A partial withdrawal is no ground either: the rest goes on.
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Rút ý 2",
        scope="partial",
        withdrawn_content="Nội dung thứ hai",
        **withdrawal_letter(),
    )
    with pytest.raises(ValidationFailed):
        case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING


def test_withdrawn_in_whole_no_decision_or_conclusion_is_issued_on_the_merits(cast, make_case):
    for kind, issue in ((Kind.COMPLAINT, case_decide), (Kind.DENUNCIATION, case_conclude)):
        with before_dialogue():  # accepted five days ago: its dialogue may be held today
            case = _verifying(cast, make_case, kind=kind, content=f"Nội dung riêng của đơn {kind}.")
        if kind == Kind.COMPLAINT:
            case = dialogued(case, cast.officer)
        case = explained(case, cast.officer)
        case = case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.PARTLY)
        case = case_approve(case=case, actor=cast.leader)
        letter = withdrawal_letter()
        case = case_withdraw(
            case=case, actor=cast.officer, reason="Rút toàn bộ", assessment="Tự nguyện, không vi phạm", **letter
        )
        assert {"decide", "conclude"}.isdisjoint(case_actions(user=cast.officer, case=case))
        with pytest.raises(TransitionNotAllowed) as err:
            issue(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Văn bản", outcome=Outcome.PARTLY)
        assert "quyết định đình chỉ" in err.value.message
        case.refresh_from_db()
        assert (case.status, case.decision_number) == (Status.APPROVED, "")
        case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
        assert case.status == Status.TERMINATED


def test_art34_a_denunciation_withdrawn_in_whole_awaits_termination_unless_it_must_go_on(cast, make_case):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn rút tố cáo",
        assessment="Không có dấu hiệu vi phạm",
        **withdrawal_letter(),
    )
    assert (case.status, case.withdrawn_in_whole_on) == (Status.VERIFYING, clock.today())
    assert case.withdrawal_assessment == "Không có dấu hiệu vi phạm"
    # Before the decision the case may still be found to go on (Đ.33 khoản 3): the decision is no
    # longer due, and a termination on that ground is refused.
    assert "withdraw" in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed):
        case_withdraw(
            case=case,
            actor=cast.officer,
            reason="Rút một phần",
            scope="partial",
            withdrawn_content="x",
            **withdrawal_letter(),
        )
    case = case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Đơn rút tố cáo",
        assessment="Có căn cứ người tố cáo bị đe dọa",
        continue_grounds=["coerced"],
        measures="Đề nghị công an áp dụng biện pháp bảo vệ người tố cáo",
    )
    assert case.withdrawn_in_whole_on is None and case.withdrawn_content.count("Toàn bộ") == 1
    with pytest.raises(ValidationFailed):
        case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert _resolve(case).status == Deadline.Status.OPEN


def test_a_committee_of_one_with_a_delegation_records_the_withdrawal_and_terminates_itself(cast, make_case):
    case = _verifying(cast, make_case)
    case = case_withdraw(case=case, actor=cast.chair, reason="Người khiếu nại nộp đơn rút", **withdrawal_letter())
    assert "terminate" in case_actions(user=cast.chair, case=case)
    case = case_terminate(case=case, actor=cast.chair, ground="withdrawn")
    assert case.status == Status.TERMINATED


def test_before_acceptance_and_for_a_petition_a_whole_withdrawal_ends_the_letter_as_before(cast, make_case):
    received = make_case(kind=Kind.DENUNCIATION)
    received = case_withdraw(
        case=received,
        actor=cast.intake,
        reason="Rút trước khi thụ lý",
        assessment="Tự nguyện",
        **withdrawal_record(cast.intake, role="checker"),
    )
    assert (received.status, received.withdrawn_in_whole_on) == (Status.WITHDRAWN, None)
    petition = case_accept(
        subject_area="khac", case=make_case(kind=Kind.PETITION), actor=cast.intake, legal_ground="Căn cứ"
    )
    petition = case_withdraw(case=petition, actor=cast.intake, reason="Rút kiến nghị")
    assert (petition.status, petition.withdrawn_in_whole_on) == (Status.WITHDRAWN, None)
    assert petition.closed_on == clock.today()


def test_the_quarterly_figures_count_it_open_until_the_decision_then_apart_as_terminated(cast, make_case):
    from casework.reports.figures import compute_figures
    from casework.reports.periods import Quarter

    def figures():
        return compute_figures(unit=cast.sector, period=Quarter(2026, 1), user=None, roles=())[None]

    case = _verifying(cast, make_case)
    case = case_withdraw(case=case, actor=cast.officer, reason="Đơn xin rút", **withdrawal_letter())
    pending = figures()
    assert (pending["open_total"], pending["withdrawn"], pending["resolved"], pending["terminated"]) == (1, 0, 0, 0)
    case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    ended = figures()
    # Like every termination: a decision that ends the resolution, no longer open, and counted apart
    # from the letters resolved on their merits; the row "Rút đơn" (section II) counts letters
    # withdrawn before acceptance.
    assert (ended["open_total"], ended["withdrawn"], ended["resolved"]) == (0, 0, 0)
    assert (ended["terminated"], ended["terminated_withdrawn"]) == (1, 1)
