"""A flag's inspection is given by id (the API's `inspection`) and linked on the flag page only to a reader
who may open that inspection (inspections.selectors.inspection_ids_readable, over inspection_list): a
reader of the flag outside the committee running its inspection reads null and the inspection's
reference, never its link or title."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.org.models import Role
from tests.builders import api_client, open_ad_hoc, raise_flag
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _inspection_field(user, flag) -> tuple:
    """The flag's `inspection` as `user` reads it through the API: in its detail and in its row of the list."""
    client = api_client(user)
    detail = client.get(f"/api/flags/{flag.pk}/")
    assert detail.status_code == 200, detail.content
    listed = client.get("/api/flags/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    return detail.json()["inspection"], next(row for row in rows if row["id"] == flag.pk)["inspection"]


def test_a_reader_of_the_flag_outside_the_inspections_scope_reads_no_id_and_no_link(client, cast, frozen_clock):
    flag, other = raise_flag(cast), raise_flag(cast)
    inspection = open_ad_hoc(cast, [flag, other])
    # Leadership of the hospital reads the hospital's flags, not the sector committee's inspection.
    hospital_leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    assert api_client(hospital_leader).get(f"/api/inspections/{inspection.pk}/").status_code == 404
    assert _inspection_field(hospital_leader, flag) == (None, None)
    assert _inspection_field(cast.chair, flag) == (inspection.pk, inspection.pk)

    link = reverse("inspections:inspection_detail", args=[inspection.pk])
    client.force_login(hospital_leader)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert f'<dd id="flag-inspection">{inspection.reference}</dd>' in page
    assert link not in page and inspection.title not in page
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert f'<a href="{link}">{inspection.reference} — {inspection.title}</a>' in page


def test_a_flag_in_no_inspection_reads_null(cast, frozen_clock):
    flag = raise_flag(cast)
    assert _inspection_field(cast.chair, flag) == (None, None)
