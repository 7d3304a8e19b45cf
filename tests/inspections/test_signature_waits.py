"""What waits on a signature (an inspection's decision, its conclusion) is listed to whoever the
services let sign it (roles.signer_roles): the committee chair, and for a complex matter the union's
leadership too, holding the role and not conflicted with the unit inspected. The list of "my
inspections" and the actions offered answer alike."""

from __future__ import annotations

import pytest

from casework.inspections import selectors, services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Inspection
from tests.builders import PEOPLE, explanation_time_over, person, raise_flag, walk_to_reporting

pytestmark = pytest.mark.django_db

SIGNING = {"decide", "conclude"}


def _opened(cast, *, complex: bool) -> Inspection:
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)], complex=complex
    )
    return services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )


def _listed(user, inspection: Inspection) -> bool:
    return selectors.inspection_list_mine(user=user).filter(pk=inspection.pk).exists()


def _waits_on(user, inspection: Inspection) -> bool:
    inspection = Inspection.objects.get(pk=inspection.pk)
    return bool(SIGNING & set(inspection_actions(user=user, inspection=inspection)))


def test_a_complex_inspections_decision_waits_on_the_leadership_too(cast, frozen_clock):
    simple, complex_ = _opened(cast, complex=False), _opened(cast, complex=True)
    assert _listed(cast.leader, complex_) and _waits_on(cast.leader, complex_)
    assert not _listed(cast.leader, simple) and not _waits_on(cast.leader, simple)
    assert _listed(cast.chair, complex_) and _listed(cast.chair, simple)


def test_its_conclusion_waits_on_them_once_reported_not_in_between(cast, frozen_clock):
    inspection = services.inspection_decide(inspection=_opened(cast, complex=True), actor=cast.leader)
    assert not _listed(cast.leader, inspection)  # decided: the team's work now
    inspection = walk_to_reporting(cast, inspection)
    # The unit's time to explain the draft report first (casework.inspections.explanation).
    assert not _listed(cast.leader, inspection) and not _waits_on(cast.leader, inspection)
    explanation_time_over(inspection)
    assert _listed(cast.leader, inspection) and _waits_on(cast.leader, inspection)
    services.inspection_conclude(inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=cast.leader)
    assert not _listed(cast.leader, inspection)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("complex_", [False, True])
def test_the_list_and_the_actions_agree(cast, frozen_clock, who, complex_):
    inspection = _opened(cast, complex=complex_)
    user = person(cast, who)
    on_team = inspection.team.filter(user=user).exists()  # listed for the team's work
    assert _listed(user, inspection) == (_waits_on(user, inspection) or on_team), (who, complex_)


def test_an_inspection_waits_on_no_signature_before_its_team_is_formed(cast, frozen_clock):
    """The decision names the team: before it is formed, the leadership has nothing to sign, and it is not
    among their inspections (the inbox offers the chair and the inspectors the team's forming instead)."""
    unformed = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)], complex=True
    )
    assert not _listed(cast.leader, unformed) and not _waits_on(cast.leader, unformed)
    assert not _listed(cast.chair, unformed)
    services.inspection_team_set(
        inspection=unformed, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    assert _listed(cast.leader, unformed) and _listed(cast.chair, unformed)


@pytest.mark.parametrize(
    ("position", "signs"),
    [("chair", True), ("vice_chair", True), ("member", False), ("", False)],
)
def test_of_the_leadership_only_the_union_s_chair_and_vice_chairs_sign_a_complex_inspection(
    cast, frozen_clock, position, signs
):
    """docs/domain.md: an inspection on signs of violation is decided by the inspection committee chair, or
    by the union's chair or vice-chair when the case is complex; a member of its executive or standing
    committee (or one whose position is not recorded) is not offered the signature, cannot take its task
    and is refused by the service."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from casework.org.models import Role, RoleAssignment
    from core.errors import TransitionNotAllowed
    from tests.factories import UserFactory
    from workflows.flows.inbox import task_list_inbox
    from workflows.flows.routing import process_for

    user = UserFactory(username=f"bch_{position or 'unknown'}", roles=[(Role.BCH_MEMBER, cast.sector)])
    RoleAssignment.objects.filter(user=user).update(position=position)
    inspection = _opened(cast, complex=True)
    assert _listed(user, inspection) == signs and _waits_on(user, inspection) == signs
    task = Task.objects.get(process=process_for(inspection), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    assert task.flow_task.name == "decide"
    assert (task.pk in [t.pk for t in task_list_inbox(user=user)]) == signs
    assert task.flow_task.can_execute(user, task) == signs
    if signs:
        assert services.inspection_decide(inspection=inspection, actor=user).status == Inspection.Status.DECIDED
    else:
        with pytest.raises(TransitionNotAllowed):
            services.inspection_decide(inspection=inspection, actor=user)
        assert Inspection.objects.get(pk=inspection.pk).status == Inspection.Status.OPENED
