"""An approved inspection plan is put into effect (triển khai) and closed with its results (tổng kết) by the
committee's chair or the union's executive (BTV/BCH), holding the role: the chair directs the committee's work
and reports its results to the executive that approved the plan. An inspector's everyday work is not that
decision, nor is an administrator's: holding none of those roles, they are offered neither on the page nor in
the API's `allowed_actions`, and the API and the services refuse it (plans.plan_may_run, the one rule)."""

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


def _approved(cast) -> InspectionPlan:
    plan = inspections.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    inspections.plan_item_add(
        plan=plan,
        subject_unit=cast.hospital,
        topics=["finance_books"],
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 5, 10),
        team_lead=None,
        actor=cast.inspector,
    )
    plan = inspections.plan_submit(plan=plan, actor=cast.inspector)
    return inspections.plan_approve(plan=plan, actor=cast.leader)


def _offered(client, api_as, user, plan: InspectionPlan) -> set[str]:
    """The plan's actions for `user` by its one rule, as the page and the API show them (they must agree)."""
    in_rule = set(plan_actions(user=user, plan=plan))
    in_api = set(api_as(user).get(f"/api/inspection-plans/{plan.pk}/").json()["allowed_actions"])
    client.force_login(user)
    page = client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    on_page = {a for a in ("activate", "close") if reverse("inspections:plan_act", args=[plan.pk, a]) in page}
    assert in_rule == in_api and in_rule & {"activate", "close"} == on_page
    return in_rule


def test_an_administrator_or_an_inspector_neither_puts_the_plan_into_effect_nor_closes_it(
    client, cast, api_as, frozen_clock
):
    plan = _approved(cast)
    for user in (cast.admin, cast.inspector):
        assert "activate" not in _offered(client, api_as, user, plan)
        refused = api_as(user).post(f"/api/inspection-plans/{plan.pk}/activate/", {}, format="json")
        assert refused.status_code == 409, refused.content
        with pytest.raises(TransitionNotAllowed):
            inspections.plan_activate(plan=plan, actor=user)
    assert InspectionPlan.objects.get(pk=plan.pk).status == InspectionPlan.Status.APPROVED

    plan = inspections.plan_activate(plan=plan, actor=cast.chair)
    for user in (cast.admin, cast.inspector):
        assert "close" not in _offered(client, api_as, user, plan)
        refused = api_as(user).post(f"/api/inspection-plans/{plan.pk}/close/", {"summary": "Xong"}, format="json")
        assert refused.status_code == 409, refused.content
        with pytest.raises(TransitionNotAllowed):
            inspections.plan_close(plan=plan, actor=user, summary="Xong")
    client.force_login(cast.admin)
    assert client.post(reverse("inspections:plan_act", args=[plan.pk, "close"]), {"summary": "Xong"}).status_code == 404
    assert InspectionPlan.objects.get(pk=plan.pk).status == InspectionPlan.Status.ACTIVE


def test_the_chair_puts_the_plan_into_effect_and_the_executive_closes_it(client, cast, api_as, frozen_clock):
    plan = _approved(cast)
    assert "activate" in _offered(client, api_as, cast.chair, plan)
    assert "activate" in _offered(client, api_as, cast.leader, plan)
    done = api_as(cast.chair).post(f"/api/inspection-plans/{plan.pk}/activate/", {}, format="json")
    assert done.status_code == 200, done.content
    plan = InspectionPlan.objects.get(pk=plan.pk)
    assert plan.status == InspectionPlan.Status.ACTIVE
    assert "close" in _offered(client, api_as, cast.chair, plan)
    closed = inspections.plan_close(plan=plan, actor=cast.leader, summary="Hoàn thành 1/1 cuộc")
    assert closed.status == InspectionPlan.Status.CLOSED


def test_an_administrator_who_chairs_the_committee_runs_the_plan_like_any_chair(cast, api_as, frozen_clock):
    chairing = UserFactory(
        username="admin_chair", roles=[(Role.COMMITTEE_CHAIR, cast.sector)], is_staff=True, is_superuser=True
    )
    plan = _approved(cast)
    assert {"activate"} <= set(plan_actions(user=chairing, plan=plan))
    plan = inspections.plan_activate(plan=plan, actor=chairing)
    assert inspections.plan_close(plan=plan, actor=chairing, summary="Xong").status == InspectionPlan.Status.CLOSED


def test_the_plan_shows_the_step_each_item_s_inspection_is_at(client, cast, frozen_clock):
    """An item whose inspection is opened and still being prepared reads so, not as inspected at the unit."""
    plan = inspections.plan_activate(plan=_approved(cast), actor=cast.chair)
    item = plan.items.get()
    inspection = inspections.inspection_open(unit=plan.unit, subject_unit=None, plan_item=item, actor=cast.chair)
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    row = page[page.index(reverse("inspections:inspection_detail", args=[inspection.pk])) :].split("</a>")[0]
    assert row.endswith("Đang chuẩn bị") and "Đang kiểm tra" not in row
