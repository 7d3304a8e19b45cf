"""A pooled task is claimed by a member of its pool, the people holding a role of the step in the
task's unit (`user_holds_role`, workflows.flows.nodes.RoleTask): an administrator without the role
claims no approval, as the service refuses them the approval itself (docs/roles.md)."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.cases.models import Case, Outcome
from casework.cases.recusal import case_recusal_reason
from casework.cases.services import case_approve, case_propose
from casework.org.models import Role
from core.errors import TransitionNotAllowed
from tests.builders import assigned, person, verification_started
from tests.factories import UserFactory
from workflows.flows.inbox import task_list_inbox
from workflows.flows.routing import process_for

pytestmark = pytest.mark.django_db


def _approval_task(cast) -> Task:
    case = verification_started(assigned(cast, subject_unit=cast.hospital))
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần", outcome=Outcome.FOUNDED)
    task = Task.objects.get(process=process_for(case), status=STATUS.NEW, flow_task_type="HUMAN")
    assert task.flow_task.name == "approve" and task.owner_id is None  # the approvers' pool
    return task


def test_an_administrator_without_the_role_claims_no_pooled_approval(cast, frozen_clock):
    task = _approval_task(cast)
    node = task.flow_task
    assert not node.can_assign(cast.admin, task)
    assert not node.can_execute(cast.admin, task)
    assert task.pk not in [t.pk for t in task_list_inbox(user=cast.admin)]  # not in their pool either
    with pytest.raises(TransitionNotAllowed):  # nor would the service take the approval from them
        case_approve(case=Case.objects.get(pk=task.process.artifact_object_id), actor=cast.admin)


def test_a_holder_of_the_role_claims_it_administrator_or_not(cast, frozen_clock):
    task = _approval_task(cast)
    node = task.flow_task
    admin_leader = UserFactory(
        username="admin_leader", is_staff=True, is_superuser=True, roles=[(Role.BTV_MEMBER, cast.sector)]
    )
    for holder in (cast.leader, cast.chair, admin_leader):
        assert node.can_assign(holder, task), holder.username
        assert task.pk in [t.pk for t in task_list_inbox(user=holder)], holder.username
    # The pool reaches the task's unit and below, never a unit beside it.
    beside = UserFactory(username="beside", roles=[(Role.BTV_MEMBER, cast.other_sector)])
    assert not node.can_assign(beside, task)
    assert not node.can_assign(cast.officer, task)  # the proposer holds no role of the approval


def test_a_holder_recused_from_the_case_claims_nothing(cast, frozen_clock):
    """A sector leader sitting in the executive committee of the unit the case is about is recused
    from it: the case is not theirs to see, nor its approval theirs to claim."""
    task = _approval_task(cast)
    recused = person(cast, "recused")
    case = Case.objects.get(pk=task.process.artifact_object_id)
    assert case_recusal_reason(case=case, user=recused)
    assert not task.flow_task.can_assign(recused, task)
    assert task.pk not in [t.pk for t in task_list_inbox(user=recused)]
