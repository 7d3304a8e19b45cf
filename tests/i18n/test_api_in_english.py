"""The API answers in the language the caller asks for (Accept-Language): the refusals written by
our views and services, the shared 404 and 400 texts, and the schema's texts (field descriptions,
operation summaries and descriptions, response descriptions)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from casework.privacy.services import retention_policy_set
from core.errors import ConcurrentChange, KeyReused, ValidationFailed
from tests.builders import intake_payload
from tests.i18n.letters import VIETNAMESE

pytestmark = pytest.mark.django_db

# Letters only Vietnamese uses (with their tone-marked forms), as in test_messages_are_wrapped.py.
# Names that stay Vietnamese inside an English text, each with its reason. Only the name is
# allowed: the sentence around it must still be English.
KEPT_NAMES = {
    "QĐ 5130/QĐ-TLĐ": "the number of the Confederation's discipline regulation, cited as issued",
    "124/2020/NĐ-CP": "the number of the Government's decree on complaints, cited as issued",
    "31/2019/NĐ-CP": "the number of the Government's decree on denunciations, cited as issued",
    "156/2026/NĐ-CP": "the number of the decree amending it, cited as issued",
    "154/2026/NĐ-CP": "the number of the Government's decree on citizen reception, cited as issued",
}
SCHEMA_TEXTS = {"summary", "description", "title"}


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


def _schema_texts(node: Any, where: str = "") -> list[tuple[str, str]]:
    """(where, text) for every summary, description and title in the schema."""
    if isinstance(node, dict):
        found = [(f"{where}/{k}", v) for k, v in node.items() if k in SCHEMA_TEXTS and isinstance(v, str)]
        return found + [t for k, v in node.items() for t in _schema_texts(v, f"{where}/{k}")]
    if isinstance(node, list):
        return [t for i, v in enumerate(node) for t in _schema_texts(v, f"{where}[{i}]")]
    return []


def _schema(language: str) -> dict[str, Any]:
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_has_no_vietnamese_summary_or_description_in_english():
    texts = _schema_texts(_schema("en"))
    assert len(texts) > 100  # guards against walking nothing
    vietnamese = []
    for where, text in texts:
        for name in KEPT_NAMES:
            text = text.replace(name, "")
        if VIETNAMESE.search(text):
            vietnamese.append(f"  {where}: {text[:100]!r}")
    assert not vietnamese, "Vietnamese left in the English schema (wrap it and add the entry):\n" + "\n".join(
        vietnamese
    )


def test_the_schema_names_each_action_in_the_readers_language():
    accept = "/api/cases/{id}/accept/"
    english, vietnamese = _schema("en"), _schema("vi")
    assert english["paths"][accept]["post"]["summary"] == "Accept"
    assert vietnamese["paths"][accept]["post"]["summary"] == "Thụ lý"
    flag_escalate = english["paths"]["/api/flags/{id}/escalate/"]["post"]
    assert flag_escalate["summary"] == "Escalate the sign of violation to leadership"
    assert english["paths"]["/api/reports/quarterly/"]["get"]["description"].startswith("Quarterly report: ")
    assert english["paths"][accept]["post"]["responses"]["409"]["description"].startswith("The action is not allowed")
    # The action's own payload is documented, not the viewset's serializer.
    body = english["paths"][accept]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/AcceptInputRequest"}
