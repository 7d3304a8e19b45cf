"""A flag's timeline (its page, the API's timeline, the audit's timeline page) tells a reader who may not open one
of its escalations what the flag's page tells them of it: that it was raised, and when (its raising, without its
reason or values); its decision, the reason and what the decision changed are read by the escalation's readers
only (workflows.selectors.escalation_events_unread, by escalation_ids_readable)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from casework.audit.selectors import audit_timeline_for
from core import clock
from tests.builders import raise_flag
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

RAISED_BECAUSE = "Đơn vị chưa nộp chứng từ, đề nghị lãnh đạo cho ý kiến."
DECIDED_BECAUSE = "Lãnh đạo cho thêm thời gian để thu thập chứng từ gốc."


@pytest.fixture
def extended_flag(cast, frozen_clock):
    """A flag the chair escalated and the leadership extended (an extension is recorded on the flag too)."""
    flag = raise_flag(cast)
    escalation = escalation_open(target=flag, unit=flag.unit, reason=RAISED_BECAUSE, actor=cast.chair)
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="extend",
        reason=DECIDED_BECAUSE,
        new_due_on=clock.today() + dt.timedelta(days=40),
        expected_version=escalation.version,
    )
    return flag, escalation


def _events_section(page: str) -> str:
    return re.search(r'<section class="card" id="events">(.*?)</section>', page, re.S).group(1)


@pytest.mark.parametrize(
    ("who", "readable"), [("chair", True), ("leader", True), ("auditor", True), ("inspector", False)]
)
def test_the_flag_pages_timeline_shows_a_decision_only_to_the_escalations_readers(
    client, cast, extended_flag, who, readable
):
    flag, _ = extended_flag
    client.force_login(getattr(cast, who))
    events = _events_section(client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode())
    assert (DECIDED_BECAUSE in events) is readable
    assert (RAISED_BECAUSE in events) is readable
    assert "Gia hạn mở cuộc kiểm tra" in events  # the flag's clock was extended: a fact of the flag, its reason not
    assert "Chuyển lên lãnh đạo" in events  # that it was raised, and when, to every reader of the flag


@pytest.mark.parametrize(("who", "readable"), [("chair", True), ("inspector", False)])
def test_the_api_timeline_withholds_the_decision_from_who_may_not_open_the_escalation(
    client, cast, api_as, extended_flag, who, readable
):
    flag, _ = extended_flag
    body = api_as(getattr(cast, who)).get(f"/api/timeline/inspections.flag/{flag.pk}/").json()
    text = str(body)
    assert (DECIDED_BECAUSE in text) is readable
    assert (RAISED_BECAUSE in text) is readable
    actions = [e["action"] for e in body]
    assert ("escalation.extend" in actions) is readable
    assert "escalation.open" in actions and "flag.raise" in actions
    raised = next(e for e in body if e["action"] == "escalation.open")
    assert raised["details_withheld"] is not readable
    if not readable:
        assert (raised["reason"], raised["before"], raised["after"]) == ("", {}, {})
    # The same on the audit's own timeline page of the flag.
    client.force_login(getattr(cast, who))
    audit_page = client.get(reverse("audit:timeline", args=["inspections.flag", flag.pk])).content.decode()
    assert (DECIDED_BECAUSE in audit_page) is readable


def test_an_escalation_of_the_flag_read_by_another_reader_leaves_the_readable_one_whole(cast, extended_flag):
    """The rule goes by escalation: the chair, who reads this one, reads each of its events whole."""
    flag, _ = extended_flag
    shown = {e.action: e for e in audit_timeline_for(user=cast.chair, target=flag)}
    assert shown["escalation.extend"].reason == DECIDED_BECAUSE
    assert not any(e.details_withheld for e in shown.values())
    hidden = {e.action: e for e in audit_timeline_for(user=cast.inspector, target=flag)}
    assert not any(action.startswith("escalation.") and action != "escalation.open" for action in hidden)
    assert hidden["escalation.open"].details_withheld and hidden["flag.extend"].details_withheld
    assert not hidden["flag.raise"].details_withheld


def test_a_cases_api_timeline_withholds_an_escalation_from_a_reader_of_the_case_only(cast, api_as, frozen_clock):
    """The same rule on every target's timeline: the intake officer reads the case, not its escalation."""
    from tests.builders import make_case

    case = make_case(cast)
    escalation_open(target=case, unit=cast.sector, reason=RAISED_BECAUSE, actor=cast.chair)
    for who, readable in (("intake", False), ("chair", True)):
        body = api_as(getattr(cast, who)).get(f"/api/cases/{case.pk}/timeline/").json()
        raised = next(e for e in body if e["action"] == "escalation.open")
        assert raised["details_withheld"] is not readable
        # A case's free texts are stored sealed under its key: the API gives the stored text, or none.
        assert bool(raised["reason"]) is readable and bool(raised["after"]) is readable
