"""The links above the inspection pages lead only to pages that answer the reader: no link to a 404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["intake", "officer", "inspector", "chair", "leader", "subject_rep", "auditor", "admin"]


@pytest.mark.parametrize("who", ROLES)
def test_every_section_link_answers_its_reader(client, cast, who):
    client.force_login(getattr(cast, who))
    page = client.get(reverse("inspections:inspection_list")).content.decode()
    subnav = re.search(r'<p class="subnav">(.*?)</p>', page, re.S).group(1)
    links = re.findall(r'href="([^"]+)"', subnav)
    assert reverse("inspections:recommendation_list") in links
    for url in links:
        assert client.get(url).status_code == 200, (who, url)


def test_the_subject_unit_sees_neither_the_coverage_report_nor_the_conflict_declaration(client, cast):
    client.force_login(cast.subject_rep)
    page = client.get(reverse("inspections:inspection_list")).content.decode()
    assert reverse("inspections:coverage") not in page
    assert reverse("inspections:conflict_declare") not in page
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:inspection_list")).content.decode()
    assert reverse("inspections:coverage") in page and reverse("inspections:conflict_declare") in page
