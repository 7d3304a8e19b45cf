"""The leadership queue's page and the API offer the same actions on an escalation
(workflows.selectors.escalation_actions)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core import clock
from tests.workflows.conftest import at
from workflows.models import Escalation
from workflows.selectors import escalation_actions
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(cast, fake_target):
    clock.set_now(at(2))
    deadline_open(
        target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
    )
    clock.set_now(at(13))
    sweep_run()
    return Escalation.objects.get()


def _both_sides(client, user, escalation) -> set[str] | None:
    """The actions offered on the page and by the API (None when neither shows the escalation)."""
    client.force_login(user)
    page = client.get(reverse("workflows:detail", args=[escalation.pk]))
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/escalations/{escalation.pk}/")
    if page.status_code == 404:
        assert detail.status_code == 404
        return None
    assert page.status_code == 200 and detail.status_code == 200, detail.content
    on_page = {"decide"} if 'name="decision"' in page.content.decode() else set()
    in_api = set(detail.json()["allowed_actions"])
    assert on_page == in_api, f"{user.username}: page {on_page} vs API {in_api}"
    assert in_api == set(escalation_actions(user=user, escalation=escalation))
    return in_api


def test_leadership_decides_on_both_sides_and_no_one_once_decided(client, cast, escalation):
    assert _both_sides(client, cast.leader, escalation) == {"decide"}
    assert _both_sides(client, cast.province_leader, escalation) == {"decide"}  # above its level
    assert _both_sides(client, cast.chair, escalation) in (None, set())
    assert _both_sides(client, cast.auditor, escalation) in (None, set())
    escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason="Đồng ý đề xuất")
    escalation.refresh_from_db()
    for user in (cast.leader, cast.province_leader):
        assert _both_sides(client, user, escalation) == set()
