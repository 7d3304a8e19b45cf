"""The public intake (no account) and the status look-up by receipt code."""

from __future__ import annotations

import pytest

from casework.cases.models import Case
from tests.builders import public_payload

pytestmark = pytest.mark.django_db


def test_anyone_can_submit_and_gets_a_receipt_code(cast, api_as, frozen_clock):
    response = api_as(None).post("/api/public/cases/", public_payload(cast), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(reference=body["reference"])
    assert case.channel == "online" and case.created_by is None
    status = api_as(None).post("/api/public/case-status/", {"code": body["receipt_code"]}, format="json")
    assert status.status_code == 200
    assert status.json()["received_on"] == case.received_on.isoformat()


def test_a_retried_public_submission_creates_one_case(cast, api_as, frozen_clock):
    client = api_as(None)
    first = client.post("/api/public/cases/", public_payload(cast), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    second = client.post("/api/public/cases/", public_payload(cast), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert second.json()["receipt_code"] == first.json()["receipt_code"]
    assert Case.objects.count() == 1


def test_public_submission_without_contact_is_400(cast, api_as, frozen_clock):
    response = api_as(None).post("/api/public/cases/", public_payload(cast, phone=""), format="json")
    assert response.status_code == 400
    assert "phone" in response.json()["fields"]
    assert not Case.objects.exists()


def test_unknown_receipt_code_is_404(cast, api_as):
    response = api_as(None).post("/api/public/case-status/", {"code": "0000-0000-0000-0000"}, format="json")
    assert response.status_code == 404


def test_public_intake_is_throttled_per_ip(cast, api_as, frozen_clock, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public_intake": "2/hour"},
    }
    client = api_as(None)
    codes = [client.post("/api/public/cases/", public_payload(cast), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Case.objects.count() == 2
