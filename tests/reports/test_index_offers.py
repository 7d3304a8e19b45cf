"""The reports page offers the quarterly report, the register's export and the import only to who may open
them (selectors.report_default_unit, the rule those pages apply); to the others it says they have nothing there."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TARGETS = ("reports:register", "reports:import", "reports:quarterly")


@pytest.mark.parametrize(
    ("who", "offered"), [("officer", True), ("chair", True), ("subject_rep", False), ("outsider", False)]
)
def test_the_reports_page_offers_each_entry_only_to_who_may_open_it(client, cast, who, offered):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in TARGETS:
        url = reverse(name)
        assert (f'href="{url}"' in page or f'action="{url}"' in page) is offered, name
        assert (client.get(url).status_code == 200) is offered, name
    assert ("không có gì dành cho bạn" in page) is (not offered)
