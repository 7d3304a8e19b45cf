"""A case names the case it came from: a link for a reader who may open that case, its reference
without a link for one who may not (the link would answer 404, and no page is offered that is not theirs)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework.cases.services import case_transfer
from casework.org.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _origin_cell(client, user, case) -> str:
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    found = re.search(r"Chuyển đến từ</th><td[^>]*>(.*?)</td>", page)
    assert found, "the page names the case it came from"
    return found.group(1)


def test_a_transferred_case_links_the_case_it_came_from_only_for_who_may_open_it(client, cast, make_case):
    old, new = case_transfer(
        subject_area="khac",
        case=make_case(),
        actor=cast.intake,
        reason="Thuộc thẩm quyền CĐCS",
        target_unit=cast.clinic,
    )
    origin_url = reverse("cases:detail", args=[old.pk])

    cell = _origin_cell(client, cast.officer, new)  # the sector's officer reads both
    assert f'href="{origin_url}"' in cell and old.reference in cell

    clinic_officer = UserFactory(username="clinic_officer", roles=[(Role.CASE_OFFICER, cast.clinic)])
    assert client.get(origin_url).status_code == 200
    client.force_login(clinic_officer)
    assert client.get(origin_url).status_code == 404
    cell = _origin_cell(client, clinic_officer, new)
    assert old.reference in cell and "href" not in cell
