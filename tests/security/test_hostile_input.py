"""Hostile input answered at the edge: nesting, control characters, bad ids, dates no policy covers.

Each answers 400 (413 for an oversized body) naming what was wrong, changes nothing, and never 500.
"""

from __future__ import annotations

import pytest
from django.test import Client

from casework.cases.models import Case
from tests.builders import intake_form, intake_payload
from workflows.models import PolicyVersion

pytestmark = pytest.mark.django_db

DEEP = "[" * 50000 + "]" * 50000


def _first_policy_day():
    return PolicyVersion.objects.order_by("effective_from").first().effective_from


@pytest.mark.parametrize("url", ["/api/public/cases/", "/api/public/case-status/", "/api/auth/token/"])
def test_deeply_nested_json_answers_400_without_signing_in(client, url):
    response = client.post(url, DEEP, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert "32" in body["fields"]["non_field_errors"][0]


def test_deeply_nested_json_answers_400_signed_in(cast, api_as):
    response = api_as(cast.intake).post("/api/cases/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_nesting_within_the_limit_is_parsed(client):
    nested = "[" * 30 + "]" * 30
    response = client.post(
        "/api/auth/token/", f'{{"username": {nested}, "password": "x"}}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "username" in response.json()["fields"]  # the serializer saw it: parsed, then refused as a field


def test_a_nul_in_a_json_string_names_the_field(cast, api_as):
    payload = {**intake_payload(cast), "title": "Khiếu nại\x00"}
    response = api_as(cast.intake).post("/api/cases/", payload, format="json")
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.json()["fields"]["title"][0]
    assert Case.objects.count() == 0


@pytest.mark.parametrize("param", ["actor", "unit", "action", "target_type", "target_id"])
def test_a_nul_in_a_query_parameter_answers_400_naming_it(cast, client, param):
    client.force_login(cast.auditor)
    response = client.get(f"/audit/?{param}=%00")
    assert response.status_code == 400
    assert f"Tham số {param}" in response.content.decode()


@pytest.mark.parametrize("url", ["/audit/timeline/%00/1/", "/reports/dashboard/?unit=%00", "/cases/?q=a%01b"])
def test_control_characters_in_web_paths_and_queries_answer_400(cast, client, url):
    client.force_login(cast.admin)
    assert client.get(url).status_code == 400


def test_a_nul_in_an_api_path_answers_400_in_the_error_shape(cast, api_as):
    response = api_as(cast.admin).get("/api/timeline/%00/1/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"code", "detail", "fields"}


def test_a_nul_in_a_form_field_answers_400_and_changes_nothing(cast, client, frozen_clock):
    client.force_login(cast.intake)
    response = client.post("/cases/new/", {"title": "Đơn\x00", "kind": "complaint"})
    assert response.status_code == 400
    assert "Tham số title" in response.content.decode()
    assert Case.objects.count() == 0


def test_tabs_and_line_breaks_stay_allowed_in_values(cast, client):
    client.force_login(cast.auditor)
    assert client.get("/audit/?actor=a%09b%0Ac").status_code == 200


def test_a_non_numeric_drill_down_unit_answers_400(cast, client):
    client.force_login(cast.chair)
    response = client.get("/inspections/coverage/?bucket=raised&drill_unit=abc")
    assert response.status_code == 400
    assert "drill_unit" in response.content.decode()
    # A well-formed id goes through to the drill-down (which decides what the reader may see).
    assert client.get(f"/inspections/coverage/?bucket=raised&drill_unit={cast.hospital.pk}").status_code != 400


def test_a_non_numeric_flag_answers_400(cast, client):
    client.force_login(cast.inspector)
    assert client.get("/inspections/new/?flag=1.5").status_code == 400


def test_an_out_of_range_id_in_a_multiple_choice_is_a_field_error(cast, client):
    client.force_login(cast.inspector)
    response = client.post("/inspections/new/", {"flags": ["99999999999999999999"], "unit": cast.sector.pk})
    assert response.status_code == 200
    assert "flags" in response.context["form"].errors


def test_an_intake_date_before_every_policy_names_the_earliest_date_in_the_api(cast, api_as, frozen_clock):
    first = _first_policy_day()
    day_before = first.fromordinal(first.toordinal() - 1)
    payload = {**intake_payload(cast), "received_on": day_before.isoformat()}
    response = api_as(cast.intake).post("/api/cases/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert first.strftime("%d/%m/%Y") in response.json()["fields"]["received_on"][0]
    assert Case.objects.count() == 0
    payload["received_on"] = first.isoformat()
    assert api_as(cast.intake).post("/api/cases/", payload, format="json").status_code == 201


def test_an_intake_date_before_every_policy_keeps_the_form(cast, client, frozen_clock):
    first = _first_policy_day()
    day_before = first.fromordinal(first.toordinal() - 1)
    client.force_login(cast.intake)
    response = client.post(
        "/cases/new/", intake_form(cast, received_on=day_before.isoformat(), title="Khiếu nại trợ cấp cũ")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert first.strftime("%d/%m/%Y") in form.errors["received_on"][0]
    assert form["title"].value() == "Khiếu nại trợ cấp cũ"  # what was typed is still there
    assert Case.objects.count() == 0


def test_an_oversized_body_answers_413_json_under_the_api(client):
    response = client.post("/api/public/cases/", b"x" * (3 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_oversized_form_answers_413_on_the_web(client):
    response = Client().post(
        "/login/", "a=" + "x" * (3 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_a_lone_surrogate_in_a_json_string_names_the_field_in_vietnamese(cast, api_as):
    body = '{"title": "Khi\\ud800u n\\u1ea1i", "kind": "complaint"}'  # the escape JSON allows, no character
    response = api_as(cast.intake).post("/api/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"title": ["Tham số title chứa ký tự Unicode không hợp lệ."]}
    assert Case.objects.count() == 0


@pytest.mark.parametrize("body", [b'{"title": "\xff\xfe"}', b"{'title': 1}", b'{"title": '])
def test_a_body_that_is_not_json_in_utf8_answers_400_in_vietnamese(cast, api_as, body):
    response = api_as(cast.intake).post("/api/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["detail"] == "Nội dung gửi lên không phải JSON hợp lệ (UTF-8)."
    assert Case.objects.count() == 0


def test_too_many_fields_answer_400_json_under_the_api(client, settings):
    fields = "&".join(f"f{n}=x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post("/api/public/cases/", fields, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Case.objects.count() == 0


def test_too_many_files_answer_400_in_the_error_shape_and_store_nothing(cast, client, settings, tmp_path):
    """More files in one multipart body than DATA_UPLOAD_MAX_NUMBER_FILES: refused at the edge, on the
    API as JSON and on a page as the error page, before a view reads any of them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casework.files.models import Attachment

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    uploads = [SimpleUploadedFile(f"tep{n}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf") for n in range(4)]
    api = client.post("/api/public/cases/", {"uploads": uploads})
    assert api.status_code == 400
    assert api.json()["code"] == "invalid" and "tệp" in api.json()["detail"]
    client.force_login(cast.intake)
    for upload in uploads:
        upload.seek(0)
    page = client.post("/cases/new/", {**intake_form(cast), "uploads": uploads})
    assert page.status_code == 400
    assert "Quá nhiều tệp" in page.content.decode()
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0
