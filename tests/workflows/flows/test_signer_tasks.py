"""An inspection's decision and its conclusion wait, as workflow tasks, on whoever the services let
sign them (roles.signer_roles): the committee chair, and for a complex matter the union's leadership
too. The inbox lists the task to exactly those people, and the task's `can_execute` answers as the
actions offered (inspection_actions) and the service."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.inspections import services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Inspection
from tests.builders import raise_flag, walk_to_reporting
from workflows.flows.inbox import task_list_inbox
from workflows.flows.routing import process_for

pytestmark = pytest.mark.django_db

# No conflict with the unit inspected among them: the signer's rule alone decides.
WHO = ("chair", "leader", "province_leader", "inspector", "admin", "outsider")


def _opened(cast, *, complex: bool) -> Inspection:
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)], complex=complex
    )
    return services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )


def _explained(cast, *, complex: bool) -> Inspection:
    inspection = services.inspection_decide(inspection=_opened(cast, complex=complex), actor=cast.chair)
    inspection = walk_to_reporting(cast, inspection)
    return services.inspection_explain(inspection=inspection, text="Đơn vị giải trình", actor=cast.subject_rep)


def _open_task(inspection: Inspection, step: str) -> Task:
    task = Task.objects.get(process=process_for(inspection), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    assert task.flow_task.name == step and task.owner_id is None  # a pooled task
    return task


def _check(cast, inspection: Inspection, step: str) -> dict[str, bool]:
    task = _open_task(inspection, step)
    inspection = Inspection.objects.get(pk=inspection.pk)
    may = {}
    for who in WHO:
        user = getattr(cast, who)
        allowed = step in inspection_actions(user=user, inspection=inspection)
        listed = task.pk in [t.pk for t in task_list_inbox(user=user)]
        assert listed == allowed, (who, step, inspection.complex, "inbox")
        assert task.flow_task.can_execute(user, task) == allowed, (who, step, inspection.complex, "execute")
        may[who] = allowed
    return may


@pytest.mark.parametrize("complex_", [False, True])
def test_the_decision_task_waits_on_its_signers_only(cast, frozen_clock, complex_):
    may = _check(cast, _opened(cast, complex=complex_), "decide")
    assert may["chair"] and not may["inspector"] and not may["admin"] and not may["outsider"]
    assert may["leader"] == may["province_leader"] == complex_


@pytest.mark.parametrize("complex_", [False, True])
def test_the_conclusion_task_waits_on_its_signers_only(cast, frozen_clock, complex_):
    may = _check(cast, _explained(cast, complex=complex_), "conclude")
    assert may["chair"] and not may["inspector"] and not may["admin"] and not may["outsider"]
    assert may["leader"] == may["province_leader"] == complex_


def test_a_leader_concludes_a_complex_inspection_through_its_task(cast, frozen_clock):
    inspection = _explained(cast, complex=True)
    task = _open_task(inspection, "conclude")
    assert task.flow_task.can_assign(cast.leader, task)
    services.inspection_conclude(inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=cast.leader)
    task.refresh_from_db()
    assert task.status == STATUS.DONE
    assert task.pk not in [t.pk for t in task_list_inbox(user=cast.chair)]


@pytest.mark.parametrize("complex_", [False, True])
def test_signing_tasks_opened_under_another_pool_take_their_signers(cast, frozen_clock, complex_):
    """Open tasks of a decision offered to the leadership whatever the inspection, and of a conclusion
    offered to the chair only, are offered to the inspection's signers (migration)."""
    from importlib import import_module

    from django.apps import apps

    decision = _open_task(_opened(cast, complex=complex_), "decide")
    conclusion = _open_task(_explained(cast, complex=complex_), "conclude")
    Task.objects.filter(pk=decision.pk).update(owner_permission="roles:,committee_chair,btv_member,bch_member,")
    Task.objects.filter(pk=conclusion.pk).update(owner_permission="roles:,committee_chair,")

    import_module("casework.inspections.migrations.0014_signer_task_pools").signer_pools(apps, None)

    inbox = [t.pk for t in task_list_inbox(user=cast.leader)]
    assert (decision.pk in inbox) == (conclusion.pk in inbox) == complex_
    chair_inbox = [t.pk for t in task_list_inbox(user=cast.chair)]
    assert decision.pk in chair_inbox and conclusion.pk in chair_inbox
