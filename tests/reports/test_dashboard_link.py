"""The reports page links the leadership dashboard only for who has a unit to see it for; to the others
the dashboard answers 404, so the link would be a dead end."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "linked"), [("chair", True), ("leader", True), ("officer", False), ("intake", False)])
def test_the_reports_page_links_the_dashboard_to_who_may_open_it(client, cast, who, linked):
    client.force_login(getattr(cast, who))
    page = client.get(reverse("reports:index")).content.decode()
    dashboard = reverse("reports:dashboard")
    assert (f'href="{dashboard}"' in page) is linked
    assert (client.get(dashboard).status_code == 200) is linked
