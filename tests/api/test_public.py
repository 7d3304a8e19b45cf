"""The public intake (no account) and the status look-up by receipt code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from casework.api.idempotency import idempotency_keys_prune
from casework.api.models import IdempotencyKey
from casework.cases.models import Case
from casework.cases.receipts import receipt_code_hash, receipt_code_normalize
from core import clock
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


def _send(client, cast, key=None, ip="10.0.0.1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    response = client.post("/api/public/cases/", public_payload(cast), format="json", REMOTE_ADDR=ip, **headers)
    assert response.status_code == 201, response.content
    return response


def _tables_holding(code: str) -> list[str]:
    """Every row of every table, each column read as text, that holds `code` as shown or normalized."""
    forms = {code, receipt_code_normalize(code)}
    return [
        model._meta.db_table
        for model in apps.get_models()
        for row in model.objects.values()
        if any(form in str(value) for value in row.values() for form in forms)
    ]


def _looks_up(client, code: str, case: Case) -> bool:
    answer = client.post("/api/public/case-status/", {"code": code}, format="json")
    return answer.status_code == 200 and case.receipt_code_hash == receipt_code_hash(code)


def test_a_retried_public_submission_creates_one_case_and_gets_the_same_code(cast, api_as, frozen_clock):
    client = api_as(None)
    first = _send(client, cast, key="k1")
    second = _send(client, cast, key="k1")
    assert second["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert second.json() == first.json()
    assert list(first.json()) == ["reference", "receipt_code", "status"]  # the replay keeps the answer's shape
    assert Case.objects.count() == 1
    code = first.json()["receipt_code"]
    assert _looks_up(client, code, Case.objects.get())


def test_the_receipt_code_of_a_letter_sent_with_a_key_is_in_no_table(cast, api_as, frozen_clock):
    client = api_as(None)
    code = _send(client, cast, key="citizen-7f3a").json()["receipt_code"]
    row = IdempotencyKey.objects.get()
    assert row.response_body["receipt_code"] is None and row.response_body["reference"]
    assert _tables_holding(code) == []
    # Nor the key it is derived from: the row keeps its digest.
    assert row.key != "citizen-7f3a" and _tables_holding("citizen-7f3a") == []
    replayed = _send(client, cast, key="citizen-7f3a").json()["receipt_code"]
    assert replayed == code and _tables_holding(code) == []


def test_another_key_another_sender_or_the_same_key_past_its_window_is_another_letter_with_its_own_code(
    cast, api_as, frozen_clock, settings
):
    settings.API_IDEMPOTENCY_KEEP_HOURS = 1
    client = api_as(None)
    codes = [
        _send(client, cast, key="k1").json()["receipt_code"],
        _send(client, cast, key="k2").json()["receipt_code"],
        _send(client, cast, key="k1", ip="10.0.0.2").json()["receipt_code"],  # another sender's key
        _send(client, cast).json()["receipt_code"],  # no key: a random code
    ]
    clock.advance(dt.timedelta(minutes=61))
    assert idempotency_keys_prune() == 3
    late = _send(client, cast, key="k1")  # the key's row is gone: a new letter
    assert not late.has_header("Idempotent-Replayed")
    codes.append(late.json()["receipt_code"])
    assert len(set(codes)) == 5 and Case.objects.count() == 5
    cases = Case.objects.order_by("pk")
    assert all(_looks_up(client, code, case) for code, case in zip(codes, cases, strict=True))


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
