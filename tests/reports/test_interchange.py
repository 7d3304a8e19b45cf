"""The quarterly report as data: exported by a unit, validated against the published schema, imported upward."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Case
from casework.inspections import services as insp
from casework.org.models import Role, User
from casework.reports.interchange import QUARTERLY_REPORT_SCHEMA, SCHEMA_NAME, quarterly_document_errors
from casework.reports.models import QuarterlyReport
from casework.reports.periods import quarter_of
from casework.reports.selectors import quarterly_consolidated, unit_figures_kept_here
from casework.reports.services import export_now, quarterly_report_import, quarterly_report_submit
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import intake
from tests.factories import Cast, UserFactory, build_cast, grant, make_unit
from tests.module_data import FROZEN_AT, built_for_module, fresh_cast
from tests.reports.conftest import EXPECTED_H, DataSet, build_dataset, sent_by

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


def paper_document(dataset, cast, unit) -> dict:
    """The hospital's figures as a unit that reports on paper sends them for Q4/2025 (over on the clock)."""
    return sent_by(hospital_document(dataset, cast), unit)


def paper_rows(cast) -> dict:
    return {
        r.unit.code: r for r in quarterly_consolidated(unit=cast.sector, year=2025, quarter=4, user=cast.leader).rows
    }


def test_the_exported_document_follows_the_schema_and_carries_the_figures(cast, dataset, frozen_clock):
    document = hospital_document(dataset, cast)
    assert quarterly_document_errors(document) == {}
    assert document["schema"] == SCHEMA_NAME
    assert document["unit"] == {"code": "H", "name": cast.hospital.name}
    assert document["period"] == {"year": 2026, "quarter": 1}
    assert document["as_of"] == "2026-03-02"  # the quarter runs: open and overdue as of today
    for key, value in EXPECTED_H.items():
        assert document["figures"][key] == value, key


def test_export_then_import_at_the_superior_round_trips_into_the_consolidated_view(
    cast, dataset, frozen_clock, paper_unit
):
    document = paper_document(dataset, cast, paper_unit)
    # The unit's own system counted one more letter: the superior takes what was sent.
    document["figures"]["received_total"] += 1
    document["areas"][0]["figures"]["received_total"] += 1  # the breakdown adds up to the totals
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=json.dumps(document).encode())
    assert report.status == QuarterlyReport.Status.SUBMITTED
    # Recorded as imported by the superior's leader, never as sent by the unit.
    assert (report.source, report.imported_by, report.submitted_by) == (QuarterlyReport.Source.FILE, cast.leader, None)
    rows = paper_rows(cast)
    assert rows["PG"].from_submission
    assert rows["PG"].figures["received_total"] == EXPECTED_H["received_total"] + 1
    event = AuditEvent.objects.get(action="report.import", target_id=str(report.pk))
    assert len(event.after["sha256"]) == 64
    assert (event.after["source"], event.after["imported_by_unit"]) == ("file", "S")


def test_a_report_already_received_is_not_overwritten(cast, dataset, frozen_clock, paper_unit):
    document = paper_document(dataset, cast, paper_unit)
    quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    document["figures"]["received_total"] = 0
    with pytest.raises(TransitionNotAllowed):
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert QuarterlyReport.objects.get(unit=paper_unit).figures["received_total"] == EXPECTED_H["received_total"]


def test_only_a_direct_child_and_only_the_superiors_leaders(cast, dataset, frozen_clock, paper_unit):
    document = paper_document(dataset, cast, paper_unit)
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
def test_a_document_that_breaks_the_schema_is_refused_by_path(cast, dataset, frozen_clock, paper_unit, change, path):
    document = paper_document(dataset, cast, paper_unit)
    change(document)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert path in exc.value.fields
    assert not QuarterlyReport.objects.exists()


@pytest.mark.parametrize("payload", [b"not json", b"[" * 5000 + b"]" * 5000, b"[]"])
def test_a_file_that_is_not_a_document_is_refused(cast, dataset, frozen_clock, payload):
    with pytest.raises(ValidationFailed):
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=payload)


def test_the_pages_export_json_publish_the_schema_and_import_a_file(client, cast, dataset, frozen_clock, paper_unit):
    assert client.get(reverse("reports:quarterly_schema")).json() == json.loads(json.dumps(QUARTERLY_REPORT_SCHEMA))
    client.force_login(dataset.h_leader)
    exported = client.get(
        reverse("reports:quarterly_export"), {"unit": "H", "year": 2026, "quarter": 1, "format": "json"}
    )
    assert exported.status_code == 200 and exported["Content-Type"] == "application/json"
    sent = json.dumps(sent_by(json.loads(exported.content), paper_unit)).encode()
    client.force_login(cast.leader)
    page = client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2025, "quarter": 4})
    assert reverse("reports:quarterly_import") in page.content.decode()
    response = client.post(
        reverse("reports:quarterly_import"),
        {"unit": "S", "file": SimpleUploadedFile("pg.json", sent, content_type="application/json")},
    )
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(unit=paper_unit)
    assert report.status == QuarterlyReport.Status.SUBMITTED
    detail = client.get(reverse("reports:quarterly_detail", args=[report.pk])).content.decode()
    assert f"Cấp trên nhập số liệu từ tệp (do {cast.leader} nhập ngày 02/03/2026)" in detail
    assert "Đã gửi cấp trên" not in detail and "bởi" not in detail


def test_the_api_serves_the_document_and_imports_it(cast, dataset, frozen_clock, paper_unit):
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
    sent = sent_by(document.json(), paper_unit)
    imported = as_user(cast.leader).post(f"/api/reports/quarterly/import/?unit={cast.sector.pk}", sent, format="json")
    assert imported.status_code == 201, imported.content
    assert imported.json()["figures"]["received_total"] == EXPECTED_H["received_total"]
    assert (imported.json()["source"], imported.json()["imported_by"]) == ("file", cast.leader.username)
    outsider = as_user(cast.other_officer).post(
        f"/api/reports/quarterly/import/?unit={cast.sector.pk}", sent, format="json"
    )
    assert outsider.status_code == 404


def test_the_document_carries_terminations_apart_and_the_import_takes_them(cast, dataset, frozen_clock, paper_unit):
    document = paper_document(dataset, cast, paper_unit)
    assert document["schema"] == "casework.quarterly-report/3"
    assert QUARTERLY_REPORT_SCHEMA["$id"].endswith("/3.json")
    assert {"terminated", "terminated_withdrawn"} <= set(document["figures"]) & set(document["labels"])
    assert {"terminated", "terminated_withdrawn"} <= set(document["areas"][0]["figures"])
    document["figures"].update(terminated=2, terminated_withdrawn=1)
    document["areas"][0]["figures"].update(terminated=2, terminated_withdrawn=1)
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert (report.figures["terminated"], report.figures["terminated_withdrawn"]) == (2, 1)
    rows = paper_rows(cast)
    assert rows["PG"].figures["terminated"] == 2
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


def test_a_version_2_document_is_still_imported_without_the_forms_version_3_added(
    cast, dataset, frozen_clock, paper_unit
):
    document = version_2(paper_document(dataset, cast, paper_unit))
    document["figures"].update(discipline_total=1, discipline_canh_cao=1)
    assert quarterly_document_errors(document) == {}
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert (report.figures["discipline_total"], report.figures["discipline_canh_cao"]) == (1, 1)
    assert report.figures["discipline_giai_tan"] == 0
    rows = paper_rows(cast)
    assert rows["PG"].figures["discipline_total"] == 1
    # A version 2 document cannot carry a form only version 3 has.
    document["figures"]["discipline_giai_tan"] = 0
    assert "figures" in quarterly_document_errors(document)


def test_a_version_1_document_is_still_imported_as_it_was_sent(cast, dataset, frozen_clock, paper_unit):
    document = version_1(paper_document(dataset, cast, paper_unit))
    document["figures"]["resolved"] = 3  # its resolved counted terminations too
    document["areas"][0]["figures"]["resolved"] = 3
    assert quarterly_document_errors(document) == {}
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=json.dumps(document).encode())
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert (report.figures["resolved"], report.figures["terminated"]) == (3, 0)
    assert "phiên bản 1" in report.note
    rows = paper_rows(cast)
    assert (rows["PG"].figures["resolved"], rows["PG"].figures["terminated"]) == (3, 0)


@pytest.mark.parametrize("where", ["figures", "areas"])
def test_a_version_1_document_cannot_carry_the_rows_of_version_2(cast, dataset, frozen_clock, paper_unit, where):
    document = version_1(paper_document(dataset, cast, paper_unit))
    target = document["figures"] if where == "figures" else document["areas"][0]["figures"]
    target["terminated"] = 0
    with pytest.raises(ValidationFailed):
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    document = paper_document(dataset, cast, paper_unit)
    document["schema"] = "casework.quarterly-report/4"
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert "schema" in exc.value.fields
    assert not QuarterlyReport.objects.exists()


# ---- only a unit that reports from elsewhere, only a quarter that is over ----------------------------


def test_a_unit_whose_figures_are_kept_here_is_refused_and_can_still_send_its_own(cast, dataset, frozen_clock):
    # The hospital's letters and people are in this system: its report is the one computed here.
    document = sent_by(hospital_document(dataset, cast), cast.hospital)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert "được quản lý trên hệ thống này" in exc.value.fields["unit.code"][0]
    assert not QuarterlyReport.objects.exists() and AuditEvent.objects.count() == events
    report = quarterly_report_submit(unit=cast.hospital, year=2025, quarter=4, actor=dataset.h_leader)
    assert (report.source, report.submitted_by, report.imported_by) == (
        QuarterlyReport.Source.SYSTEM,
        dataset.h_leader,
        None,
    )


def _flag_on(unit, cast) -> None:
    insp.flag_raise(
        subject_area="khac",
        unit=unit,
        category="finance_spending",
        severity="high",
        evidence="Chi không có chứng từ",
        source="manual",
        actor=cast.inspector,
    )


@pytest.mark.parametrize(
    "keep",
    [
        pytest.param(lambda unit, cast: grant(UserFactory(), Role.INTAKE_OFFICER, unit), id="a role in it"),
        pytest.param(
            lambda unit, cast: grant(UserFactory(), Role.BTV_MEMBER, make_unit(parent=unit)), id="a role below it"
        ),
        pytest.param(lambda unit, cast: intake(cast.intake, unit, title="Đơn của đơn vị"), id="a letter"),
        pytest.param(_flag_on, id="a flag raised on it by the superior"),
    ],
)
def test_anything_of_the_unit_kept_here_by_the_quarters_end_refuses_the_import(
    cast, dataset, frozen_clock, paper_unit, keep
):
    document = paper_document(dataset, cast, paper_unit)
    clock.set_now(dt.datetime(2025, 12, 31, 9, 0, tzinfo=dt.UTC))
    keep(paper_unit, cast)
    clock.set_now(FROZEN_AT)
    assert unit_figures_kept_here(unit=paper_unit, period=quarter_of(year=2025, quarter=4), importer=cast.leader)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert set(exc.value.fields) == {"unit.code"}
    assert not QuarterlyReport.objects.exists()


def test_what_came_after_the_quarter_and_the_importers_own_role_do_not_count(cast, dataset, frozen_clock, paper_unit):
    # The unit joined the system in 2026 (its letters and people since); the importer also sits on its board.
    grant(UserFactory(), Role.INTAKE_OFFICER, paper_unit, valid_from=dt.date(2026, 1, 1))
    _flag_on(paper_unit, cast)
    grant(cast.leader, Role.BCH_MEMBER, paper_unit)
    report = quarterly_report_import(
        superior=cast.sector, actor=cast.leader, data=paper_document(dataset, cast, paper_unit)
    )
    assert report.source == QuarterlyReport.Source.FILE


def test_a_quarter_is_imported_only_once_its_last_day_is_past(cast, dataset, frozen_clock, paper_unit):
    running = sent_by(hospital_document(dataset, cast), paper_unit, year=2026, quarter=1)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=running)
    assert "chưa kết thúc" in exc.value.fields["period"][0]
    clock.set_now(dt.datetime(2026, 3, 31, 16, 0, tzinfo=dt.UTC))  # 23:00 on 31/03 in Hà Nội
    with pytest.raises(ValidationFailed):
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=running)
    assert not QuarterlyReport.objects.exists()
    clock.set_now(dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC))  # 00:30 on 01/04
    report = quarterly_report_import(superior=cast.sector, actor=cast.leader, data=running)
    assert (report.year, report.quarter, report.status) == (2026, 1, QuarterlyReport.Status.SUBMITTED)


def test_the_page_and_the_api_refuse_a_unit_kept_here_and_leave_its_own_form(client, cast, dataset, frozen_clock):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    document = sent_by(hospital_document(dataset, cast), cast.hospital)
    client.force_login(cast.leader)
    upload = SimpleUploadedFile("h.json", json.dumps(document).encode(), content_type="application/json")
    response = client.post(reverse("reports:quarterly_import"), {"unit": "S", "file": upload}, follow=True)
    assert "được quản lý trên hệ thống này" in response.content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=cast.leader)[0].key}")
    refused = api.post(f"/api/reports/quarterly/import/?unit={cast.sector.pk}", document, format="json")
    assert refused.status_code == 400 and "unit.code" in refused.json()["fields"]
    assert not QuarterlyReport.objects.exists()
    client.force_login(dataset.h_leader)
    own = client.get(reverse("reports:quarterly"), {"unit": "H", "year": 2025, "quarter": 4}).content.decode()
    assert reverse("reports:quarterly_submit") in own


def test_reports_imported_before_the_source_was_kept_name_their_importer_not_a_sender(
    cast, dataset, frozen_clock, paper_unit
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("casework.reports.migrations.0004_quarterly_report_imported_rows")
    imported = quarterly_report_import(
        superior=cast.sector, actor=cast.leader, data=paper_document(dataset, cast, paper_unit)
    )
    sent = quarterly_report_submit(unit=cast.hospital, year=2025, quarter=4, actor=dataset.h_leader)
    # As such a row was stored: the importer in the sender's place.
    QuarterlyReport.objects.filter(pk=imported.pk).update(source="system", imported_by=None, submitted_by=cast.leader)
    migration.mark_imported(apps, None)
    imported.refresh_from_db()
    sent.refresh_from_db()
    assert (imported.source, imported.imported_by, imported.submitted_by) == ("file", cast.leader, None)
    assert (sent.source, sent.imported_by, sent.submitted_by) == ("system", None, dataset.h_leader)


# ---- refusals a reader can act on ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "said"),
    [
        (
            lambda d: d["period"].update(quarter=7),
            "period.quarter",
            "“Quý” (period.quarter) là 7, lớn hơn mức tối đa 4",
        ),
        (
            lambda d: d["figures"].update(received_total="abc"),
            "figures.received_total",
            "“Tổng số đơn nhận trong kỳ” (figures.received_total) phải là một số nguyên, không phải “abc”",
        ),
        (
            lambda d: d["areas"][0]["figures"].update(accepted=-2),
            "areas.0.figures.accepted",
            "“Đã thụ lý” ở dòng 1 (areas.0.figures.accepted) là -2, nhỏ hơn mức tối thiểu 0",
        ),
        (
            lambda d: d["figures"].update(made_up=1),
            "figures",
            "“Số liệu” (figures): “made_up” không phải mã chỉ tiêu của lược đồ",
        ),
        (lambda d: d.pop("period"), "document", "Tài liệu báo cáo: thiếu “Kỳ báo cáo” (period)"),
    ],
)
def test_a_schema_refusal_names_the_field_by_its_label_and_path_in_vietnamese(
    cast, dataset, frozen_clock, paper_unit, change, path, said
):
    document = paper_document(dataset, cast, paper_unit)
    change(document)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert exc.value.fields[path] == [f"Không đúng lược đồ báo cáo: {said}."]


def test_a_breakdown_that_does_not_add_up_names_the_figure_by_its_label(cast, dataset, frozen_clock, paper_unit):
    document = paper_document(dataset, cast, paper_unit)
    document["areas"][0]["figures"]["received_total"] += 2
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    total = EXPECTED_H["received_total"]
    assert exc.value.fields["areas.received_total"] == [
        f"Tổng theo lĩnh vực của “Tổng số đơn nhận trong kỳ” (areas.*.figures.received_total) là {total + 2}, "
        f"khác số liệu chung {total} (figures.received_total)."
    ]


def test_a_refused_file_leaves_the_page_on_its_unit_and_quarter(client, cast, dataset, frozen_clock, paper_unit):
    document = paper_document(dataset, cast, paper_unit)
    document["period"]["quarter"] = 7
    client.force_login(cast.leader)
    page = client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2025, "quarter": 4}).content.decode()
    assert 'name="year" value="2025"' in page and 'name="quarter" value="4"' in page
    upload = SimpleUploadedFile("pg.json", json.dumps(document).encode(), content_type="application/json")
    response = client.post(
        reverse("reports:quarterly_import"), {"unit": "S", "year": 2025, "quarter": 4, "file": upload}
    )
    assert response["Location"] == f"{reverse('reports:consolidated')}?unit=S&year=2025&quarter=4"
    shown = client.get(response["Location"]).content.decode()
    assert "“Quý” (period.quarter) là 7, lớn hơn mức tối đa 4" in shown
    assert "greater than" not in shown
    assert not QuarterlyReport.objects.exists()


def test_the_api_refuses_a_document_in_vietnamese_naming_the_field(cast, dataset, frozen_clock, paper_unit):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    document = paper_document(dataset, cast, paper_unit)
    document["figures"]["received_total"] = "abc"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=cast.leader)[0].key}")
    refused = api.post(
        f"/api/reports/quarterly/import/?unit={cast.sector.pk}", document, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert refused.status_code == 400
    assert refused.json()["fields"]["figures.received_total"] == [
        "Không đúng lược đồ báo cáo: “Tổng số đơn nhận trong kỳ” (figures.received_total) phải là một số nguyên, "
        "không phải “abc”."
    ]
