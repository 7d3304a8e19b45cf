"""Flags, plans, inspections with findings and recommendations, follow-ups and coverage through the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit.models import AuditEvent
from casework.files.models import Attachment
from casework.inspections.models import Flag, FollowupReport, Inspection, InspectionPlan, Recommendation
from casework.org.models import Role
from tests.builders import conclude, later, open_ad_hoc, raise_flag, recommend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flag(cast, frozen_clock):
    return raise_flag(cast)


@pytest.fixture
def other_flag(cast, frozen_clock):
    other_inspector = UserFactory(roles=[(Role.INSPECTOR, cast.other_sector)])
    return raise_flag(cast, unit=cast.other_grassroots, actor=other_inspector)


# ---- flags -------------------------------------------------------------------------------


def test_flags_are_scoped_and_filtered(cast, api_as, flag, other_flag):
    client = api_as(cast.inspector)
    assert [f["id"] for f in client.get("/api/flags/").json()["results"]] == [flag.pk]
    assert client.get("/api/flags/", {"status": "inspected"}).json()["results"] == []
    assert client.get(f"/api/flags/{flag.pk}/").json()["evidence"] == flag.evidence
    assert client.get(f"/api/flags/{other_flag.pk}/").status_code == 404


def test_flag_list_queries_do_not_grow_with_the_page(cast, api_as, frozen_clock, count_queries):
    for _ in range(6):
        raise_flag(cast)
    client = api_as(cast.inspector)
    assert count_queries(client, "/api/flags/?page_size=2") == count_queries(client, "/api/flags/?page_size=6")


# ---- inspections -------------------------------------------------------------------------


def test_an_inspection_opens_on_a_flag(cast, api_as, flag):
    response = api_as(cast.inspector).post(
        "/api/inspections/",
        {"unit": cast.sector.pk, "subject_unit": cast.hospital.pk, "flags": [flag.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    inspection = Inspection.objects.get(pk=response.json()["id"])
    flag.refresh_from_db()
    assert (flag.status, flag.inspection) == (Flag.Status.ASSIGNED, inspection)
    assert "team" in response.json()["allowed_actions"]


def test_opening_on_another_units_flag_is_404(cast, api_as, flag, other_flag):
    response = api_as(cast.inspector).post(
        "/api/inspections/",
        {"unit": cast.sector.pk, "subject_unit": cast.hospital.pk, "flags": [other_flag.pk]},
        format="json",
    )
    assert response.status_code == 404
    assert not Inspection.objects.exists()


def test_deciding_before_the_team_is_set_is_refused_with_allowed_actions(cast, api_as, flag):
    from casework.inspections import services

    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[flag]
    )
    response = api_as(cast.chair).post(
        f"/api/inspections/{inspection.pk}/notify/", {"text": "Chuẩn bị hồ sơ"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    # The team comes first: the decision, which names it, is offered once it is formed (teams.team_complete).
    assert "team" in response.json()["allowed_actions"]
    assert "decide" not in response.json()["allowed_actions"]
    refused = api_as(cast.chair).post(f"/api/inspections/{inspection.pk}/decide/", {}, format="json")
    assert refused.status_code == 400 and "team" in refused.json()["fields"]


def test_team_then_decision_through_the_api(cast, api_as, flag):
    from casework.inspections import services

    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[flag]
    )
    team = api_as(cast.inspector).post(
        f"/api/inspections/{inspection.pk}/team/",
        {"members": [cast.inspector2.pk, cast.inspector3.pk], "lead": cast.inspector.pk},
        format="json",
    )
    assert team.status_code == 200, team.json()
    decided = api_as(cast.chair).post(
        f"/api/inspections/{inspection.pk}/decide/", {"number": "07/QĐ-UBKT"}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    # A typed number is not taken: the decision is numbered in the sector's outgoing register.
    assert (decided.json()["status"], decided.json()["decision_number"]) == ("decided", "01/QĐ-UBKT")


def test_a_finding_outside_fieldwork_is_409_and_inside_is_created(cast, api_as, flag):
    inspection = open_ad_hoc(cast, [flag])
    client = api_as(cast.inspector)
    payload = {"topic": "finance_spending", "description": "Chi sai mục đích", "amount": "1500000"}
    early = client.post(f"/api/inspections/{inspection.pk}/findings/", payload, format="json")
    assert early.status_code == 409
    assert "notify" in early.json()["allowed_actions"]

    from casework.inspections import services

    services.inspection_notify(inspection=inspection, text="Chuẩn bị sổ sách", actor=cast.inspector)
    services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep)
    outside = client.post(
        f"/api/inspections/{inspection.pk}/findings/", {**payload, "topic": "elections"}, format="json"
    )
    assert outside.status_code == 400, "a topic the inspection does not check is refused, as the page refuses it"
    assert "topic" in outside.json()["fields"]
    created = client.post(f"/api/inspections/{inspection.pk}/findings/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["description"] == "Chi sai mục đích"
    detail = client.get(f"/api/inspections/{inspection.pk}/").json()
    assert [f["description"] for f in detail["findings"]] == ["Chi sai mục đích"]


def test_another_sectors_inspector_gets_404(cast, api_as, flag):
    inspection = open_ad_hoc(cast, [flag])
    stranger = UserFactory(roles=[(Role.INSPECTOR, cast.other_sector)])
    client = api_as(stranger)
    assert client.get(f"/api/inspections/{inspection.pk}/").status_code == 404
    assert client.post(f"/api/inspections/{inspection.pk}/notify/", {"text": "x"}, format="json").status_code == 404


def test_inspection_list_queries_do_not_grow_with_the_page(cast, api_as, frozen_clock, count_queries):
    from casework.inspections import services
    from tests.factories import make_unit

    for _ in range(5):
        unit = make_unit(parent=cast.sector)
        services.inspection_open(
            unit=cast.sector, subject_unit=unit, actor=cast.inspector, flags=[raise_flag(cast, unit=unit)]
        )
    client = api_as(cast.inspector)
    assert count_queries(client, "/api/inspections/?page_size=2") == count_queries(
        client, "/api/inspections/?page_size=5"
    )


# ---- recommendations and follow-ups -------------------------------------------------------


def test_recommendation_report_and_verification(cast, api_as, flag):
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    added = api_as(cast.inspector).post(
        f"/api/inspections/{inspection.pk}/recommendations/",
        {"text": "Thu hồi khoản chi sai", "owner_unit": cast.hospital.pk, "due_on": later(30).isoformat()},
        format="json",
    )
    assert added.status_code == 201, added.json()
    rec_id = added.json()["id"]

    empty = api_as(cast.subject_rep).post(f"/api/recommendations/{rec_id}/report/", {"text": " "}, format="json")
    assert empty.status_code == 400
    assert "text" in empty.json()["fields"]

    reported = api_as(cast.subject_rep).post(
        f"/api/recommendations/{rec_id}/report/", {"text": "Đã thu hồi, nộp quỹ"}, format="json"
    )
    assert reported.status_code == 200, reported.json()
    assert reported.json()["status"] == Recommendation.Status.REPORTED

    verified = api_as(cast.inspector).post(
        f"/api/recommendations/{rec_id}/verify/", {"verdict": "accepted"}, format="json"
    )
    assert verified.status_code == 200, verified.json()
    assert verified.json()["reports"][0]["verdict"] == "accepted"
    again = api_as(cast.inspector).post(
        f"/api/recommendations/{rec_id}/verify/", {"verdict": "accepted"}, format="json"
    )
    assert again.status_code == 409


# ---- plans -------------------------------------------------------------------------------


def test_plan_create_item_submit_approve(cast, api_as, frozen_clock):
    staff = api_as(cast.inspector)
    created = staff.post(
        "/api/inspection-plans/", {"unit": cast.sector.pk, "period": "annual", "year": 2026}, format="json"
    )
    assert created.status_code == 201, created.json()
    plan_id = created.json()["id"]

    empty = staff.post(f"/api/inspection-plans/{plan_id}/submit/", {}, format="json")
    assert empty.status_code == 400
    assert "items" in empty.json()["fields"]

    item = staff.post(
        f"/api/inspection-plans/{plan_id}/items/",
        {
            "subject_unit": cast.hospital.pk,
            "topics": ["finance_spending"],
            "starts_on": later(10).isoformat(),
            "ends_on": later(40).isoformat(),
        },
        format="json",
    )
    assert item.status_code == 201, item.json()
    assert staff.post(f"/api/inspection-plans/{plan_id}/submit/", {}, format="json").status_code == 200
    approved = api_as(cast.leader).post(f"/api/inspection-plans/{plan_id}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    assert InspectionPlan.objects.get(pk=plan_id).status == InspectionPlan.Status.APPROVED
    again = api_as(cast.leader).post(f"/api/inspection-plans/{plan_id}/approve/", {}, format="json")
    assert again.status_code == 409
    assert "activate" in again.json()["allowed_actions"]


def test_a_plan_for_another_unit_is_404(cast, api_as, frozen_clock):
    response = api_as(cast.inspector).post(
        "/api/inspection-plans/", {"unit": cast.other_sector.pk, "period": "annual", "year": 2026}, format="json"
    )
    assert response.status_code == 404
    assert not InspectionPlan.objects.exists()


# ---- coverage ----------------------------------------------------------------------------


def test_coverage_accounts_for_every_flag_in_scope(cast, api_as, flag, other_flag):
    body = api_as(cast.inspector).get("/api/reports/coverage/").json()
    assert body["totals"]["raised"] == 1
    assert body["totals"]["in_progress"] == 1
    assert body["complete"] is True
    assert [r["unit_id"] for r in body["rows"]] == [cast.hospital.pk]
    assert api_as(cast.inspector).get("/api/reports/coverage/", {"unit": cast.other_sector.pk}).status_code == 404


def test_plan_list_queries_do_not_grow_with_the_page(cast, api_as, frozen_clock, count_queries):
    from casework.inspections import services

    for year in range(2020, 2026):
        services.plan_create(unit=cast.sector, period="annual", year=year, actor=cast.inspector)
    client = api_as(cast.inspector)
    assert count_queries(client, "/api/inspection-plans/?page_size=2") == count_queries(
        client, "/api/inspection-plans/?page_size=6"
    )


def _evidence(name: str = "chung-tu.pdf", data: bytes = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"):
    return SimpleUploadedFile(name, data, "application/pdf")


def _reported(cast, flag) -> Recommendation:
    return recommend(cast, conclude(cast, open_ad_hoc(cast, [flag])))


def test_the_units_report_carries_its_evidence_as_the_page_takes_it(cast, api_as, flag):
    rec = _reported(cast, flag)
    response = api_as(cast.subject_rep).post(
        f"/api/recommendations/{rec.pk}/report/",
        {"text": "Đã thu hồi, nộp quỹ", "uploads": [_evidence(), _evidence("phieu-thu.pdf")]},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Recommendation.Status.REPORTED
    report = FollowupReport.objects.get(recommendation=rec)
    stored = Attachment.objects.filter(kind="followup", target_id=str(report.pk))
    assert sorted(stored.values_list("original_name", flat=True)) == ["chung-tu.pdf", "phieu-thu.pdf"]
    event = AuditEvent.objects.get(action="recommendation.report", target_id=str(rec.pk))
    assert event.after["files"] == 2


@pytest.mark.parametrize(
    "upload",
    [
        _evidence("chuong-trinh.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a type not accepted
        _evidence("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a name claiming another type
        _evidence("rong.pdf", b""),  # empty
        _evidence("lon.pdf", b"%PDF-1.4\n" + b"0" * 2048),  # over the size allowed (FILES_MAX_BYTES below)
    ],
    ids=["wrong-type", "name-lies", "empty", "too-big"],
)
def test_a_hostile_file_is_refused_with_400_and_nothing_changes(cast, api_as, flag, settings, upload):
    settings.FILES_MAX_BYTES = 1024
    rec = _reported(cast, flag)
    response = api_as(cast.subject_rep).post(
        f"/api/recommendations/{rec.pk}/report/", {"text": "Đã thu hồi", "uploads": [upload]}, format="multipart"
    )
    assert response.status_code == 400, response.content
    # The file rules of the page (casework.files), or DRF's own refusal of an empty file.
    assert response.json()["code"] == "invalid" and {"file", "uploads.0"} & set(response.json()["fields"])
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN
    assert not FollowupReport.objects.filter(recommendation=rec).exists()
    assert not Attachment.objects.filter(kind="followup").exists()


def test_a_broken_multipart_body_or_a_file_where_text_goes_gives_400(cast, api_as, flag):
    rec = _reported(cast, flag)
    url = f"/api/recommendations/{rec.pk}/report/"
    client = api_as(cast.subject_rep)
    boundary = "b" * 250  # longer than any boundary Django's parser takes
    broken = client.generic(
        "POST",
        url,
        f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nĐã thu hồi\r\n--{boundary}--\r\n'.encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert broken.status_code == 400, broken.content
    no_boundary = client.generic("POST", url, b"text=abc", content_type="multipart/form-data")
    assert no_boundary.status_code == 400, no_boundary.content
    not_a_file = client.post(url, {"text": "Đã thu hồi", "uploads": "chung-tu.pdf"}, format="multipart")
    assert not_a_file.status_code == 400 and "uploads.0" in not_a_file.json()["fields"]
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN and not FollowupReport.objects.filter(recommendation=rec).exists()


def test_a_report_with_evidence_outside_ones_scope_is_not_found(cast, api_as, flag):
    rec = _reported(cast, flag)
    outsider = UserFactory(roles=[(Role.SUBJECT_REP, cast.other_grassroots)])
    response = api_as(outsider).post(
        f"/api/recommendations/{rec.pk}/report/", {"text": "Đã thu hồi", "uploads": [_evidence()]}, format="multipart"
    )
    assert response.status_code == 404
    assert not Attachment.objects.filter(kind="followup").exists()
