"""Idempotency keys are kept for the documented window (API_IDEMPOTENCY_KEEP_HOURS) and then
deleted by the daily job: within it a retry answers what the first request did, after it a retry
is a new request."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.api.idempotency import idempotency_keys_prune, key_digest
from casework.api.models import IdempotencyKey
from casework.cases.models import Case
from core import clock
from tests.builders import intake_payload

pytestmark = pytest.mark.django_db


def test_a_key_older_than_the_window_is_deleted_and_a_recent_one_kept(cast, api_as, frozen_clock, settings):
    settings.API_IDEMPOTENCY_KEEP_HOURS = 24
    client = api_as(cast.intake)
    old, first = {"HTTP_IDEMPOTENCY_KEY": "sent-yesterday"}, intake_payload(cast)
    client.post("/api/cases/", first, format="json", **old)
    clock.advance(dt.timedelta(hours=23))
    recent, second = {"HTTP_IDEMPOTENCY_KEY": "sent-this-morning"}, intake_payload(cast, title="Đơn thứ hai")
    client.post("/api/cases/", second, format="json", **recent)

    assert idempotency_keys_prune() == 0  # the first key is 23 hours old: still inside the window
    replayed = client.post("/api/cases/", first, format="json", **old)
    assert replayed.status_code == 201, replayed.content
    assert replayed["Idempotent-Replayed"] == "true" and Case.objects.count() == 2

    clock.advance(dt.timedelta(hours=2))
    assert idempotency_keys_prune() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == [key_digest("sent-this-morning")]
    again = client.post("/api/cases/", second, format="json", **recent)
    assert again["Idempotent-Replayed"] == "true" and Case.objects.count() == 2
    late = client.post("/api/cases/", first, format="json", **old)  # past the window: a new request
    assert late.status_code == 201 and not late.has_header("Idempotent-Replayed") and Case.objects.count() == 3


def test_a_public_submissions_stored_answer_does_not_outlive_the_window(cast, client, frozen_clock, settings):
    settings.API_IDEMPOTENCY_KEEP_HOURS = 1
    response = client.post(
        "/api/public/cases/",
        {
            "kind": "complaint",
            "unit": cast.sector.pk,
            "title": "Khiếu nại",
            "content": "Nội dung",
            "full_name": "A",
            "phone": "0900",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="citizen-1",
    )
    assert response.status_code == 201, response.content
    assert IdempotencyKey.objects.count() == 1
    clock.advance(dt.timedelta(minutes=61))
    assert idempotency_keys_prune() == 1 and not IdempotencyKey.objects.exists()
