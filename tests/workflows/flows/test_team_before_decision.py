"""An inspection is opened without its team; the decision to inspect names the team, so it is signed only once
the team is formed (team_size.team_complete, which inspection_decide checks and the "decide" action follows).
The inbox offers what can be done then: the team's forming to the committee, and the decision's task to its
signers only once the team is formed, never a task its service would refuse (the leadership of a complex
inspection, who neither forms the team nor may sign before it is formed, is offered nothing)."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.inspections import services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Inspection
from core.errors import ValidationFailed
from tests.builders import raise_flag
from workflows.flows.inbox import task_list_inbox
from workflows.flows.inspections import InspectionFlow
from workflows.flows.routing import process_for

pytestmark = pytest.mark.django_db

WHO = ("chair", "leader", "province_leader", "inspector", "inspector2", "admin", "outsider")
# The step each task is the action of (workflows/flows/inspections.py, casework/inspections/actions.py).
ACTION = {"form_team": "team", "decide": "decide"}


def _open_task(inspection: Inspection) -> Task:
    return Task.objects.get(process=process_for(inspection), status__in=[STATUS.NEW, STATUS.ASSIGNED])


def _inbox_steps(user, inspection: Inspection) -> list[str]:
    return [
        t.flow_task.name
        for t in task_list_inbox(user=user)
        if str(t.process.artifact_object_id) == str(inspection.pk)
        and t.process.artifact_content_type.model == "inspection"
    ]


def _offered_only_what_the_service_takes(cast, inspection: Inspection) -> dict[str, list[str]]:
    inspection = Inspection.objects.get(pk=inspection.pk)
    seen = {}
    for who in WHO:
        user = getattr(cast, who)
        steps = _inbox_steps(user, inspection)
        allowed = inspection_actions(user=user, inspection=inspection)
        assert all(ACTION[step] in allowed for step in steps), (who, steps, allowed)
        seen[who] = steps
    return seen


@pytest.mark.parametrize("complex_", [False, True])
def test_before_its_team_an_inspection_waits_on_the_committee_to_form_it(cast, frozen_clock, complex_):
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)], complex=complex_
    )
    task = _open_task(inspection)
    assert task.flow_task.name == "form_team" and task.owner_id is None
    seen = _offered_only_what_the_service_takes(cast, inspection)
    assert seen["chair"] == seen["inspector"] == ["form_team"], seen
    # Nobody is offered the decision: the leadership of a complex inspection would be refused it.
    assert seen["leader"] == seen["province_leader"] == seen["admin"] == seen["outsider"] == []
    with pytest.raises(ValidationFailed):
        services.inspection_decide(inspection=inspection, actor=cast.chair)

    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    assert _open_task(inspection).flow_task.name == "decide"
    seen = _offered_only_what_the_service_takes(cast, inspection)
    assert seen["chair"] == ["decide"] and seen["inspector"] == []
    assert seen["leader"] == seen["province_leader"] == (["decide"] if complex_ else [])
    services.inspection_decide(inspection=inspection, actor=cast.chair)
    assert _open_task(inspection).flow_task.name == "notify"


def test_the_decisions_task_is_taken_only_once_the_team_is_formed(cast, frozen_clock):
    """The decision's rule on the task, as the inbox's query and for one inspection: a task opened for the
    decision before the team was needed for it waits unoffered until the team is formed."""
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    rule = InspectionFlow.decide.rule
    assert not rule.allows(inspection, cast.chair)
    assert not rule.objects(cast.chair).filter(pk=inspection.pk).exists()
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    assert rule.allows(inspection, cast.chair)
    assert rule.objects(cast.chair).filter(pk=inspection.pk).exists()
