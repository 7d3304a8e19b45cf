"""A flag's page lists its escalations to everyone who reads the flag, but links, and shows the status,
decision and reason of, only those the reader may open (workflows.selectors.escalation_ids_readable): the
committee chair, who raised it, and the leadership and the auditor open it; an inspector reads the flag,
not the escalation: told only that it was raised, and when, as a merge target is named to every reader of
the flag and its state shown only to its readers."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.builders import raise_flag
from workflows.selectors import escalation_ids_readable
from workflows.services.escalations import escalation_decide, escalation_open

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
    assert (escalation.get_status_display() in page) is linked
    assert (f'href="{link}"' in page) is linked
    # what the page links is what opens
    assert (client.get(link).status_code == 200) is linked


def test_a_decision_reason_is_shown_only_to_the_escalations_readers(client, cast, escalated_flag):
    flag, escalation = escalated_flag
    reason = "Lãnh đạo giao Ủy ban kiểm tra mở cuộc kiểm tra ngay."
    escalation_decide(
        escalation=escalation, actor=cast.leader, decision="return", reason=reason, expected_version=escalation.version
    )
    escalation.refresh_from_db()
    decision = escalation.get_decision_display()
    raised_on = escalation.created_at.strftime("%d/%m/%Y")
    for who, readable in (("chair", True), ("auditor", True), ("inspector", False)):
        reader = getattr(cast, who)
        assert (escalation.pk in escalation_ids_readable(user=reader, ids=[escalation.pk])) is readable
        client.force_login(reader)
        answer = client.get(reverse("inspections:flag_detail", args=[flag.pk]))
        assert answer.status_code == 200
        [item] = re.findall(r'<li class="escalation">(.*?)</li>', answer.content.decode())
        assert raised_on in item  # that it was raised, and when: a fact of the flag
        assert (reason in item, decision in item, escalation.get_status_display() in item) == (readable,) * 3
        if not readable:
            assert "đã chuyển lãnh đạo" in item
