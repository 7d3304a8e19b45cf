"""The committee drafts its inspection plan (creates it, adds its items, submits it); the leadership approves
it. An administrator administers the system, not the committee's work: holding no committee role, they are
offered none of the drafting on the page nor in the API's `allowed_actions`, and the API and the services
refuse it (inspections.services.committee_may_open, the one rule of the page, the API and the services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from casework.inspections.actions import plan_actions
from casework.inspections.models import InspectionPlan
from casework.org.models import Role
from core.errors import TransitionNotAllowed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ITEM = {
    "subject_unit": None,
    "topics": ["finance_books"],
    "starts_on": "2026-05-01",
    "ends_on": "2026-05-10",
}


def _draft(cast) -> InspectionPlan:
    return inspections.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)


def test_an_administrator_drafts_no_plan_in_the_api_as_on_the_page(client, cast, api_as, frozen_clock):
    client.force_login(cast.admin)
    assert client.get(reverse("inspections:plan_create")).status_code == 404
    assert (
        client.post(
            reverse("inspections:plan_create"), {"unit": cast.sector.pk, "period": "annual", "year": 2026}
        ).status_code
        == 404
    )
    refused = api_as(cast.admin).post(
        "/api/inspection-plans/", {"unit": cast.sector.pk, "period": "annual", "year": 2026}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert "Ủy ban kiểm tra" in refused.json()["detail"]
    assert not InspectionPlan.objects.exists()


def test_an_administrator_adds_no_item_to_the_committees_draft_nor_submits_it(client, cast, api_as, frozen_clock):
    plan = _draft(cast)
    inspections.plan_item_add(
        plan=plan,
        subject_unit=cast.clinic,
        topics=["finance_books"],
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 10),
        team_lead=None,
        actor=cast.inspector,
    )
    assert {"item", "submit"} <= set(plan_actions(user=cast.inspector, plan=plan))
    assert not {"item", "submit"} & set(plan_actions(user=cast.admin, plan=plan))
    api = api_as(cast.admin)
    assert not {"item", "submit"} & set(api.get(f"/api/inspection-plans/{plan.pk}/").json()["allowed_actions"])
    item = {**ITEM, "subject_unit": cast.hospital.pk}
    assert api.post(f"/api/inspection-plans/{plan.pk}/items/", item, format="json").status_code == 409
    assert api.post(f"/api/inspection-plans/{plan.pk}/submit/", {}, format="json").status_code == 409
    client.force_login(cast.admin)
    page = client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("inspections:plan_act", args=[plan.pk, "item"]) not in page
    assert reverse("inspections:plan_act", args=[plan.pk, "submit"]) not in page
    assert client.post(reverse("inspections:plan_act", args=[plan.pk, "item"]), item).status_code == 404
    with pytest.raises(TransitionNotAllowed):
        inspections.plan_submit(plan=plan, actor=cast.admin)
    assert [i.subject_unit for i in plan.items.all()] == [cast.clinic]
    assert InspectionPlan.objects.get(pk=plan.pk).status == InspectionPlan.Status.DRAFT


def test_an_administrator_who_sits_on_the_committee_drafts_like_its_members(cast, api_as, frozen_clock):
    member = UserFactory(
        username="admin_inspector", roles=[(Role.INSPECTOR, cast.sector)], is_staff=True, is_superuser=True
    )
    created = api_as(member).post(
        "/api/inspection-plans/", {"unit": cast.sector.pk, "period": "annual", "year": 2026}, format="json"
    )
    assert created.status_code == 201, created.content
    plan = InspectionPlan.objects.get(pk=created.json()["id"])
    inspections.plan_item_add(
        plan=plan,
        subject_unit=cast.hospital,
        topics=["finance_books"],
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 5, 10),
        team_lead=None,
        actor=member,
    )
    assert inspections.plan_submit(plan=plan, actor=member).status == InspectionPlan.Status.SUBMITTED


def test_an_empty_draft_is_offered_its_items_and_not_yet_its_submission(cast, api_as, frozen_clock):
    plan = _draft(cast)
    assert plan_actions(user=cast.inspector, plan=plan) == ["item"]
    assert api_as(cast.inspector).get(f"/api/inspection-plans/{plan.pk}/").json()["allowed_actions"] == ["item"]
    refused = api_as(cast.inspector).post(f"/api/inspection-plans/{plan.pk}/submit/", {}, format="json")
    assert refused.status_code == 400 and "items" in refused.json()["fields"]
