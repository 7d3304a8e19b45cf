"""What a user is offered (the task inbox, the case inbox, the page's and the API's actions), who may
take a flow's task (RoleTask.can_assign) and what the service accepts answer by one rule:

- an inspection's signer conflicted with the unit inspected is offered neither its decision nor its
  conclusion, cannot take the task, and another signer (of the unit or above it) gets it;
- a proposed case waits on who may approve it: the leadership, or a committee chair with a delegation
  in force for its kind, nobody conflicted with it;
- an inspection's conclusion waits until the unit has explained the draft report or its time to
  explain has run out (casework.inspections.explanation), in the service, the actions and the flow.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.cases.actions import case_actions
from casework.cases.models import ConflictDeclaration
from casework.cases.selectors import case_inbox, case_inbox_top
from casework.cases.services import case_approve, case_assign, case_propose, case_start_verification
from casework.inspections import services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Inspection
from casework.inspections.selectors import inspection_list_mine
from casework.org.models import Role
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import (
    accepted,
    acting_chair_appointed,
    dialogued,
    explanation_time_over,
    raise_flag,
    walk_to_reporting,
)
from tests.factories import UserFactory
from workflows.flows.inbox import task_counts, task_list_inbox
from workflows.flows.routing import process_for

pytestmark = pytest.mark.django_db


def _open_task(obj) -> Task:
    return Task.objects.get(process=process_for(obj), status__in=[STATUS.NEW, STATUS.ASSIGNED])


def _in_inbox(task: Task, user) -> bool:
    return task.pk in [t.pk for t in task_list_inbox(user=user)]


def _offered(client, user, inspection) -> set[str]:
    """The actions the inspection's page and the API offer `user` (they must agree)."""
    client.force_login(user)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    api = APIClient()
    api.force_authenticate(user)
    in_api = set(api.get(f"/api/inspections/{inspection.pk}/").json()["allowed_actions"])
    on_page = set(re.findall(r'id="action-(\w+)"', page))
    assert ("conclude" in on_page) == ("conclude" in in_api) and ("decide" in on_page) == ("decide" in in_api)
    return in_api


def _opened(cast) -> Inspection:
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    return services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )


# ---- 1. a conflicted signer ---------------------------------------------------------------------


def test_a_conflicted_chair_is_not_offered_the_decision_task_another_chair_takes_it(cast, frozen_clock, client):
    conflicted = UserFactory(
        username="chair_bch", roles=[(Role.COMMITTEE_CHAIR, cast.sector), (Role.BCH_MEMBER, cast.hospital)]
    )
    inspection = _opened(cast)
    task = _open_task(inspection)
    assert task.flow_task.name == "decide" and task.owner_id is None

    assert not _in_inbox(task, conflicted)
    assert not task.flow_task.can_assign(conflicted, task) and not task.flow_task.can_execute(conflicted, task)
    assert "decide" not in _offered(client, conflicted, inspection)
    assert inspection not in inspection_list_mine(user=conflicted)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_decide(inspection=inspection, actor=conflicted)

    # The other chair of the committee is offered it, and the service accepts them.
    assert _in_inbox(task, cast.chair) and task.flow_task.can_assign(cast.chair, task)
    assert "decide" in _offered(client, cast.chair, inspection)
    services.inspection_decide(inspection=inspection, actor=cast.chair)
    task.refresh_from_db()
    assert task.status == STATUS.DONE


def test_with_the_only_chair_conflicted_the_chair_above_gets_the_conclusion_task(cast, frozen_clock, client):
    inspection = walk_to_reporting(cast, services.inspection_decide(inspection=_opened(cast), actor=cast.chair))
    inspection = services.inspection_explain(inspection=inspection, text="Đơn vị giải trình", actor=cast.subject_rep)
    services.conflict_declare(user=cast.chair, unit=cast.hospital, reason="Em ruột là Chủ tịch CĐCS", actor=cast.chair)
    above = UserFactory(username="province_chair", roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    task = _open_task(inspection)
    assert task.flow_task.name == "conclude"

    assert not _in_inbox(task, cast.chair) and not task.flow_task.can_assign(cast.chair, task)
    assert task_counts(user=cast.chair)["tasks"] == 0
    assert "conclude" not in _offered(client, cast.chair, inspection)
    assert _in_inbox(task, above) and task.flow_task.can_assign(above, task)
    assert "conclude" in _offered(client, above, inspection)
    # Scope: a chair of another sector is offered nothing.
    stranger = UserFactory(username="other_chair", roles=[(Role.COMMITTEE_CHAIR, cast.other_sector)])
    assert not _in_inbox(task, stranger) and not task.flow_task.can_assign(stranger, task)

    services.inspection_conclude(inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=above)
    task.refresh_from_db()
    assert task.status == STATUS.DONE


# ---- 2. who approves a proposed case --------------------------------------------------------------


def _proposed(cast):
    case = case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    return case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome="partly")


def _approver_view(case, user) -> dict[str, bool]:
    task = _open_task(case)
    assert task.flow_task.name == "approve" and task.owner_id is None
    return {
        "inbox": case in case_inbox(user=user),
        "home": case in case_inbox_top(user=user, limit=10),
        "tasks": _in_inbox(task, user),
        "take": task.flow_task.can_assign(user, task),
        "actions": "approve" in case_actions(user=user, case=case),
    }


def test_a_proposed_case_waits_on_those_who_may_approve_it_only(cast, frozen_clock):
    """The cast's chair holds the sector's delegation; a second chair of the same committee does not."""
    undelegated = UserFactory(username="chair2", roles=[(Role.COMMITTEE_CHAIR, cast.sector)])
    case = _proposed(cast)
    views = {
        who: _approver_view(case, user)
        for who, user in {
            "chair": cast.chair,
            "chair2": undelegated,
            "leader": cast.leader,
            "pleader": cast.province_leader,
            "officer2": cast.officer2,  # not the case's officer, whose own case it is
            "admin": cast.admin,
            "outsider": cast.outsider,
        }.items()
    }
    for who, view in views.items():
        assert len(set(view.values())) == 1, (who, view)  # one answer everywhere
    assert views["chair"]["actions"] and views["leader"]["actions"] and views["pleader"]["actions"]
    assert not views["chair2"]["actions"] and not views["admin"]["actions"] and not views["outsider"]["actions"]
    with pytest.raises(TransitionNotAllowed):
        case_approve(case=case, actor=undelegated)
    case_approve(case=case, actor=cast.chair)


def test_a_delegation_out_of_force_or_a_conflict_takes_the_case_out_of_the_chairs_inbox(cast, frozen_clock):
    from casework.cases.models import Delegation

    case = _proposed(cast)
    assert all(_approver_view(case, cast.chair).values())
    # Its delegation ended: the chair is offered nothing, the leadership still is.
    Delegation.objects.filter(delegate=cast.chair).update(
        valid_until=clock.today() - __import__("datetime").timedelta(days=1)
    )
    assert not any(_approver_view(case, cast.chair).values())
    assert all(_approver_view(case, cast.leader).values())
    # A leader who declared a conflict of interest in the case: nothing offered, the service refuses.
    ConflictDeclaration.objects.create(case=case, user=cast.leader, note="Người nhà", declared_at=clock.now())
    assert not any(_approver_view(case, cast.leader).values())
    with pytest.raises(TransitionNotAllowed):
        case_approve(case=case, actor=cast.leader)
    assert all(_approver_view(case, cast.province_leader).values())


# ---- 3. the conclusion waits on the explanation or its time ----------------------------------------


def test_the_conclusion_waits_until_the_unit_explained_or_its_time_ran_out(cast, frozen_clock, client):
    inspection = walk_to_reporting(cast, services.inspection_decide(inspection=_opened(cast), actor=cast.chair))
    assert inspection.explanation_due_on is not None and inspection.explanation_due_on > clock.today()
    explain = _open_task(inspection)
    assert explain.flow_task.name == "explain"
    # Within the unit's time: nobody is offered the conclusion and the service refuses it.
    assert "conclude" not in _offered(client, cast.chair, inspection)
    assert inspection not in inspection_list_mine(user=cast.chair)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.inspection_conclude(inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=cast.chair)
    assert f"{inspection.explanation_due_on:%d/%m/%Y}" in refused.value.message
    assert services.inspection_explanation_lapses() == "hết thời hạn giải trình: 0"
    assert _open_task(inspection).pk == explain.pk

    # On its last day still not: the time runs to the close of that day (Bộ luật Dân sự Đ.148).
    clock.set_now(clock.now().replace(day=inspection.explanation_due_on.day, hour=16))
    assert "conclude" not in inspection_actions(user=cast.chair, inspection=Inspection.objects.get(pk=inspection.pk))

    explanation_time_over(inspection)
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert "conclude" in _offered(client, cast.chair, inspection)
    assert inspection in inspection_list_mine(user=cast.chair)
    # The periodic job moves the flow on: the explanation's task closes, the signers get the conclusion's.
    assert services.inspection_explanation_lapses() == "hết thời hạn giải trình: 1"
    assert services.inspection_explanation_lapses() == "hết thời hạn giải trình: 0"  # once
    explain.refresh_from_db()
    assert explain.status == STATUS.DONE
    conclude = _open_task(inspection)
    assert conclude.flow_task.name == "conclude"
    assert _in_inbox(conclude, cast.chair) and conclude.flow_task.can_assign(cast.chair, conclude)
    assert not _in_inbox(conclude, cast.subject_rep) and not _in_inbox(conclude, cast.inspector)

    services.inspection_conclude(inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=cast.chair)
    conclude.refresh_from_db()
    assert conclude.status == STATUS.DONE
    assert Inspection.objects.get(pk=inspection.pk).status == Inspection.Status.CONCLUDED


def test_an_explanation_in_time_opens_the_conclusion_at_once(cast, frozen_clock):
    inspection = walk_to_reporting(cast, services.inspection_decide(inspection=_opened(cast), actor=cast.chair))
    inspection = services.inspection_explain(inspection=inspection, text="Đơn vị giải trình", actor=cast.subject_rep)
    task = _open_task(inspection)
    assert task.flow_task.name == "conclude" and _in_inbox(task, cast.chair)
    assert "conclude" in inspection_actions(user=cast.chair, inspection=inspection)


def test_an_acting_chair_is_offered_the_approval_for_the_period_of_the_appointment(cast, frozen_clock):
    """The chair's delegation passes to the committee's acting chair (permissions.delegation_in_force)."""
    import datetime as dt

    case = _proposed(cast)
    assert not any(_approver_view(case, cast.inspector).values())
    acting_chair_appointed(cast)
    assert all(_approver_view(case, cast.inspector).values())
    clock.set_now(clock.now() + dt.timedelta(days=31))  # the appointment has ended
    assert not any(_approver_view(case, cast.inspector).values())
