from __future__ import annotations

import pytest

from tests.builders import intake_payload

pytestmark = pytest.mark.django_db


def test_quarterly_report_counts_letters_of_the_quarter(cast, api_as, frozen_clock):
    client = api_as(cast.intake)
    for _ in range(2):
        assert client.post("/api/cases/", intake_payload(cast), format="json").status_code == 201
    response = api_as(cast.chair).get("/api/reports/quarterly/", {"unit": cast.sector.pk, "year": 2026, "quarter": 1})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["figures"]["received_total"] == 2
    assert body["figures"]["received_complaint"] == 2
    first_section = body["sections"][0]
    assert first_section["rows"][0] == {"key": "received_total", "label": "Tổng số đơn nhận trong kỳ", "value": 2}


def test_quarterly_report_of_another_unit_is_404(cast, api_as):
    response = api_as(cast.chair).get(
        "/api/reports/quarterly/", {"unit": cast.other_sector.pk, "year": 2026, "quarter": 1}
    )
    assert response.status_code == 404


def test_quarterly_report_needs_a_valid_quarter(cast, api_as):
    response = api_as(cast.chair).get("/api/reports/quarterly/", {"unit": cast.sector.pk, "year": 2026, "quarter": 5})
    assert response.status_code == 400
    assert "quarter" in response.json()["fields"]
