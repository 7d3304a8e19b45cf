"""The quarterly report as data: exported by a unit, validated against the published schema, imported upward."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Case
from casework.org.models import User
from casework.reports.interchange import QUARTERLY_REPORT_SCHEMA, SCHEMA_NAME, quarterly_document_errors
from casework.reports.models import QuarterlyReport
from casework.reports.selectors import quarterly_consolidated
from casework.reports.services import export_now, quarterly_report_import
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.factories import Cast, build_cast
from tests.module_data import built_for_module, fresh_cast
from tests.reports.conftest import EXPECTED_H, DataSet, build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[Cast, DataSet]]:
    """The cast and the quarter's data set, built once for the module: the tests read them, and what
    they import is rolled back after each."""

    def build() -> tuple[Cast, DataSet]:
        cast = build_cast()
        return cast, build_dataset(cast)

    with built_for_module(django_db_blocker, build) as built:
        yield built


@pytest.fixture
def cast(world, db) -> Cast:
    return fresh_cast(world[0])


@pytest.fixture
def dataset(world, cast) -> DataSet:
    built = world[1]
    return DataSet(
        h_staff=User.objects.get(pk=built.h_staff.pk),
        c_staff=User.objects.get(pk=built.c_staff.pk),
        h_leader=User.objects.get(pk=built.h_leader.pk),
        cases={key: Case.objects.get(pk=case.pk) for key, case in built.cases.items()},
    )


def hospital_document(dataset, cast) -> dict:
    file = export_now(
        kind="quarterly_json", unit=cast.hospital, params={"year": 2026, "quarter": 1}, user=dataset.h_leader
    )
    return json.loads(file.data)


def test_the_exported_document_follows_the_schema_and_carries_the_figures(cast, dataset, frozen_clock):
    document = hospital_document(dataset, cast)
    assert quarterly_document_errors(document) == {}
    assert document["schema"] == SCHEMA_NAME
    assert document["unit"] == {"code": "H", "name": cast.hospital.name}
    assert document["period"] == {"year": 2026, "quarter": 1}
    assert document["as_of"] == "2026-03-02"  # the quarter runs: open and overdue as of today
    for key, value in EXPECTED_H.items():
        assert document["figures"][key] == value, key


def test_export_then_import_at_the_superior_round_trips_into_the_consolidated_view(cast, dataset, frozen_clock):
    document = hospital_document(dataset, cast)
    # The unit's own system counted one more letter than this one knows of: the superior takes what was sent.
    document["figures"]["received_total"] += 1
    document["areas"][0]["figures"]["received_total"] += 1  # the breakdown adds up to the totals
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=json.dumps(document).encode())
    assert report.status == QuarterlyReport.Status.SUBMITTED
    rows = {
        r.unit.code: r for r in quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader).rows
    }
    assert rows["H"].from_submission
    assert rows["H"].figures["received_total"] == EXPECTED_H["received_total"] + 1
    event = AuditEvent.objects.get(action="report.import", target_id=str(report.pk))
    assert len(event.after["sha256"]) == 64


def test_a_report_already_received_is_not_overwritten(cast, dataset, frozen_clock):
    document = hospital_document(dataset, cast)
    quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    document["figures"]["received_total"] = 0
    with pytest.raises(TransitionNotAllowed):
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert QuarterlyReport.objects.get(unit=cast.hospital).figures["received_total"] == EXPECTED_H["received_total"]


def test_only_a_direct_child_and_only_the_superiors_leaders(cast, dataset, frozen_clock):
    document = hospital_document(dataset, cast)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.province, actor=cast.province_leader, data=document)
    assert "unit.code" in exc.value.fields
    with pytest.raises(TransitionNotAllowed):
        quarterly_report_import(superior=cast.sector, actor=cast.officer, data=document)
    assert not QuarterlyReport.objects.exists()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["figures"].update(received_total=-1), "figures.received_total"),
        (lambda d: d["figures"].update(made_up_figure=3), "figures"),
        (lambda d: d["period"].update(quarter=5), "period.quarter"),
        (lambda d: d.pop("unit"), "document"),
    ],
)
def test_a_document_that_breaks_the_schema_is_refused_by_path(cast, dataset, frozen_clock, change, path):
    document = hospital_document(dataset, cast)
    change(document)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert path in exc.value.fields
    assert not QuarterlyReport.objects.exists()


@pytest.mark.parametrize("payload", [b"not json", b"[" * 5000 + b"]" * 5000, b"[]"])
def test_a_file_that_is_not_a_document_is_refused(cast, dataset, frozen_clock, payload):
    with pytest.raises(ValidationFailed):
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=payload)


def test_the_pages_export_json_publish_the_schema_and_import_a_file(client, cast, dataset, frozen_clock):
    assert client.get(reverse("reports:quarterly_schema")).json() == json.loads(json.dumps(QUARTERLY_REPORT_SCHEMA))
    client.force_login(dataset.h_leader)
    exported = client.get(
        reverse("reports:quarterly_export"), {"unit": "H", "year": 2026, "quarter": 1, "format": "json"}
    )
    assert exported.status_code == 200 and exported["Content-Type"] == "application/json"
    client.force_login(cast.leader)
    page = client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2026, "quarter": 1})
    assert reverse("reports:quarterly_import") in page.content.decode()
    response = client.post(
        reverse("reports:quarterly_import"),
        {"unit": "S", "file": SimpleUploadedFile("h.json", exported.content, content_type="application/json")},
    )
    assert response.status_code == 302
    assert QuarterlyReport.objects.get(unit=cast.hospital).status == QuarterlyReport.Status.SUBMITTED


def test_the_api_serves_the_document_and_imports_it(cast, dataset, frozen_clock):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def as_user(user):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return api

    document = as_user(dataset.h_leader).get(
        "/api/reports/quarterly/document/", {"unit": cast.hospital.pk, "year": 2026, "quarter": 1}
    )
    assert document.status_code == 200 and document.json()["unit"]["code"] == "H"
    imported = as_user(cast.leader).post(
        f"/api/reports/quarterly/import/?unit={cast.sector.pk}", document.json(), format="json"
    )
    assert imported.status_code == 201, imported.content
    assert imported.json()["figures"]["received_total"] == EXPECTED_H["received_total"]
    outsider = as_user(cast.other_officer).post(
        f"/api/reports/quarterly/import/?unit={cast.sector.pk}", document.json(), format="json"
    )
    assert outsider.status_code == 404


def test_the_document_carries_terminations_apart_and_the_import_takes_them(cast, dataset, frozen_clock):
    document = hospital_document(dataset, cast)
    assert document["schema"] == "casework.quarterly-report/3"
    assert QUARTERLY_REPORT_SCHEMA["$id"].endswith("/3.json")
    assert {"terminated", "terminated_withdrawn"} <= set(document["figures"]) & set(document["labels"])
    assert {"terminated", "terminated_withdrawn"} <= set(document["areas"][0]["figures"])
    document["figures"].update(terminated=2, terminated_withdrawn=1)
    document["areas"][0]["figures"].update(terminated=2, terminated_withdrawn=1)
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert (report.figures["terminated"], report.figures["terminated_withdrawn"]) == (2, 1)
    rows = {
        r.unit.code: r for r in quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader).rows
    }
    assert rows["H"].figures["terminated"] == 2
    assert "phiên bản 1" not in report.note


def version_1(document: dict) -> dict:
    """The document as a sender still on version 1 writes it: no termination rows."""
    document["schema"] = "casework.quarterly-report/1"
    document.pop("as_of")
    for figures in [document["figures"], *[row["figures"] for row in document["areas"]]]:
        figures.pop("terminated")
        figures.pop("terminated_withdrawn")
    for key in ("terminated", "terminated_withdrawn"):
        document["labels"].pop(key)
    return version_2(document, schema="casework.quarterly-report/1")


def version_2(document: dict, *, schema: str = "casework.quarterly-report/2") -> dict:
    """The document as a sender still on version 2 writes it: discipline by four forms only."""
    document["schema"] = schema
    for key in ("discipline_ha_bac_luong", "discipline_buoc_thoi_viec", "discipline_giai_tan"):
        document["figures"].pop(key)
        document["labels"].pop(key)
    return document


def test_a_version_2_document_is_still_imported_without_the_forms_version_3_added(cast, dataset, frozen_clock):
    document = version_2(hospital_document(dataset, cast))
    document["figures"].update(discipline_total=1, discipline_canh_cao=1)
    assert quarterly_document_errors(document) == {}
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert (report.figures["discipline_total"], report.figures["discipline_canh_cao"]) == (1, 1)
    assert report.figures["discipline_giai_tan"] == 0
    rows = {
        r.unit.code: r for r in quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader).rows
    }
    assert rows["H"].figures["discipline_total"] == 1
    # A version 2 document cannot carry a form only version 3 has.
    document["figures"]["discipline_giai_tan"] = 0
    assert "figures" in quarterly_document_errors(document)


def test_a_version_1_document_is_still_imported_as_it_was_sent(cast, dataset, frozen_clock):
    document = version_1(hospital_document(dataset, cast))
    document["figures"]["resolved"] = 3  # its resolved counted terminations too
    document["areas"][0]["figures"]["resolved"] = 3
    assert quarterly_document_errors(document) == {}
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=json.dumps(document).encode())
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert (report.figures["resolved"], report.figures["terminated"]) == (3, 0)
    assert "phiên bản 1" in report.note
    rows = {
        r.unit.code: r for r in quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader).rows
    }
    assert (rows["H"].figures["resolved"], rows["H"].figures["terminated"]) == (3, 0)


@pytest.mark.parametrize("where", ["figures", "areas"])
def test_a_version_1_document_cannot_carry_the_rows_of_version_2(cast, dataset, frozen_clock, where):
    document = version_1(hospital_document(dataset, cast))
    target = document["figures"] if where == "figures" else document["areas"][0]["figures"]
    target["terminated"] = 0
    with pytest.raises(ValidationFailed):
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    document = hospital_document(dataset, cast)
    document["schema"] = "casework.quarterly-report/4"
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert "schema" in exc.value.fields
    assert not QuarterlyReport.objects.exists()
