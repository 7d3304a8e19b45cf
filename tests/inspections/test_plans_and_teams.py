"""Plans are approved or returned by the unit's leadership; teams need 3 unconflicted members (1 in a small union)."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections import selectors, services
from casework.inspections.models import InspectionPlan, TeamMember
from casework.org.models import Role
from core.errors import OutOfScope, TransitionNotAllowed, ValidationFailed
from tests.builders import raise_flag
from tests.factories import UserFactory, grant


def _plan(cast):
    plan = services.plan_create(unit=cast.sector, period="quarterly", year=2026, quarter=1, actor=cast.inspector)
    services.plan_item_add(
        plan=plan,
        subject_unit=cast.hospital,
        topics=["finance_books", "assets_inventory"],
        starts_on=dt.date(2026, 3, 10),
        ends_on=dt.date(2026, 3, 20),
        team_lead=cast.inspector,
        actor=cast.inspector,
    )
    return plan


def test_plan_approved_by_leadership_then_run_and_closed(cast, frozen_clock):
    plan = services.plan_submit(plan=_plan(cast), actor=cast.inspector)
    with pytest.raises(TransitionNotAllowed):
        services.plan_approve(plan=plan, actor=cast.chair)
    plan = services.plan_approve(plan=plan, actor=cast.leader)
    assert (plan.status, plan.approved_by) == (InspectionPlan.Status.APPROVED, cast.leader)
    plan = services.plan_activate(plan=plan, actor=cast.chair)
    item = plan.items.get()
    inspection = services.inspection_open(unit=cast.sector, subject_unit=None, plan_item=item, actor=cast.inspector)
    assert inspection.kind == "planned" and inspection.subject_unit == cast.hospital
    assert inspection.team.get().role == TeamMember.Role.LEAD
    assert selectors.plan_progress(plan=plan) == {"total": 1, "planned": 0, "running": 1, "done": 0, "overdue": 0}
    with pytest.raises(ValidationFailed):
        services.plan_close(plan=plan, actor=cast.chair, summary="")
    with pytest.raises(TransitionNotAllowed):
        services.plan_close(plan=plan, actor=cast.inspector, summary="Hoàn thành 1/1 cuộc")
    plan = services.plan_close(plan=plan, actor=cast.chair, summary="Hoàn thành 1/1 cuộc")
    assert plan.status == InspectionPlan.Status.CLOSED


def test_plan_returned_with_comments_and_resubmitted(cast, frozen_clock):
    plan = services.plan_submit(plan=_plan(cast), actor=cast.inspector)
    with pytest.raises(ValidationFailed):
        services.plan_return(plan=plan, actor=cast.leader, comments="")
    plan = services.plan_return(plan=plan, actor=cast.leader, comments="Bổ sung CĐCS Phòng khám")
    assert (plan.status, plan.return_comments) == (InspectionPlan.Status.RETURNED, "Bổ sung CĐCS Phòng khám")
    services.plan_item_add(
        plan=plan,
        subject_unit=cast.clinic,
        topics=["finance_dues"],
        starts_on=dt.date(2026, 3, 21),
        ends_on=dt.date(2026, 3, 25),
        team_lead=None,
        actor=cast.inspector,
    )
    plan = services.plan_submit(plan=plan, actor=cast.inspector)
    assert plan.status == InspectionPlan.Status.SUBMITTED


def test_plan_progress_counts_overdue_items(cast, frozen_clock):
    from core import clock

    plan = services.plan_activate(
        plan=services.plan_approve(
            plan=services.plan_submit(plan=_plan(cast), actor=cast.inspector), actor=cast.leader
        ),
        actor=cast.chair,
    )
    clock.advance(dt.timedelta(days=30))
    assert selectors.plan_progress(plan=plan)["overdue"] == 1


def test_plan_of_another_sector_is_out_of_scope(cast, frozen_clock):
    with pytest.raises(OutOfScope):
        services.plan_create(unit=cast.other_sector, period="annual", year=2026, actor=cast.inspector)


def _inspection(cast):
    return services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )


def test_team_needs_three_members(cast, frozen_clock):
    inspection = _inspection(cast)
    with pytest.raises(ValidationFailed) as err:
        services.inspection_team_set(
            inspection=inspection, members=[cast.inspector2], lead=cast.inspector, actor=cast.chair
        )
    assert "ít nhất 3" in err.value.fields["members"][0]
    with pytest.raises(ValidationFailed):
        services.inspection_decide(inspection=inspection, actor=cast.chair)


def test_team_refuses_a_member_holding_a_role_in_the_subject_unit(cast, frozen_clock):
    inspection = _inspection(cast)
    grant(cast.inspector3, Role.BCH_MEMBER, cast.hospital)
    with pytest.raises(ValidationFailed) as err:
        services.inspection_team_set(
            inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.chair
        )
    message = " ".join(err.value.fields["members"])
    assert "xung đột lợi ích" in message and "CĐCS Bệnh viện" in message
    assert not inspection.team.exists()


def test_team_refuses_a_declared_conflict(cast, frozen_clock):
    inspection = _inspection(cast)
    services.conflict_declare(
        user=cast.inspector2, unit=cast.hospital, reason="Vợ là kế toán bệnh viện", actor=cast.inspector2
    )
    with pytest.raises(ValidationFailed) as err:
        services.inspection_team_set(
            inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.chair
        )
    assert "Vợ là kế toán" in " ".join(err.value.fields["members"])


def test_small_grassroots_committee_of_one_may_inspect_alone(cast, frozen_clock):
    cast.hospital.member_count = 25
    cast.hospital.save()
    solo = UserFactory(username="solo", roles=[(Role.INSPECTOR, cast.hospital)])
    chair = UserFactory(username="hchair", roles=[(Role.COMMITTEE_CHAIR, cast.hospital)])
    flag = raise_flag(cast, actor=solo)
    inspection = services.inspection_open(unit=cast.hospital, subject_unit=cast.hospital, actor=solo, flags=[flag])
    services.inspection_team_set(inspection=inspection, members=[], lead=solo, actor=solo)
    inspection = services.inspection_decide(inspection=inspection, actor=chair)
    assert inspection.status == "decided"


def test_large_grassroots_union_still_needs_three(cast, frozen_clock):
    cast.hospital.member_count = 120
    cast.hospital.save()
    solo = UserFactory(username="solo", roles=[(Role.INSPECTOR, cast.hospital)])
    inspection = services.inspection_open(
        unit=cast.hospital, subject_unit=cast.hospital, actor=solo, flags=[raise_flag(cast, actor=solo)]
    )
    with pytest.raises(ValidationFailed):
        services.inspection_team_set(inspection=inspection, members=[], lead=solo, actor=solo)


def test_a_grassroots_union_whose_member_count_was_never_entered_needs_three(cast, frozen_clock):
    cast.hospital.member_count = None
    cast.hospital.save()
    solo = UserFactory(username="solo", roles=[(Role.INSPECTOR, cast.hospital)])
    inspection = services.inspection_open(
        unit=cast.hospital, subject_unit=cast.hospital, actor=solo, flags=[raise_flag(cast, actor=solo)]
    )
    assert services.team_minimum(inspection) == 3
    with pytest.raises(ValidationFailed) as err:
        services.inspection_team_set(inspection=inspection, members=[], lead=solo, actor=solo)
    assert "3" in " ".join(err.value.fields["members"])
    assert not inspection.team.exists()
