"""A resolution may be suspended whenever a ground arises while it runs, from the acceptance that opens it until
the decision or conclusion (Luật Tố cáo 2018 Đ.34 khoản 1; Luật Khiếu nại 2011 Đ.11a, bổ sung bởi Luật
136/2025/QH15): a case accepted and not yet assigned, and one whose proposal is approved and whose decision is
not yet issued, stop their resolution clock and resume at the step they were suspended at, routed there again."""

from __future__ import annotations

import pytest

from casework.cases.actions import case_actions
from casework.cases.models import Kind, Outcome, Status, SuspensionGround
from casework.cases.services import (
    case_approve,
    case_assign,
    case_propose,
    case_resume,
    case_start_verification,
    case_suspend,
)
from tests import builders
from tests.builders import dialogued, explained

pytestmark = pytest.mark.django_db


def _open_task_names(case) -> set[str]:
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.flows.routing import process_for

    return {
        task.flow_task.name
        for task in Task.objects.filter(process=process_for(case), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    }


def _approved(cast, kind):
    case = case_assign(case=builders.accepted(cast, kind=kind), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    if kind == Kind.COMPLAINT:
        case = dialogued(case, cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần.", outcome=Outcome.PARTLY)
    return case_approve(case=case, actor=cast.leader)


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.DENUNCIATION])
def test_a_case_accepted_and_not_yet_assigned_is_suspended_and_resumes_to_its_assignment(cast, kind):
    case = builders.accepted(cast, kind=kind)
    assert "suspend" in case_actions(user=cast.leader, case=case)
    case = case_suspend(case=case, actor=cast.leader, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ tòa án")
    assert (case.status, case.suspended_from) == (Status.SUSPENDED, Status.ACCEPTED)
    assert _open_task_names(case) == {"resume"}
    case = case_resume(case=case, actor=cast.leader, reason="Đã có kết quả")
    assert case.status == Status.ACCEPTED
    assert _open_task_names(case) == {"assign"}


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.DENUNCIATION])
def test_a_case_whose_proposal_is_approved_is_suspended_and_resumes_to_its_decision(cast, kind):
    case = _approved(cast, kind)
    assert "suspend" in case_actions(user=cast.leader, case=case)
    case = case_suspend(case=case, actor=cast.leader, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ tòa án")
    assert case.suspended_from == Status.APPROVED
    case = case_resume(case=case, actor=cast.leader, reason="Đã có kết quả")
    assert case.status == Status.APPROVED
    assert _open_task_names(case) == {"conclude" if kind == Kind.DENUNCIATION else "issue"}
