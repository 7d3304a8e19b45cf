"""Opening an inspection (ad hoc from a flag, or from a plan's item) is a step of the committee's role:
one rule (`services.committee_may_open`) says who takes it, and the flag's and the plan's actions, the
form page with its committees (`selectors.committee_units`), the API and the service all read it. An
administrator without the role is offered none of it and refused; holding the role, like anyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.inspections import selectors, services
from casework.inspections.actions import flag_actions, plan_actions
from casework.inspections.models import Flag, Inspection
from casework.org.models import Role
from core.errors import TransitionNotAllowed
from tests.builders import api_client, raise_flag
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _admin_chair(cast):
    return UserFactory(username="admin_chair", is_superuser=True, roles=[(Role.COMMITTEE_CHAIR, cast.sector)])


def _open_link(flag: Flag) -> str:
    return f"{reverse('inspections:inspection_open')}?flag={flag.pk}"


def test_an_administrator_without_the_role_is_neither_offered_nor_let_open_one(cast, frozen_clock, client):
    flag = raise_flag(cast)
    admin = cast.admin
    assert "open_inspection" not in flag_actions(user=admin, flag=flag)
    assert not selectors.committee_units(user=admin).exists()
    client.force_login(admin)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk]))
    assert page.status_code == 200  # an administrator reads every unit
    assert _open_link(flag) not in page.content.decode()
    listing = client.get(reverse("inspections:inspection_list")).content.decode()
    assert reverse("inspections:inspection_open") not in listing
    assert client.get(_open_link(flag)).status_code == 404
    api = api_client(admin)
    assert "open_inspection" not in api.get(f"/api/flags/{flag.pk}/").json()["allowed_actions"]
    refused = api.post(f"/api/flags/{flag.pk}/open_inspection/", {"unit": cast.sector.pk}, format="json")
    assert refused.status_code == 409, refused.content
    refused = api.post(
        "/api/inspections/",
        {"unit": cast.sector.pk, "subject_unit": cast.hospital.pk, "flags": [flag.pk]},
        format="json",
    )
    assert refused.status_code == 409, refused.content
    with pytest.raises(TransitionNotAllowed):
        services.inspection_open(unit=cast.sector, subject_unit=cast.hospital, actor=admin, flags=[flag])
    assert not Inspection.objects.exists()
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.RAISED


@pytest.mark.parametrize("who", ["inspector", "chair", "admin_chair"])
def test_who_is_offered_opens_it_from_the_page(cast, frozen_clock, client, who):
    user = _admin_chair(cast) if who == "admin_chair" else getattr(cast, who)
    flag = raise_flag(cast)
    assert "open_inspection" in flag_actions(user=user, flag=flag)
    assert "open_inspection" in api_client(user).get(f"/api/flags/{flag.pk}/").json()["allowed_actions"]
    client.force_login(user)
    assert _open_link(flag) in client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    form = client.get(_open_link(flag))
    assert form.status_code == 200
    assert list(form.context["form"].fields["unit"].queryset) == [cast.sector]
    done = client.post(
        reverse("inspections:inspection_open"),
        {"unit": cast.sector.pk, "subject_unit": cast.hospital.pk, "flags": [flag.pk]},
    )
    assert done.status_code == 302, done.content
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.ASSIGNED


def test_the_api_opens_it_for_who_is_offered(cast, frozen_clock):
    flag = raise_flag(cast)
    opened = api_client(_admin_chair(cast)).post(
        f"/api/flags/{flag.pk}/open_inspection/", {"unit": cast.sector.pk}, format="json"
    )
    assert opened.status_code == 201, opened.content
    assert Inspection.objects.get().created_by.username == "admin_chair"


def test_a_committee_outside_the_flags_unit_is_not_offered_it(cast, frozen_clock):
    """A committee of another sector: the flag is out of its scope, and it is offered nothing."""
    elsewhere = UserFactory(username="e_inspector", roles=[(Role.INSPECTOR, cast.other_sector)])
    flag = raise_flag(cast)
    assert "open_inspection" not in flag_actions(user=elsewhere, flag=flag)
    assert api_client(elsewhere).get(f"/api/flags/{flag.pk}/").status_code == 404
    refused = api_client(elsewhere).post(
        "/api/inspections/",
        {"unit": cast.other_sector.pk, "subject_unit": cast.hospital.pk, "title": "Kiểm tra"},
        format="json",
    )
    assert refused.status_code == 404, refused.content  # the unit inspected lies outside its scope
    assert not Inspection.objects.exists()


def test_a_plans_item_is_opened_by_who_may_open_an_inspection(cast, frozen_clock):
    plan = services.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    services.plan_item_add(
        plan=plan,
        subject_unit=cast.hospital,
        topics=["finance_books"],
        starts_on=dt.date(2026, 3, 10),
        ends_on=dt.date(2026, 3, 20),
        team_lead=cast.inspector,
        actor=cast.inspector,
    )
    plan = services.plan_submit(plan=plan, actor=cast.inspector)
    plan = services.plan_approve(plan=plan, actor=cast.leader)
    assert "open_item" not in plan_actions(user=cast.admin, plan=plan)
    assert "open_item" not in api_client(cast.admin).get(f"/api/inspection-plans/{plan.pk}/").json()["allowed_actions"]
    for user in (cast.inspector, _admin_chair(cast)):
        assert "open_item" in plan_actions(user=user, plan=plan), user.username
