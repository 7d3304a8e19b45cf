"""The API answers in the language the caller asks for (Accept-Language): the refusals written by
our views and services, the shared 404 and 400 texts, and the field descriptions of the schema."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from casework.privacy.services import retention_policy_set
from core.errors import ConcurrentChange, KeyReused, ValidationFailed
from tests.builders import intake_payload

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_a_report_that_is_not_an_object_is_refused_in_the_callers_language(cast):
    url = f"/api/reports/quarterly/import/?unit={cast.sector.pk}"
    english = _api(cast.leader).post(url, [1, 2], format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400, english.content
    assert english.json()["detail"] == "Invalid data"
    assert english.json()["fields"] == {"document": ["Send one JSON object following the quarterly report schema."]}
    vietnamese = _api(cast.leader).post(url, [1, 2], format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert vietnamese.json()["fields"] == {"document": ["Phải gửi một đối tượng JSON theo lược đồ báo cáo quý."]}


def test_a_unit_out_of_reach_answers_not_found_in_english(cast):
    response = _api(cast.officer).get(
        "/api/reports/quarterly/", {"unit": 999_999, "year": 2026, "quarter": 1}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_a_serializer_refusal_says_invalid_data_in_english(cast):
    response = _api(cast.officer).get(
        "/api/reports/quarterly/", {"unit": cast.sector.pk, "year": 1990, "quarter": 9}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid data"


def test_a_queued_letter_with_a_too_long_key_is_refused_in_english(cast, frozen_clock):
    response = _api(cast.intake).post(
        "/api/intake/",
        intake_payload(cast),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_IDEMPOTENCY_KEY="k" * 300,
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"Idempotency-Key": ["The key is too long."]}


def test_the_schema_describes_the_fields_in_english_when_asked(client):
    english = client.get("/api/schema/", {"lang": "en"}).content.decode()
    assert "Reporting unit (whole subtree)" in english
    assert "Đơn vị lập báo cáo (cả cây con)" not in english
    assert "Đơn vị lập báo cáo (cả cây con)" in client.get("/api/schema/", {"lang": "vi"}).content.decode()


def test_the_default_messages_of_the_errors_are_translated_when_raised():
    # Translated when the error is made, not when the module was imported.
    with translation.override("en"):
        assert ConcurrentChange().message == "The record was changed by someone else; please reload the page."
        assert KeyReused().message == "This Idempotency-Key was already used for a different request."
        assert ValidationFailed({}).message == "Invalid data"
    with translation.override("vi"):
        assert ValidationFailed({}).message == "Dữ liệu không hợp lệ"


def test_a_service_refusal_with_a_value_reads_in_english(cast):
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        retention_policy_set(actor=cast.admin, kind="nope", years=500, source="")
    assert refused.value.fields == {
        "kind": ["Invalid record type."],
        "years": ["The retention period must be from 1 to 100 years."],
        "source": ["State the rule that sets the retention period (document number, reference, article)."],
    }
