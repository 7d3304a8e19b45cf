from __future__ import annotations

import pytest

from casework.org.models import Role
from tests.factories import UserFactory
from workflows.models import Escalation
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(cast, frozen_clock):
    return escalation_open(target=("tests.thing", "1"), unit=cast.sector, reason="Quá hạn giải quyết")


def test_leaders_list_escalations_of_their_units_only(cast, api_as, escalation):
    escalation_open(target=("tests.thing", "2"), unit=cast.other_sector, reason="Ngành khác")
    body = api_as(cast.leader).get("/api/escalations/").json()
    assert [e["id"] for e in body["results"]] == [escalation.pk]
    assert api_as(cast.officer).get("/api/escalations/").json()["results"] == []


def test_a_leader_decides_and_a_second_decision_is_a_409_conflict(cast, api_as, escalation):
    client = api_as(cast.leader)
    url = f"/api/escalations/{escalation.pk}/decide/"
    response = client.post(url, {"decision": "approve", "reason": "Đồng ý"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "decided"
    escalation.refresh_from_db()
    assert (escalation.status, escalation.decided_by) == (Escalation.Status.DECIDED, cast.leader)

    again = client.post(url, {"decision": "approve", "reason": "Lần nữa"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"


def test_a_stale_version_is_a_409_conflict(cast, api_as, escalation):
    response = api_as(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/",
        {"decision": "approve", "reason": "Đồng ý", "version": escalation.version + 1},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING


def test_a_decision_without_reason_is_400_naming_the_field(cast, api_as, escalation):
    response = api_as(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/", {"decision": "approve", "reason": ""}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING


def test_an_unknown_decision_is_400(cast, api_as, escalation):
    response = api_as(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/", {"decision": "maybe", "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "decision" in response.json()["fields"]


def test_another_units_leader_gets_404(cast, api_as, escalation):
    other_leader = UserFactory(roles=[(Role.BTV_MEMBER, cast.other_sector)])
    client = api_as(other_leader)
    assert client.get(f"/api/escalations/{escalation.pk}/").status_code == 404
    response = client.post(
        f"/api/escalations/{escalation.pk}/decide/", {"decision": "approve", "reason": "x"}, format="json"
    )
    assert response.status_code == 404
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.PENDING


def test_escalation_list_queries_do_not_grow_with_the_page(cast, api_as, frozen_clock, count_queries):
    for n in range(12):
        escalation_open(target=("tests.thing", str(n)), unit=cast.sector, reason=f"Lý do {n}")
    client = api_as(cast.leader)
    assert count_queries(client, "/api/escalations/?page_size=2") == count_queries(
        client, "/api/escalations/?page_size=12"
    )
