"""The home page's leadership section lists the escalations awaiting the user's decision: those at a
level where they hold a leadership role (BTV/BCH) today, the rule `escalation_actions` offers the
decision by. An administrator or an auditor reads the whole queue on its page, but nothing waits on
them there unless they hold the role (docs/roles.md)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casework.cases.models import Outcome
from casework.cases.services import case_propose
from casework.org.models import Role
from tests.builders import assigned, verification_started
from tests.factories import UserFactory
from workflows.models import Escalation
from workflows.selectors import escalation_actions
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db


def _escalation(cast) -> Escalation:
    case = verification_started(assigned(cast))
    case = case_propose(case=case, actor=cast.officer, proposal="Đúng một phần", outcome=Outcome.FOUNDED)
    return escalation_open(target=case, unit=case.unit, reason="Quá hạn", actor=cast.officer)


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_lists_an_escalation_to_whom_it_waits_on(cast, frozen_clock):
    escalation = _escalation(cast)
    link = reverse("workflows:detail", args=[escalation.pk])
    admin_leader = UserFactory(
        username="admin_leader", is_staff=True, is_superuser=True, roles=[(Role.BTV_MEMBER, cast.sector)]
    )
    for user in (cast.leader, admin_leader, cast.admin, cast.auditor):
        waits = escalation_actions(user=user, escalation=escalation) == ["decide"]
        assert (link in _page(user, reverse("home"))) == waits, user.username
    assert escalation_actions(user=cast.leader, escalation=escalation) == ["decide"]
    assert escalation_actions(user=cast.admin, escalation=escalation) == []
    # The queue's page is a read: the administrator and the auditor still find it there.
    assert link in _page(cast.admin, reverse("workflows:list"))
    assert link in _page(cast.auditor, reverse("workflows:list"))
