"""An inspection team is made of the committee's members: who holds, today, the inspector's or the
committee chair's role in the inspecting unit or above it (`teams.team_may_join`). Being an
administrator is not one: the service refuses them (a team's member, a plan item's lead), the API
answers 400 with nothing set, and the forms' choices (`teams.team_candidates`) are the same people."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections import services
from casework.inspections.forms import PlanItemForm, TeamForm
from casework.inspections.models import InspectionPlan, PlanItem, TeamMember
from casework.inspections.services.teams import team_candidates, team_may_join
from casework.org.models import Role, Unit
from core.errors import ValidationFailed
from tests.builders import api_client, raise_flag
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(cast, frozen_clock):
    return services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )


@pytest.fixture
def plan(cast, frozen_clock) -> InspectionPlan:
    return services.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)


def test_an_administrator_without_the_role_is_refused_a_seat_on_the_team(cast, inspection):
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_team_set(
            inspection=inspection, members=[cast.inspector2, cast.admin], lead=cast.inspector, actor=cast.chair
        )
    assert str(cast.admin) in " ".join(refused.value.fields["members"])
    assert not TeamMember.objects.filter(inspection=inspection).exists()


def test_an_administrator_may_not_lead_the_team(cast, inspection):
    with pytest.raises(ValidationFailed):
        services.inspection_team_set(
            inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.admin, actor=cast.chair
        )
    assert not TeamMember.objects.filter(inspection=inspection).exists()


def test_the_api_answers_400_naming_the_members_and_sets_nothing(cast, inspection):
    response = api_client(cast.chair).post(
        f"/api/inspections/{inspection.pk}/team/",
        {"members": [cast.inspector2.pk, cast.admin.pk], "lead": cast.inspector.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "members" in response.json()["fields"]
    assert not TeamMember.objects.filter(inspection=inspection).exists()


def test_an_administrator_holding_the_inspectors_role_sits_on_the_team(cast, inspection):
    admin_inspector = UserFactory(username="admin_inspector", is_superuser=True, roles=[(Role.INSPECTOR, cast.sector)])
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, admin_inspector], lead=cast.inspector, actor=cast.admin
    )
    assert set(TeamMember.objects.filter(inspection=inspection).values_list("user__username", flat=True)) == {
        "inspector",
        "inspector2",
        "admin_inspector",
    }


def test_the_forms_offer_whom_the_service_admits(cast, inspection, plan):
    admin_inspector = UserFactory(username="admin_inspector", is_superuser=True, roles=[(Role.INSPECTOR, cast.sector)])
    above = UserFactory(username="p_inspector", roles=[(Role.INSPECTOR, cast.province)])
    below = UserFactory(username="h_inspector", roles=[(Role.INSPECTOR, cast.hospital)])
    people = [cast.inspector, cast.chair, cast.admin, cast.leader, cast.officer, admin_inspector, above, below]
    admitted = {u.username for u in people if team_may_join(user=u, unit=cast.sector)}
    assert admitted == {"inspector", "chair", "admin_inspector", "p_inspector"}
    team_form = TeamForm(candidates=team_candidates(unit=inspection.unit))
    plan_form = PlanItemForm(units=Unit.objects.all(), leads=team_candidates(unit=plan.unit))
    for queryset in (
        team_form.fields["members"].queryset,
        team_form.fields["lead"].queryset,
        plan_form.fields["team_lead"].queryset,
    ):
        offered = set(queryset.filter(pk__in=[u.pk for u in people]).values_list("username", flat=True))
        assert offered == admitted


def test_a_plan_items_lead_holds_the_role_too(cast, plan):
    item = {
        "subject_unit": cast.hospital.pk,
        "topics": ["finance_spending"],
        "starts_on": dt.date(2026, 4, 1).isoformat(),
        "ends_on": dt.date(2026, 4, 10).isoformat(),
    }
    url = f"/api/inspection-plans/{plan.pk}/items/"
    refused = api_client(cast.inspector).post(url, {**item, "team_lead": cast.admin.pk}, format="json")
    assert refused.status_code == 400, refused.content
    assert "team_lead" in refused.json()["fields"]
    assert not PlanItem.objects.filter(plan=plan).exists()
    accepted = api_client(cast.inspector).post(url, {**item, "team_lead": cast.inspector2.pk}, format="json")
    assert accepted.status_code == 201, accepted.content
    assert PlanItem.objects.get(plan=plan).team_lead == cast.inspector2
