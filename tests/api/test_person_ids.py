"""Ids of people in API bodies: someone outside the caller's reach is answered like an id that names
nobody (404), and never by name; people the caller may name reach the service's own checks."""

from __future__ import annotations

import pytest

from casework.cases.models import Case
from casework.cases.services import case_accept
from casework.inspections import services as inspections
from casework.inspections.models import TeamMember
from tests.builders import raise_flag

pytestmark = pytest.mark.django_db

NOBODY = 987654


@pytest.fixture
def accepted_case(cast, make_case):
    return case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Luật Khiếu nại 2011")


@pytest.fixture
def inspection(cast, frozen_clock):
    return inspections.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )


def _same_404(responses) -> None:
    bodies = [(r.status_code, r.json()) for r in responses]
    assert bodies[0] == bodies[1] == (404, {"code": "not_found", "detail": "Không tìm thấy."}), bodies


def test_an_assignee_outside_the_unit_tree_is_404_like_nobody_and_not_named(cast, api_as, accepted_case):
    url = f"/api/cases/{accepted_case.pk}/assign/"
    client = api_as(cast.chair)
    responses = [client.post(url, {"assignee": pk}, format="json") for pk in (cast.other_officer.pk, NOBODY)]
    _same_404(responses)
    assert cast.other_officer.full_name not in responses[0].content.decode()
    assert Case.objects.get(pk=accepted_case.pk).assignee is None
    # Someone within reach but not an officer of the unit reaches the service's own refusal.
    refused = client.post(url, {"assignee": cast.auditor.pk}, format="json")
    assert refused.status_code == 400 and "assignee" in refused.json()["fields"]
    assert client.post(url, {"assignee": cast.officer.pk}, format="json").status_code == 200


@pytest.mark.parametrize("field", ["members", "lead"])
def test_a_team_member_outside_reach_is_404_like_nobody_and_nothing_is_set(cast, api_as, inspection, field):
    client = api_as(cast.inspector)
    url = f"/api/inspections/{inspection.pk}/team/"

    def body(pk):
        if field == "members":
            return {"members": [cast.inspector2.pk, pk], "lead": cast.inspector.pk}
        return {"members": [cast.inspector2.pk, cast.inspector3.pk], "lead": pk}

    responses = [client.post(url, body(pk), format="json") for pk in (cast.other_officer.pk, NOBODY)]
    _same_404(responses)
    assert not TeamMember.objects.filter(inspection=inspection).exists()


def test_inspectors_of_the_committee_above_may_still_join_a_team(cast, api_as, inspection):
    from casework.org.models import Role
    from tests.factories import UserFactory

    above = UserFactory(username="p_inspector", roles=[(Role.INSPECTOR, cast.province)])
    response = api_as(cast.inspector).post(
        f"/api/inspections/{inspection.pk}/team/",
        {"members": [cast.inspector2.pk, above.pk], "lead": cast.inspector.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert set(TeamMember.objects.filter(inspection=inspection).values_list("user__username", flat=True)) == {
        "inspector",
        "inspector2",
        "p_inspector",
    }


def test_a_subject_representative_outside_reach_is_404_like_nobody(cast, api_as, inspection):
    client = api_as(cast.chair)
    url = f"/api/inspections/{inspection.pk}/assign_rep/"
    _same_404([client.post(url, {"user": pk}, format="json") for pk in (cast.other_officer.pk, NOBODY)])


def test_an_administrator_assigns_an_officer_of_any_unit(cast, api_as, accepted_case):
    # docs/roles.md: assigning is the committee's work an administrator may do
    response = api_as(cast.admin).post(
        f"/api/cases/{accepted_case.pk}/assign/", {"assignee": cast.officer.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Case.objects.get(pk=accepted_case.pk).assignee == cast.officer
