"""A flag's page lists its escalations to everyone who reads the flag, but links only those the reader
may open: the committee chair, who raised it, and the leadership and the auditor open it; an inspector
reads the flag, not the escalation, and a link would answer 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import raise_flag
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated_flag(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = escalation_open(target=flag, unit=flag.unit, reason="Cần lãnh đạo cho ý kiến.", actor=cast.chair)
    return flag, escalation


@pytest.mark.parametrize(
    ("who", "linked"), [("chair", True), ("leader", True), ("auditor", True), ("inspector", False)]
)
def test_the_flag_page_links_an_escalation_only_to_who_may_open_it(client, cast, escalated_flag, who, linked):
    flag, escalation = escalated_flag
    client.force_login(getattr(cast, who))
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    link = reverse("workflows:detail", args=[escalation.pk])
    assert escalation.get_status_display() in page
    assert (f'href="{link}"' in page) is linked
    # what the page links is what opens
    assert (client.get(link).status_code == 200) is linked
