"""A submitted plan's page says whose approval it waits on, read from the rule its approval checks
(casework.inspections.services.plans.plan_may_approve): the body of the unit whose leaders (BTV/BCH)
approve it, the plan's own or the nearest above with some. No delegation nor conflict of interest
touches a plan's approval, so no chair is named and every reader is told the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from casework.inspections.selectors import plan_approval_awaited
from casework.inspections.services.plans import plan_may_approve
from casework.org import role_cache
from casework.org.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def submitted(cast, unit):
    plan = inspections.plan_create(unit=unit, period="annual", year=2026, actor=cast.inspector)
    inspections.plan_item_add(
        plan=plan,
        subject_unit=cast.hospital,
        topics=["finance_books"],
        starts_on=dt.date(2026, 3, 10),
        ends_on=dt.date(2026, 3, 20),
        team_lead=cast.inspector,
        actor=cast.inspector,
    )
    assert plan_approval_awaited(plan=plan) == ""
    return inspections.plan_submit(plan=plan, actor=cast.inspector)


def shown(client, user, plan) -> str:
    client.force_login(user)
    answer = client.get(reverse("inspections:plan_detail", args=[plan.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_sector_plan_waits_on_its_standing_committee(cast, frozen_clock, client):
    plan = submitted(cast, cast.sector)
    expected = "Chờ Ban Thường vụ Công đoàn ngành Y tế phê duyệt"
    assert plan_approval_awaited(plan=plan) == expected
    assert expected in shown(client, cast.inspector, plan)
    inspections.plan_approve(plan=plan, actor=cast.leader)
    plan.refresh_from_db()
    assert plan_approval_awaited(plan=plan) == ""
    assert 'id="approval-awaited"' not in shown(client, cast.inspector, plan)


def test_a_body_of_executive_committee_members_is_named_as_such(cast, frozen_clock):
    plan = submitted(cast, cast.sector)
    RoleAssignment.objects.filter(user=cast.leader).update(role=Role.BCH_MEMBER)
    role_cache.forget(cast.leader.pk)
    assert plan_may_approve(user=cast.leader, plan=plan)
    assert plan_approval_awaited(plan=plan) == "Chờ Ban Chấp hành Công đoàn ngành Y tế phê duyệt"


def test_a_grassroots_plan_waits_on_the_nearest_body_above_that_approves_it(cast, frozen_clock):
    plan = submitted(cast, cast.hospital)
    assert plan_may_approve(user=cast.leader, plan=plan)
    assert plan_approval_awaited(plan=plan) == "Chờ Ban Thường vụ Công đoàn ngành Y tế phê duyệt"


def test_with_nobody_holding_the_role_it_waits_on_the_competent_level(cast, frozen_clock):
    plan = submitted(cast, cast.sector)
    RoleAssignment.objects.filter(role__in=[Role.BTV_MEMBER, Role.BCH_MEMBER]).delete()
    role_cache.forget(cast.leader.pk)
    role_cache.forget(cast.province_leader.pk)
    assert plan_approval_awaited(plan=plan) == "Chờ cấp có thẩm quyền phê duyệt"
