"""The leaders' decision form: a field shows only with the decision that uses it (the end ground with
"approve" on a flag, never on a case, which approving does not end on a ground), and the decision, which
cannot be undone, is checked by the server before it is confirmed, as a case's decisions are: an invalid
one comes back with its errors and no confirmation, a valid one shows what will be done and asks, and
only the confirmed request writes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from core.errors import ValidationFailed
from tests.builders import accepted, api_client, raise_flag
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

REASON = "Cần lãnh đạo cho ý kiến."


def _case_escalation(cast) -> Escalation:
    case = accepted(cast)
    return escalation_open(target=case, unit=case.unit, reason=REASON, actor=cast.chair)


def test_the_end_ground_is_offered_only_where_approving_ends_on_a_ground(client, cast, frozen_clock):
    on_case = _case_escalation(cast)
    on_flag = inspections.flag_escalate(flag=raise_flag(cast), actor=cast.chair, reason=REASON)
    client.force_login(cast.leader)
    case_page = client.get(reverse("workflows:detail", args=[on_case.pk])).content.decode()
    assert 'value="approve"' in case_page and 'name="ground"' not in case_page
    assert api_client(cast.leader).get(f"/api/escalations/{on_case.pk}/").json()["allowed_grounds"] == []
    flag_page = client.get(reverse("workflows:detail", args=[on_flag.pk])).content.decode()
    at = flag_page.index('name="ground"')
    tag = flag_page[flag_page.rindex("<", 0, at) : flag_page.index(">", at)]
    assert 'data-depends-on="decision" data-depends-values="approve"' in tag
    # The service says the same: a ground sent with "approve" on a case is refused, nothing decided.
    with pytest.raises(ValidationFailed) as refused:
        escalation_decide(escalation=on_case, actor=cast.leader, decision="approve", reason="Đồng ý", ground="merged")
    assert set(refused.value.fields) == {"ground"}
    on_case.refresh_from_db()
    assert on_case.status == Escalation.Status.PENDING


def test_the_decision_is_checked_before_it_is_confirmed(client, cast, frozen_clock):
    escalation = _case_escalation(cast)
    url = reverse("workflows:detail", args=[escalation.pk])
    client.force_login(cast.leader)
    page = client.get(url).content.decode()
    assert "data-confirm=" not in page  # no browser dialog before the server has checked the form
    # Invalid (no reason): its errors, no confirmation, nothing written.
    invalid = client.post(url, {"decision": "return", "reason": "", "version": escalation.version})
    assert invalid.status_code == 400
    assert "data-confirmation" not in invalid.content.decode() and "Lý do quyết định" in invalid.content.decode()
    # Valid: what will be done, asked; nothing written yet.
    valid = {"decision": "return", "reason": "Làm tiếp việc xác minh", "version": escalation.version}
    asked = client.post(url, valid)
    text = asked.content.decode()
    assert asked.status_code == 200 and "data-confirmation" in text and "không thể hoàn tác" in text
    assert "Làm tiếp việc xác minh" in text and 'name="confirmed" value="1"' in text
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING and not escalation.decision
    # Confirmed: written.
    done = client.post(url, {**valid, "confirmed": "1"})
    assert done.status_code == 302
    escalation.refresh_from_db()
    assert escalation.decision == "return" and escalation.decided_by == cast.leader
