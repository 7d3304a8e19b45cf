"""A second-round complaint's page and API show the first round's decision (Luật Khiếu nại 2011 Đ.40 khoản 2
điểm d) next to the link to the first case, only to a reader who may read that case: one recused from it
sees its reference and nothing of its decision, like the link (casework.cases.first_round)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework.cases.models import Case
from casework.cases.services import case_complaint_second
from casework.org.models import Role
from core import clock
from tests.builders import decided
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _first_row(client, user, case) -> str:
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    found = re.search(r"Khiếu nại lần đầu</th><td>(.*?)</td>", page, re.S)
    assert found, "the page names the first round's case"
    return found.group(1)


def test_the_first_round_decision_is_shown_to_who_may_read_the_first_case_only(client, cast, api_as, frozen_clock):
    first = decided(cast)
    intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    second = case_complaint_second(first=first, actor=intake, received_on=clock.today(), content="Không đồng ý")
    reader = UserFactory(roles=[(Role.BTV_MEMBER, cast.province)])

    row = _first_row(client, reader, second)
    assert f'href="{reverse("cases:detail", args=[first.pk])}"' in row
    assert f"{first.decision_number} ({first.decided_on:%d/%m/%Y}): Đúng một phần" in row
    assert first.decision_text in row
    shown = api_as(reader).get(f"/api/cases/{second.pk}/").json()["first_round_result"]
    assert shown["number"] == first.decision_number and shown["outcome"] == "Đúng một phần"
    assert shown["conclusion"] == first.decision_text and shown["recorded"] is True

    # The reader is the person the first complaint was about: recused from that case, not from the second.
    Case.objects.filter(pk=first.pk).update(subject_user=reader)
    assert client.get(reverse("cases:detail", args=[first.pk])).status_code == 404
    row = _first_row(client, reader, second)
    assert first.reference in row and "href" not in row
    assert first.decision_number not in row and first.decision_text not in row
    assert "first-round-result" not in row
    assert api_as(reader).get(f"/api/cases/{second.pk}/").json()["first_round_result"] is None


def test_a_first_round_case_shows_no_first_result(client, cast, api_as, frozen_clock):
    first = decided(cast)
    client.force_login(cast.officer)
    assert "first-round-result" not in client.get(reverse("cases:detail", args=[first.pk])).content.decode()
    assert api_as(cast.officer).get(f"/api/cases/{first.pk}/").json()["first_round_result"] is None
