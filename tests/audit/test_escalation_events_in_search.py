"""The audit search reads an escalation's events by the rule of a target's timeline
(workflows.selectors.escalation_events_unread): an administrator of a unit (the admin role, not a superuser), who
audits its trail but neither reads nor decides its escalations (escalation_list_for_user), finds the raising without
its reason or values and none of its later events; an auditor, who reads every escalation of their units, and a
superuser read them whole. The chain is verified on the events as recorded."""

from __future__ import annotations

import pytest
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.audit.selectors import AuditSearchFilters, audit_event_search, audit_timeline
from casework.audit.services import audit_record_standalone
from casework.audit.verification import audit_chain_verify
from casework.inspections.services import flag_escalate
from casework.org.models import Role
from tests import builders
from tests.factories import UserFactory
from workflows.selectors import escalation_events_unread, escalation_list_for_user
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db

REASON = "Chậm mở cuộc kiểm tra tại bệnh viện"
DECISION = "Trả lại để ủy ban mở cuộc kiểm tra ngay"


@pytest.fixture
def escalated(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    escalation = flag_escalate(flag=flag, actor=cast.inspector, reason=REASON)
    escalation_decide(escalation=escalation, actor=cast.leader, decision="return", reason=DECISION)
    clock_event = audit_record_standalone(
        actor=None, action="deadline.remind", target=("workflows.escalation", escalation.pk), unit=cast.hospital
    )
    events = AuditEvent.objects.filter(target_type="inspections.flag", target_id=str(flag.pk))
    raised = events.get(action="escalation.open")
    decided = events.get(action="escalation.return")
    return flag, escalation, raised, decided, clock_event


@pytest.fixture
def unit_admin(cast):
    return UserFactory(username="unit_admin", roles=[(Role.ADMIN, cast.sector)])


def found(user, **filters) -> dict[int, bool]:
    """seq → details_withheld of the events the search finds."""
    events = audit_event_search(user=user, filters=AuditSearchFilters(**filters))
    return dict(events.values_list("seq", "details_withheld"))


def test_a_unit_administrator_reads_the_raising_withheld_and_no_later_event(cast, escalated, unit_admin):
    _flag, escalation, raised, decided, clock_event = escalated
    assert not escalation_list_for_user(user=unit_admin).filter(pk=escalation.pk).exists()
    seen = found(unit_admin)
    assert seen[raised.seq] is True
    assert decided.seq not in seen and clock_event.seq not in seen
    assert found(unit_admin, action="escalation.") == {raised.seq: True}
    # Their other events are whole: the flag's raising.
    assert found(unit_admin, action="flag.") and not any(found(unit_admin, action="flag.").values())


@pytest.mark.parametrize("reader", ["auditor", "admin"])
def test_an_auditor_and_a_superuser_read_them_whole(cast, escalated, reader):
    _flag, _escalation, raised, decided, clock_event = escalated
    seen = found(getattr(cast, reader))
    assert {raised.seq: False, decided.seq: False, clock_event.seq: False}.items() <= seen.items()


def test_the_search_agrees_with_the_timeline(cast, escalated, unit_admin):
    flag, _escalation, _raised, _decided, _clock = escalated
    timeline = audit_timeline(user=unit_admin, target_type="inspections.flag", target_id=flag.pk)
    from_timeline = {e.seq: e.details_withheld for e in timeline}
    assert found(unit_admin, target_type="inspections.flag", target_id=str(flag.pk)) == from_timeline
    rows = AuditEvent.objects.filter(target_type="inspections.flag", target_id=str(flag.pk))
    hidden, withheld = escalation_events_unread(
        user=unit_admin, target_type="inspections.flag", events=rows.values_list("pk", "action", "after")
    )
    seqs = dict(rows.values_list("pk", "seq"))
    assert {seqs[pk] for pk in withheld} == {seq for seq, held in from_timeline.items() if held}
    assert not {seqs[pk] for pk in hidden} & set(from_timeline)


def test_the_page_and_the_api_show_the_raising_without_its_reason(cast, escalated, unit_admin, client, api_as):
    _flag, _escalation, raised, decided, _clock = escalated
    client.force_login(unit_admin)
    with translation.override("vi"):
        page = client.get("/audit/", {"action": "escalation."}).content.decode()
    assert f"<td>{raised.seq}</td>" in page and REASON not in page
    assert f"<td>{decided.seq}</td>" not in page and DECISION not in page
    body = api_as(unit_admin).get("/api/audit-events/", {"action": "escalation."}).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [(r["seq"], r["details_withheld"], r["reason"], r["after"]) for r in rows] == [(raised.seq, True, "", {})]
    assert api_as(unit_admin).get(f"/api/audit-events/{decided.seq}/").status_code == 404
    whole = api_as(cast.auditor).get(f"/api/audit-events/{raised.seq}/").json()
    assert whole["details_withheld"] is False and whole["reason"] == REASON and whole["after"]
    client.force_login(cast.auditor)
    assert REASON in client.get("/audit/", {"action": "escalation."}).content.decode()


def test_the_chain_is_verified_on_the_events_as_recorded(escalated):
    result = audit_chain_verify(checkpoint=None)
    assert result.ok and result.checked == AuditEvent.objects.count()


def test_the_escalations_own_trail_answers_404_to_who_may_not_open_it(cast, escalated, unit_admin, client):
    _flag, escalation, *_rest = escalated
    path = f"/audit/timeline/workflows.escalation/{escalation.pk}/"
    client.force_login(unit_admin)
    assert client.get(path).status_code == 404
    client.force_login(cast.auditor)
    assert client.get(path).status_code == 200
