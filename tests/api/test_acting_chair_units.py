"""`GET /api/acting-appointments/units/`: the units where the caller may give an acting appointment
to the chair (`acting_chair_units`, the rule `acting_chair_may_appoint`), the units the page's form
offers: a chair or a leader in their own right their unit and its subtree, an acting chair and
anyone without those roles none, never a unit outside the caller's scope."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from casework.api.resources.absences import ACTING_UNITS
from casework.org.models import Unit
from tests.builders import acting_chair_appointed, api_client
from workflows.services.absences import acting_chair_may_appoint, acting_chair_units

pytestmark = pytest.mark.django_db

URL = "/api/acting-appointments/units/"


def _listed(user) -> list[int]:
    response = api_client(user).get(URL)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_chair_sees_their_unit_and_its_subtree_in_tree_order(cast, frozen_clock):
    listed = _listed(cast.chair)
    assert listed[0] == cast.sector.pk
    assert {cast.sector.pk, cast.hospital.pk, cast.clinic.pk} <= set(listed)
    assert cast.province.pk not in listed and cast.other_sector.pk not in listed  # above it, beside it
    assert listed == [u.pk for u in acting_chair_units(user=cast.chair).order_by("path")]  # the page's units
    assert all(acting_chair_may_appoint(actor=cast.chair, unit=u) for u in Unit.objects.filter(pk__in=listed))
    assert _listed(cast.leader) == listed  # the sector's leadership, in their own right


def test_an_acting_chair_sees_none(cast, frozen_clock):
    acting_chair_appointed(cast)
    assert _listed(cast.inspector) == []


def test_someone_without_the_role_sees_none(cast, frozen_clock):
    for user in (cast.officer, cast.inspector2, cast.subject_rep, cast.auditor, cast.outsider, cast.other_officer):
        assert _listed(user) == [], user.username
    assert api_client(None).get(URL).status_code == 401


def test_an_administrator_sees_the_units_they_administer(cast, frozen_clock):
    assert {cast.province.pk, cast.sector.pk, cast.other_sector.pk} <= set(_listed(cast.admin))


def test_the_schema_documents_it_as_a_paginated_list_of_units():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"][URL]["get"]
    assert operation["description"] == str(ACTING_UNITS)
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.rsplit("/", 1)[1] == "PaginatedUnitList"
