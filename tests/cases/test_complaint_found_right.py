"""A first complaint found right on re-examination is decided at once, with no verification assigned (Luật Khiếu
nại 2011 Đ.29 khoản 1 điểm a; Thông tư 07/2013/TT-TTCP Đ.6 khoản 3): the resolver's leaders record it with the
day and the reason (audited), the case page and the API offer and show it, the proposal is of a complaint right
(made straight from the assignment, with no verification to start) and goes on to the approval and the decision,
whose verification result starts from the reason; any other outcome waits for the verification (điểm b); a second
complaint has no such step (Đ.38)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import event_reason
from casework.cases.actions import case_actions
from casework.cases.models import Case, ComplaintFoundRight, Kind, Outcome, Status, VerificationAssignment
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_complaint_found_right,
    case_complaint_second,
    case_conflict_declare,
    case_decide,
    case_notify_result,
    case_propose,
    case_start_verification,
    case_verification_assign,
    verification_refusal,
)
from casework.org.models import Role
from core.errors import TransitionNotAllowed, ValidationFailed
from tests import builders
from tests.builders import DECISION_PARTS, clock_at, decided, task_holder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECEIVED_ON = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 3, 4)
REASON = "Kiểm tra lại quyết định không chi trợ cấp: sai quy chế chi tiêu nội bộ, người khiếu nại đủ điều kiện."


def verifying(cast):
    """A first complaint received and accepted on 02/03/2026, assigned and being verified; the clock on 04/03."""
    clock_at(RECEIVED_ON)
    case = builders.verifying(cast, received_on=RECEIVED_ON, title="Đơn thư")
    clock_at(TODAY)
    return Case.objects.get(pk=case.pk)


def open_step(case):
    """The step of the case's open workflow task."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.flows.routing import process_for

    return Task.objects.get(process=process_for(case), status__in=[STATUS.NEW, STATUS.ASSIGNED]).flow_task.name


def assigned(cast):
    """The same complaint assigned, its verification not started."""
    clock_at(RECEIVED_ON)
    case = builders.assigned(cast, received_on=RECEIVED_ON, title="Đơn thư")
    clock_at(TODAY)
    return Case.objects.get(pk=case.pk)


def found_right(case, cast, **overrides):
    values = {"case": case, "actor": cast.chair, "on": TODAY, "reason": REASON, **overrides}
    return case_complaint_found_right(**values)


def test_found_right_the_complaint_goes_to_its_decision_with_no_verification(cast):
    case = verifying(cast)
    assert "Điều 29 khoản 1 điểm a" in verification_refusal(case, cast.officer)  # the way is told
    assert "complaint_found_right" in case_actions(user=cast.chair, case=case)
    assert "complaint_found_right" not in case_actions(user=cast.officer, case=case)  # the resolver's leaders
    case = found_right(case, cast)
    assert not VerificationAssignment.objects.filter(case=case).exists()
    row = ComplaintFoundRight.objects.get(case=case)
    assert (row.on, row.reason, row.recorded_by) == (TODAY, REASON, cast.chair)
    event = next(
        e
        for e in audit_events_for(target_type="cases.case", target_id=case.pk)
        if e.action == "case.complaint_found_right"
    )
    assert event_reason(event) == REASON and event.after["on"] == TODAY.isoformat()
    assert "complaint_found_right" not in case_actions(user=cast.chair, case=case)  # recorded once
    assert verification_refusal(case, cast.officer) == ""
    assert "propose" in case_actions(user=cast.officer, case=case)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)  # right: no dialogue owed (Đ.30 khoản 1)
    case = case_decide(
        case=case,
        actor=cast.officer,
        decision_text="Hủy quyết định bị khiếu nại.",
        outcome=Outcome.FOUNDED,
        **DECISION_PARTS,
    )
    assert case.status == Status.DECIDED
    assert case_notify_result(case=case, actor=cast.officer).status == Status.NOTIFIED


@pytest.mark.parametrize("outcome", [Outcome.PARTLY, Outcome.UNFOUNDED])
def test_another_outcome_waits_for_the_verification(cast, outcome):
    case = found_right(verifying(cast), cast)
    with pytest.raises(TransitionNotAllowed, match="điểm b"):
        case_propose(case=case, actor=cast.officer, proposal="Khiếu nại sai.", outcome=outcome)
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING
    # The verification assigned (điểm b), its report decides as usual: the gate is the assignment's.
    case = case_verification_assign(
        case=Case.objects.get(pk=case.pk),
        actor=cast.chair,
        on=TODAY,
        members=[cast.officer],
        content="Nội dung",
        starts_on=TODAY,
        ends_on=TODAY,
    )
    with pytest.raises(TransitionNotAllowed, match="Đ.30|Điều 30|đối thoại"):
        case_propose(case=case, actor=cast.officer, proposal="Khiếu nại sai.", outcome=outcome)  # dialogue first


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"on": None}, "on"),
        ({"on": "04/03/2026"}, "on"),
        ({"on": dt.date(2026, 3, 1)}, "on"),  # before the acceptance
        ({"on": dt.date(2026, 3, 5)}, "on"),  # after today
        ({"reason": " \x00 "}, "reason"),
        ({"reason": ["a"]}, "reason"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(cast, overrides, field):
    case = verifying(cast)
    with pytest.raises(ValidationFailed) as err:
        found_right(case, cast, **overrides)
    assert field in err.value.fields
    assert not ComplaintFoundRight.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).version == case.version


def test_who_and_when_may_record_it(cast):
    case = verifying(cast)
    with pytest.raises(TransitionNotAllowed):
        found_right(case, cast, actor=cast.officer)  # not the resolver's leaders
    case_conflict_declare(case=case, actor=cast.chair, note="Người thân của người khiếu nại")
    case = Case.objects.get(pk=case.pk)
    assert "complaint_found_right" not in case_actions(user=cast.chair, case=case)
    with pytest.raises(TransitionNotAllowed, match="xung đột"):
        found_right(case, cast)
    assigned = case_verification_assign(
        case=verifying(cast),
        actor=cast.leader,
        on=TODAY,
        members=[cast.officer],
        content="x",
        starts_on=TODAY,
        ends_on=TODAY,
    )
    with pytest.raises(TransitionNotAllowed, match="điểm b"):  # the verification was assigned: its report decides
        found_right(assigned, cast, actor=cast.leader)
    assert not ComplaintFoundRight.objects.exists()


def test_a_second_complaint_has_no_such_step(cast):
    """Đ.38: the second-round resolver (the province) verifies personally or assigns the verification."""
    from core import clock

    first = decided(cast)
    case_notify_result(case=first, actor=cast.officer)
    intake_officer = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    chair = UserFactory(roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    officer = UserFactory(roles=[(Role.CASE_OFFICER, cast.province)])
    second = case_complaint_second(first=first, actor=intake_officer, received_on=clock.today(), content="Lần hai")
    second = case_accept(
        case=second, actor=intake_officer, legal_ground="Luật Khiếu nại 2011 Đ.36", subject_area="khac"
    )
    second = case_assign(case=second, actor=chair, assignee=officer)
    second = case_start_verification(case=second, actor=officer)
    assert second.round == 2
    assert "complaint_found_right" not in case_actions(user=chair, case=second)
    assert "điểm a" not in verification_refusal(second, officer)
    with pytest.raises(TransitionNotAllowed, match="Điều 38"):
        case_complaint_found_right(case=second, actor=chair, on=clock.today(), reason=REASON)
    assert not ComplaintFoundRight.objects.filter(case=second).exists()


def test_the_page_and_the_api_offer_record_and_show_it(cast, client):
    case = verifying(cast)
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "/action/complaint_found_right/" in page
    url = f"/cases/{case.pk}/action/complaint_found_right/"
    posted = client.post(url, {"on": "04/03/2026", "reason": "", "version": case.version})
    assert posted.status_code == 400 and "Phải nêu căn cứ" in posted.content.decode()
    api = APIClient()
    api.force_authenticate(cast.chair)
    api_url = f"/api/cases/{case.pk}/complaint_found_right/"
    for bad in ({"on": "not a day"}, {"on": "2026-03-09"}, {"reason": ["a"]}, {"reason": ""}):
        response = api.post(
            api_url, {"version": case.version, "on": "2026-03-04", "reason": REASON, **bad}, format="json"
        )
        assert response.status_code == 400, (bad, response.content)
    assert not ComplaintFoundRight.objects.filter(case=case).exists()
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert "complaint_found_right" in detail["allowed_actions"] and detail["complaint_found_right"] is None
    posted = client.post(url, {"on": "04/03/2026", "reason": REASON, "version": case.version})
    assert posted.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="complaint-found-right"' in page and REASON in page
    detail = api.get(f"/api/cases/{case.pk}/").json()
    assert detail["complaint_found_right"] == {"on": "2026-03-04", "reason": REASON, "recorded_by": cast.chair.pk}
    assert "complaint_found_right" not in detail["allowed_actions"]
    response = api.post(api_url, {"version": detail["version"], "on": "2026-03-04", "reason": REASON}, format="json")
    assert response.status_code == 409


def test_past_the_retention_period_its_reason_goes_with_the_case_texts(cast):
    """The reason names what was re-examined: destroyed with the case's other texts (docs/retention.md)."""
    from casework.cases.services import case_close
    from casework.privacy.services import retention_policy_set, retention_run
    from core import clock

    retention_policy_set(actor=cast.admin, kind=Kind.COMPLAINT, years=5, source="Quy định lưu trữ (thử nghiệm)")
    case = found_right(verifying(cast), cast)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    case = case_decide(
        case=case, actor=cast.officer, decision_text="Hủy quyết định.", outcome=Outcome.FOUNDED, **DECISION_PARTS
    )
    case_close(case=case_notify_result(case=case, actor=cast.officer), actor=cast.officer)
    outcomes = retention_run(now=clock.now() + dt.timedelta(days=5 * 365 + 30))
    assert [(o.expiry.case.pk, o.outcome) for o in outcomes] == [(case.pk, "destroyed")]
    row = ComplaintFoundRight.objects.get(case=case)
    assert REASON not in row.reason and row.on == TODAY


def test_found_right_while_assigned_the_case_goes_straight_to_its_proposal(cast, client):
    """ "Nếu khiếu nại đúng thì ra quyết định giải quyết khiếu nại ngay" (Đ.29 khoản 1 điểm a): no verification
    to start; the proposal leaves from the assignment, its workflow task goes on to the approval."""
    case = assigned(cast)
    assert "start_verification" in case_actions(user=cast.officer, case=case)
    assert "propose" not in case_actions(user=cast.officer, case=case)  # a verification to start first
    with pytest.raises(TransitionNotAllowed):
        case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    case = found_right(case, cast)
    assert case.status == Status.ASSIGNED
    assert open_step(case) == "verify" and task_holder(case) == cast.officer
    actions = case_actions(user=cast.officer, case=case)
    assert "propose" in actions and "start_verification" not in actions
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "/action/propose/" in page and "/action/start_verification/" not in page
    api = APIClient()
    api.force_authenticate(cast.officer)
    allowed = api.get(f"/api/cases/{case.pk}/").json()["allowed_actions"]
    assert "propose" in allowed and "start_verification" not in allowed
    with pytest.raises(TransitionNotAllowed):
        case_start_verification(case=case, actor=cast.officer)
    with pytest.raises(TransitionNotAllowed, match="điểm b"):  # right only: another outcome is verified first
        case_propose(case=case, actor=cast.officer, proposal="Khiếu nại sai.", outcome=Outcome.UNFOUNDED)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    assert case.status == Status.PROPOSED and open_step(case) == "approve"
    actions = [e.action for e in audit_events_for(target_type="cases.case", target_id=case.pk)]
    assert "case.start_verification" not in actions
    proposed = next(
        e for e in audit_events_for(target_type="cases.case", target_id=case.pk) if e.action == "case.propose"
    )
    assert (proposed.before["status"], proposed.after["status"]) == (Status.ASSIGNED, Status.PROPOSED)
    case = case_approve(case=case, actor=cast.leader)
    assert open_step(case) == "issue"
    case = case_decide(
        case=case, actor=cast.officer, decision_text="Hủy quyết định.", outcome=Outcome.FOUNDED, **DECISION_PARTS
    )
    assert case.status == Status.DECIDED


def test_a_verification_assigned_after_it_is_started_and_reported_as_usual(cast):
    """The resolver changes course (điểm b): the verification is started again and its report decides."""
    case = found_right(assigned(cast), cast)
    case = case_verification_assign(
        case=case,
        actor=cast.chair,
        on=TODAY,
        members=[cast.officer],
        content="Nội dung",
        starts_on=TODAY,
        ends_on=TODAY,
    )
    assert not case.decided_on_reexamination()
    actions = case_actions(user=cast.officer, case=case)
    assert "start_verification" in actions and "propose" not in actions
    with pytest.raises(TransitionNotAllowed):
        case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    assert case_start_verification(case=case, actor=cast.officer).status == Status.VERIFYING


def test_no_other_case_is_proposed_from_its_assignment(cast):
    denunciation = builders.assigned(cast, kind=Kind.DENUNCIATION)
    complaint = assigned(cast)  # not found right on re-examination
    for case in (denunciation, complaint):
        assert not case.decided_on_reexamination()
        assert "propose" not in case_actions(user=cast.officer, case=case)
        with pytest.raises(TransitionNotAllowed):
            case_propose(case=case, actor=cast.officer, proposal="Đề xuất.", outcome=Outcome.FOUNDED)
        assert Case.objects.get(pk=case.pk).status == Status.ASSIGNED


def test_the_decision_states_the_re_examination_as_its_verification_result(cast, client):
    """The decision's part "Kết quả xác minh nội dung khiếu nại" (Đ.31 khoản 2 điểm d) is, with no verification,
    what the re-examination found: the proposal's draft and the decision start from the reason recorded, the
    forms say why; the same one list of parts."""
    from casework.cases.decision_parts import COMPLAINT_PARTS, decision_draft
    from casework.cases.forms import DecisionForm, ProposeForm

    case = found_right(assigned(cast), cast)
    form = ProposeForm(case=case)
    assert [f for f in form.fields if f not in ("proposal", "outcome")] == [p.field for p in COMPLAINT_PARTS]
    assert form["verification_result"].value() == REASON
    assert "Điều 29 khoản 1 điểm a" in str(form.fields["verification_result"].help_text)
    assert not form["legal_basis"].value() and not form.fields["legal_basis"].help_text
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Điều 29 khoản 1 điểm a): phần" in page
    # Proposed through the API with no draft of the part: the decision still starts from the reason.
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    assert decision_draft(case)["verification_result"] == REASON
    form = DecisionForm(case=case)
    assert form["verification_result"].value() == REASON
    assert "Điều 29 khoản 1 điểm a" in str(form.fields["verification_result"].help_text)
    parts = {**DECISION_PARTS, "verification_result": None}  # None: the approved proposal's draft
    case = case_decide(case=case, actor=cast.officer, decision_text="Hủy quyết định.", outcome=Outcome.FOUNDED, **parts)
    assert case.verification_result == REASON
    # A verified complaint's forms say nothing of a re-examination.
    verified = verifying(cast)
    assert ProposeForm(case=verified)["verification_result"].value() is None
    assert not ProposeForm(case=verified).fields["verification_result"].help_text
