"""A unit keeps its place in the tree: the admin edits its name and details, never its parent.

Scope, reports and coverage follow the unit's tree path, set once by unit_create; escalations climb
by `parent`. A parent changed by hand left the path behind: the hospital's flags stayed in the old
sector's coverage while its escalations climbed to the new sector's leaders, who cannot read it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_cannot_move_a_unit_to_another_parent(client, cast):
    client.force_login(cast.admin)
    url = reverse("admin:org_unit_change", args=[cast.hospital.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "code": cast.hospital.code,
        "name": "CĐCS Bệnh viện đa khoa",
        "kind": cast.hospital.kind,
        "parent": cast.other_sector.pk,
        "is_active": "on",
        "member_count": "",
    }
    client.post(url, form)
    cast.hospital.refresh_from_db()
    assert cast.hospital.name == "CĐCS Bệnh viện đa khoa"  # the details are still edited
    assert cast.hospital.parent_id == cast.sector.pk
    assert cast.hospital.is_within(cast.sector)
