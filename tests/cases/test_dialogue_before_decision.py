"""A complaint approved without the dialogue the law requires before its result (approved before the approval
step refused such proposals, or imported) is not decided: Luật Khiếu nại 2011 Đ.30 khoản 1 (a first round whose
result differs from the demands) and Đ.39 (a second round); Nghị định 124/2020/NĐ-CP Đ.28 as rewritten by Nghị
định 155/2026/NĐ-CP, applied by its Đ.22 khoản 1 to every accepted complaint not yet decided. The approver takes
the approval back to verification (`reopen_verification`, the right of `send_back`), with a reason, audited; the
dialogue is recorded, the result proposed and approved again, then decided. The resolution clock runs on
throughout, as after a proposal sent back: it counts from the acceptance."""

from __future__ import annotations

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import event_reason
from casework.cases.actions import case_actions
from casework.cases.models import Case, Outcome, Status
from casework.cases.services import (
    case_approve,
    case_decide,
    case_propose,
    case_record_dialogue,
    case_reopen_verification,
)
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import DECISION_PARTS, assigned, before_dialogue, dialogue, intake, verification_started
from workflows.flows.routing import process_for
from workflows.models import Deadline

pytestmark = pytest.mark.django_db

DECISION = {**DECISION_PARTS, "decision_text": "Giữ nguyên quyết định bị khiếu nại.", "outcome": Outcome.PARTLY}


def _approved_without_dialogue(cast, *, round: int = 1, outcome: str = Outcome.PARTLY) -> Case:
    """Proposed founded (no dialogue needed), approved, then stood in the database as a case approved
    before the rule: found `outcome`, in `round`, with no dialogue recorded."""
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = assigned(cast)
    case = verification_started(case)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.leader)
    first = intake(cast.intake, cast.sector, title="Khiếu nại lần đầu") if round == 2 else None
    Case.objects.filter(pk=case.pk).update(round=round, outcome=outcome, previous=first)
    return Case.objects.get(pk=case.pk)


def _resolve_clock(case: Case) -> Deadline:
    return Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step="resolve")


def _open_task_names(case: Case) -> list[str]:
    tasks = Task.objects.filter(process=process_for(case), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    return [t.flow_task.name for t in tasks]


def test_a_first_round_approved_partly_founded_without_a_dialogue_is_not_decided(cast, frozen_clock):
    case = _approved_without_dialogue(cast)
    assert "decide" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed) as err:
        case_decide(case=case, actor=cast.officer, **DECISION)
    assert "Chưa thể ban hành quyết định giải quyết khiếu nại" in err.value.message
    assert "Luật Khiếu nại 2011 Đ.30 khoản 1" in err.value.message and "thu hồi phê duyệt" in err.value.message
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.version, after.decision_number) == (Status.APPROVED, case.version, "")
    assert not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.decide").exists()


def test_a_second_round_approved_without_a_dialogue_is_not_decided_even_when_founded(cast, frozen_clock):
    case = _approved_without_dialogue(cast, round=2, outcome=Outcome.FOUNDED)
    with pytest.raises(TransitionNotAllowed) as err:
        case_decide(
            case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Khiếu nại đúng.", outcome=Outcome.FOUNDED
        )
    assert "Luật Khiếu nại 2011 Đ.39" in err.value.message
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED


def test_a_decision_departing_to_a_result_that_differs_from_the_demands_needs_the_dialogue_too(cast, frozen_clock):
    case = _approved_without_dialogue(cast, outcome=Outcome.FOUNDED)
    assert "decide" in case_actions(user=cast.officer, case=case)
    with pytest.raises(TransitionNotAllowed) as err:
        case_decide(case=case, actor=cast.officer, deviation_reason="Chứng cứ mới.", **DECISION)
    assert "Đ.30 khoản 1" in err.value.message
    decided = case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Khiếu nại đúng.", outcome=Outcome.FOUNDED
    )
    assert decided.status == Status.DECIDED


def test_the_approver_takes_the_approval_back_and_the_round_trip_ends_in_a_decision(cast, frozen_clock):
    case = _approved_without_dialogue(cast)
    clock_before = _resolve_clock(case)
    assert clock_before.status == Deadline.Status.OPEN
    assert "reopen_verification" in case_actions(user=cast.leader, case=case)
    assert "reopen_verification" not in case_actions(user=cast.officer, case=case)
    with pytest.raises(ValidationFailed) as err:
        case_reopen_verification(case=case, actor=cast.leader, reason="  ")
    assert "reason" in err.value.fields and Case.objects.get(pk=case.pk).status == Status.APPROVED

    case = case_reopen_verification(case=case, actor=cast.leader, reason="Chưa tổ chức đối thoại (Đ.30 khoản 1).")
    assert case.status == Status.VERIFYING
    event = audit_events_for(target_type="cases.case", target_id=case.pk).get(action="case.reopen_verification")
    assert (event.before["status"], event.after["status"]) == (Status.APPROVED, Status.VERIFYING)
    assert "Chưa tổ chức đối thoại" in event_reason(event)
    assert Notification.objects.filter(
        user=cast.officer, key__startswith=f"case:{case.pk}:reopen_verification"
    ).exists()
    # The work is routed back to the officer's verification, the task to issue the decision closed.
    assert _open_task_names(case) == ["verify"]

    case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    assert "decide" in case_actions(user=cast.officer, case=case)
    case = case_decide(case=case, actor=cast.officer, **DECISION)
    assert case.status == Status.DECIDED

    # The resolution limit ran on from the acceptance, neither restarted nor stopped, and is met at the decision.
    clock_after = _resolve_clock(case)
    assert (clock_after.pk, clock_after.due_on) == (clock_before.pk, clock_before.due_on)
    assert clock_after.status == Deadline.Status.MET
    assert clock_after.closed_at == clock.now()


def test_a_user_without_the_approvers_right_is_refused(cast, frozen_clock, api_as):
    case = _approved_without_dialogue(cast)
    with pytest.raises(TransitionNotAllowed) as err:
        case_reopen_verification(case=case, actor=cast.officer, reason="Chưa đối thoại")
    assert "không có quyền" in err.value.message
    answer = api_as(cast.officer).post(
        f"/api/cases/{case.pk}/reopen_verification/", {"reason": "Chưa đối thoại"}, format="json"
    )
    assert answer.status_code == 409 and "không có quyền" in answer.json()["detail"], answer.content
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED


def test_the_api_refuses_the_decision_with_the_reason_and_offers_the_way_back(cast, frozen_clock, api_as):
    case = _approved_without_dialogue(cast)
    refused = api_as(cast.officer).post(
        f"/api/cases/{case.pk}/decide/", {**DECISION, "version": case.version}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert "Đ.30 khoản 1" in refused.content.decode()
    assert "decide" not in refused.json()["allowed_actions"]
    detail = api_as(cast.leader).get(f"/api/cases/{case.pk}/").json()
    assert "reopen_verification" in detail["allowed_actions"] and "decide" not in detail["allowed_actions"]

    sent = api_as(cast.leader).post(
        f"/api/cases/{case.pk}/reopen_verification/",
        {"reason": "Chưa tổ chức đối thoại", "version": case.version},
        format="json",
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == Status.VERIFYING
    assert "record_dialogue" not in sent.json()["allowed_actions"]  # the leader's; the officer records it
    officer_view = api_as(cast.officer).get(f"/api/cases/{case.pk}/").json()
    assert "record_dialogue" in officer_view["allowed_actions"]


def test_the_page_says_why_and_takes_the_approval_back(client, cast, frozen_clock):
    case = _approved_without_dialogue(cast)
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="decision-refusal"' in page and "Luật Khiếu nại 2011 Đ.30 khoản 1" in page
    assert reverse("cases:action", args=[case.pk, "decide"]) not in page
    posted = client.post(
        reverse("cases:action", args=[case.pk, "decide"]),
        {**DECISION, "version": case.version, "confirmed": "1"},
    )
    assert posted.status_code == 400 and Case.objects.get(pk=case.pk).status == Status.APPROVED

    client.force_login(cast.leader)
    url = reverse("cases:action", args=[case.pk, "reopen_verification"])
    assert url in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert client.post(url, {"reason": "", "version": case.version}).status_code == 400
    assert client.post(url, {"reason": "Chưa tổ chức đối thoại", "version": case.version}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.VERIFYING
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="decision-refusal"' not in page
    assert reverse("cases:action", args=[case.pk, "record_dialogue"]) in page


@pytest.mark.parametrize("confirmed", ["", "1"])
def test_the_page_refuses_the_decision_with_the_services_own_reason_as_the_api_does(
    client, cast, frozen_clock, confirmed
):
    case = _approved_without_dialogue(cast)
    client.force_login(cast.officer)
    posted = client.post(
        reverse("cases:action", args=[case.pk, "decide"]),
        {**DECISION, "version": case.version, "confirmed": confirmed},
    )
    page = posted.content.decode()
    assert posted.status_code == 400
    assert "Chưa thể ban hành quyết định giải quyết khiếu nại" in page and "Luật Khiếu nại 2011 Đ.30 khoản 1" in page
    assert "Thao tác này không còn thực hiện được ở bước hiện tại của hồ sơ" not in page
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED


def test_the_page_refuses_a_decision_departing_to_a_result_that_needs_the_dialogue_before_asking_to_confirm(
    client, cast, frozen_clock
):
    case = _approved_without_dialogue(cast, outcome=Outcome.FOUNDED)
    client.force_login(cast.officer)
    posted = client.post(
        reverse("cases:action", args=[case.pk, "decide"]),
        {**DECISION, "deviation_reason": "Chứng cứ mới.", "version": case.version},
    )
    page = posted.content.decode()
    assert posted.status_code == 400 and 'name="confirmed"' not in page
    assert "Chưa thể ban hành quyết định giải quyết khiếu nại" in page and "Đ.30 khoản 1" in page
    assert Case.objects.get(pk=case.pk).status == Status.APPROVED


def test_a_complaint_approved_after_its_dialogue_shows_no_refusal(cast, frozen_clock, client):
    with before_dialogue():
        case = assigned(cast)
    case = verification_started(case)
    case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    client.force_login(cast.officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="decision-refusal"' not in page
    assert reverse("cases:action", args=[case.pk, "decide"]) in page
