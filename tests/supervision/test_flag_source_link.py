"""A flag raised by a supervision's report names it: its page links the supervision and its API
representation gives the supervision's id only to a reader who may see the supervision (the
supervision selectors' rule); anyone else who sees the flag reads its reference as plain text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections.models import Flag
from casework.org.models import Role
from tests.builders import SIGN, raise_flag
from tests.builders import report_supervision as report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flag(cast, started) -> Flag:
    report(cast, started, signs=[SIGN])
    return Flag.objects.get(source=Flag.Source.SUPERVISION)


@pytest.fixture
def hospital_inspector(cast):
    """Reads the hospital's flags, not the sector's supervisions."""
    return UserFactory(username="h_insp", roles=[(Role.INSPECTOR, cast.hospital)])


def test_the_flag_page_links_the_supervision_for_whoever_may_see_it(cast, client, started, flag):
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    link = reverse("supervision:detail", args=[started.pk])
    assert f'<a href="{link}" id="flag-source">{started.reference}</a>' in page
    assert client.get(link).status_code == 200


def test_a_reader_of_the_flag_outside_the_supervisions_scope_reads_plain_text(
    client, started, flag, hospital_inspector
):
    client.force_login(hospital_inspector)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert started.reference in body and 'id="flag-source"' not in body
    assert reverse("supervision:detail", args=[started.pk]) not in body
    assert client.get(reverse("supervision:detail", args=[started.pk])).status_code == 404


def test_the_api_gives_the_supervisions_id_only_to_whoever_may_see_it(cast, api_as, started, flag, hospital_inspector):
    manual = raise_flag(cast)
    for path in (f"/api/flags/{flag.pk}/", "/api/flags/"):
        seen = api_as(cast.chair).get(path).json()
        row = seen if "id" in seen else next(r for r in seen["results"] if r["id"] == flag.pk)
        assert (row["source_type"], row["source_id"]) == ("supervision.supervision", str(started.pk))
        hidden = api_as(hospital_inspector).get(path).json()
        row = hidden if "id" in hidden else next(r for r in hidden["results"] if r["id"] == flag.pk)
        assert (row["source"], row["source_id"]) == ("supervision", None)
    # A flag typed by hand names no record: its blank id is kept as it is.
    assert api_as(cast.chair).get(f"/api/flags/{manual.pk}/").json()["source_id"] == ""
