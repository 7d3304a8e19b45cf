"""A decision posted on an escalation someone already decided is refused in the reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import clock
from tests.workflows.conftest import at
from workflows.models import Escalation
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(cast, fake_target):
    clock.set_now(at(2))
    deadline_open(
        target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
    )
    clock.set_now(at(13))
    sweep_run()
    escalation = Escalation.objects.get()
    escalation_decide(escalation=escalation, actor=cast.leader, decision="approve", reason="Đồng ý đề xuất")
    return escalation


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", "The proposal has already been decided; please reload the page.", "Đề xuất đã được quyết định"),
        ("vi", "Đề xuất đã được quyết định, vui lòng tải lại trang.", "The proposal has already been decided"),
    ],
)
def test_a_second_decision_is_refused_in_the_readers_language(client, cast, settings, decided, language, shown, hidden):
    client.force_login(cast.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        reverse("workflows:detail", args=[decided.pk]),
        {"decision": "return", "reason": "Xem lại", "version": decided.version},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain and shown in page and hidden not in page
    decided.refresh_from_db()
    assert decided.decision == "approve"
