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
