"""Two clients at once (PostgreSQL: real row locks across connections)."""

from __future__ import annotations

import pytest
from django.db import connection

from casework.cases.models import Case, Status
from tests.builders import intake_payload
from tests.concurrency import at_once

pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
# Transactional tests end with a flush; tests/conftest.py puts the seeded deadline policy back for the
# tests that follow (serialized_rollback would clash with other transactional tests' content types).
transactional = pytest.mark.django_db(transaction=True)


@pg_only
@transactional
def test_two_simultaneous_retries_with_one_key_create_one_case(cast, api_as, frozen_clock):
    clients = [api_as(cast.intake), api_as(cast.intake)]

    def post(client):
        return lambda: client.post("/api/cases/", intake_payload(cast), format="json", HTTP_IDEMPOTENCY_KEY="same")

    first, second = at_once(post(clients[0]), post(clients[1]))
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    assert Case.objects.count() == 1


@pg_only
@transactional
def test_two_officers_accepting_at_once_one_wins_the_other_gets_409(cast, api_as, frozen_clock):
    created = api_as(cast.intake).post("/api/cases/", intake_payload(cast), format="json").json()
    url = f"/api/cases/{created['id']}/accept/"
    body = {"legal_ground": "Luật Khiếu nại 2011", "version": created["version"], "subject_area": "khac"}
    intake, chair = api_as(cast.intake), api_as(cast.chair)
    responses = at_once(lambda: intake.post(url, body, format="json"), lambda: chair.post(url, body, format="json"))
    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["code"] in ("conflict", "transition_not_allowed")
    assert Case.objects.get(pk=created["id"]).status == Status.ACCEPTED
