"""An inspection's page links the flags that led to it only for who may open them: the representative of
the unit inspected reads the inspection, not the flags (their link would answer 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections.services import inspection_notify
from tests.builders import open_ad_hoc, raise_flag

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "linked"), [("subject_rep", False), ("chair", True), ("inspector", True)])
def test_the_inspection_page_links_a_flag_only_to_who_may_open_it(client, cast, frozen_clock, who, linked):
    flag = raise_flag(cast)
    inspection = inspection_notify(
        inspection=open_ad_hoc(cast, [flag]), text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    client.force_login(getattr(cast, who))
    response = client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    page = response.content.decode()
    link = reverse("inspections:flag_detail", args=[flag.pk])
    assert response.status_code == 200 and flag.reference in page
    assert (f'href="{link}"' in page) is linked
    assert (client.get(link).status_code == 200) is linked


@pytest.mark.parametrize(("who", "issues"), [("subject_rep", False), ("chair", True)])
def test_the_link_to_the_papers_offers_issuing_them_only_to_who_may(client, cast, frozen_clock, who, issues):
    """The unit inspected reads the papers issued; it is not told it may issue, number and sign them
    (papers.selectors.paper_may_issue, the papers page's own rule)."""
    inspection = inspection_notify(
        inspection=open_ad_hoc(cast, [raise_flag(cast)]), text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    client.force_login(getattr(cast, who))
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert reverse("papers:target", args=["inspection", inspection.pk]) in page
    assert ("Ban hành, lấy số và ký văn bản" in page) is issues
    assert ("Văn bản đã ban hành" in page) is not issues
