from __future__ import annotations

import pytest

from casework.audit.services import audit_record_standalone

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(cast):
    mine = [
        audit_record_standalone(actor=cast.officer, action="case.accept", target=("cases.case", n), unit=cast.hospital)
        for n in range(5)
    ]
    theirs = audit_record_standalone(
        actor=cast.other_officer, action="case.accept", target=("cases.case", 99), unit=cast.other_grassroots
    )
    return mine, theirs


def test_auditors_see_the_events_of_their_subtree_newest_first(cast, api_as, events):
    mine, _ = events
    body = api_as(cast.auditor).get("/api/audit-events/", {"action": "case.accept"}).json()
    assert [e["seq"] for e in body["results"]] == [e.seq for e in reversed(mine)]


def test_non_auditors_see_no_events(cast, api_as, events):  # the selector scopes by the auditor role
    assert api_as(cast.officer).get("/api/audit-events/").json()["results"] == []


def test_an_event_of_another_unit_is_404(cast, api_as, events):
    mine, theirs = events
    client = api_as(cast.auditor)
    assert client.get(f"/api/audit-events/{mine[0].seq}/").status_code == 200
    assert client.get(f"/api/audit-events/{theirs.seq}/").status_code == 404


def test_audit_events_filter_by_target(cast, api_as, events):
    body = api_as(cast.auditor).get("/api/audit-events/", {"target_type": "cases.case", "target_id": "3"}).json()
    assert [(e["target_id"], e["action"]) for e in body["results"]] == [("3", "case.accept")]
    by_actor = api_as(cast.auditor).get("/api/audit-events/", {"actor": "officer", "action": "case."}).json()
    assert len(by_actor["results"]) == 5


def test_audit_search_refuses_a_bad_date_naming_the_field(cast, api_as, events):
    response = api_as(cast.auditor).get("/api/audit-events/", {"date_from": "hôm qua"})
    assert response.status_code == 400
    assert "date_from" in response.json()["fields"]


def test_timeline_of_a_target_in_scope_and_404_outside(cast, api_as, events):
    _, theirs = events
    client = api_as(cast.officer)
    events_of_3 = client.get("/api/timeline/cases.case/3/").json()
    assert [e["action"] for e in events_of_3] == ["case.accept"]
    assert client.get(f"/api/timeline/cases.case/{theirs.target_id}/").status_code == 404


def test_audit_list_queries_do_not_grow_with_the_page(cast, api_as, events, count_queries):
    client = api_as(cast.auditor)
    assert count_queries(client, "/api/audit-events/?page_size=1") == count_queries(
        client, "/api/audit-events/?page_size=5"
    )
