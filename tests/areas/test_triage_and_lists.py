"""Lĩnh vực at triage (cases and flags, pages and API), shown and audited, and filtered on every list
and register without ever widening what the reader may see."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from casework.audit.models import AuditEvent
from casework.cases.models import Case
from casework.cases.services import case_accept, case_transfer
from casework.inspections import services as insp
from casework.inspections.models import Flag
from tests.builders import intake, raise_flag
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_accepting_on_the_page_records_the_area_shows_it_and_audits_it(cast, make_case, client):
    case = make_case()
    client.force_login(cast.intake)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="subject_area"' in page and "Tài chính công đoàn" in page
    response = client.post(
        f"/cases/{case.pk}/action/accept/",
        {"legal_ground": "Luật Khiếu nại 2011 Đ.27", "subject_area": "tai_chinh_cong_doan", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.subject_area.code == "tai_chinh_cong_doan"
    event = AuditEvent.objects.get(action="case.accept", target_id=str(case.pk))
    assert event.after["subject_area"] == "tai_chinh_cong_doan"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert '<td id="subject-area">Tài chính công đoàn</td>' in page


def test_triage_without_an_area_is_refused_with_the_field_named_and_nothing_changes(cast, make_case, client):
    case = make_case()
    client.force_login(cast.intake)
    response = client.post(
        f"/cases/{case.pk}/action/accept/", {"legal_ground": "Đ.27", "subject_area": "", "version": case.version}
    )
    assert response.status_code == 400
    response = _api(cast.intake).post(
        f"/api/cases/{case.pk}/accept/", {"legal_ground": "Đ.27", "subject_area": "khong_co"}, format="json"
    )
    assert response.status_code == 400 and "subject_area" in response.json()["fields"]
    case.refresh_from_db()
    assert case.status == "received" and case.subject_area is None


def test_the_api_reads_and_writes_the_area_at_triage_and_lists_the_taxonomy(cast, make_case):
    case = make_case()
    api = _api(cast.intake)
    response = api.post(
        f"/api/cases/{case.pk}/refuse/", {"ground": "expired", "subject_area": "che_do_chinh_sach"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["subject_area"] == "che_do_chinh_sach"
    assert response.json()["subject_area_name"] == "Chế độ, chính sách"
    untriaged = make_case(title="Chưa phân loại")
    assert api.get(f"/api/cases/{untriaged.pk}/").json()["subject_area"] is None
    taxonomy = api.get("/api/subject-areas/").json()
    codes = {row["code"]: row for row in taxonomy}
    assert codes["bau_cu_dai_hoi"]["name"] == "Bầu cử, đại hội" and not codes["bau_cu_dai_hoi"]["retired"]
    assert codes["khac"]["versions"] == [
        {"name": "Khác", "name_en": "Other", "valid_from": "2000-01-01", "retired": False}
    ]


def test_a_letter_transferred_inside_the_tree_keeps_its_area(cast, make_case):
    case = make_case()
    _old, new = case_transfer(
        case=case, actor=cast.intake, reason="Thuộc CĐCS", target_unit=cast.hospital, subject_area="to_chuc_can_bo"
    )
    assert new.subject_area.code == "to_chuc_can_bo"
    # The receiving unit's triage may keep it without choosing again.
    h_intake = UserFactory(username="h_in", roles=[("intake_officer", cast.hospital)])
    accepted = case_accept(case=Case.objects.get(pk=new.pk), actor=h_intake, legal_ground="Đ.27")
    assert accepted.subject_area.code == "to_chuc_can_bo"


def test_reclassifying_an_open_case_is_audited_and_a_closed_one_is_not_offered(cast, make_case, client):
    case = case_accept(case=make_case(), actor=cast.intake, legal_ground="Đ.27", subject_area="khac")
    client.force_login(cast.intake)
    response = client.post(
        f"/cases/{case.pk}/action/subject_area/",
        {"subject_area": "quan_he_lao_dong", "reason": "Nội dung là tranh chấp lao động", "version": case.version},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="case.subject_area", target_id=str(case.pk))
    assert (event.before["subject_area"], event.after["subject_area"]) == ("khac", "quan_he_lao_dong")
    refused = _api(cast.intake).post(
        f"/api/cases/{make_case(title='Khác').pk}/refuse/", {"ground": "expired", "subject_area": "khac"}, format="json"
    )
    assert "subject_area" not in refused.json()["allowed_actions"]


def test_a_flag_raised_by_hand_needs_an_area_and_one_raised_from_a_case_takes_the_case_s(cast):
    api = _api(cast.inspector)
    body = {"unit": cast.hospital.pk, "category": "finance_dues", "evidence": "Không nộp đoàn phí"}
    response = api.post("/api/flags/", body, format="json")
    assert response.status_code == 400 and "subject_area" in response.json()["fields"]
    response = api.post("/api/flags/", {**body, "subject_area": "tai_chinh_cong_doan"}, format="json")
    assert response.status_code == 201 and response.json()["subject_area"] == "tai_chinh_cong_doan"
    flag = Flag.objects.get(pk=response.json()["id"])
    response = api.post(
        f"/api/flags/{flag.pk}/subject_area/",
        {"subject_area": "to_chuc_can_bo", "reason": "Sai lĩnh vực"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["subject_area"] == "to_chuc_can_bo"
    assert AuditEvent.objects.filter(action="flag.subject_area", target_id=str(flag.pk)).count() == 1

    from casework.cases.integrations import flag_raise_from_case

    case = case_accept(
        case=intake(cast.intake, cast.sector, title="Tố cáo"), actor=cast.intake, legal_ground="Đ", subject_area="khac"
    )
    system_flag = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Từ kết luận")
    assert system_flag.subject_area.code == "khac"


@pytest.fixture
def spread(cast, frozen_clock):
    """Finance letters and flags in the hospital and the clinic, one other letter, one with no area."""
    h_case = case_accept(
        case=intake(cast.intake, cast.hospital, title="Quỹ bệnh viện"),
        actor=cast.intake,
        legal_ground="Đ.27",
        subject_area="tai_chinh_cong_doan",
    )
    c_case = case_accept(
        case=intake(cast.intake, cast.clinic, title="Quỹ phòng khám"),
        actor=cast.intake,
        legal_ground="Đ.27",
        subject_area="tai_chinh_cong_doan",
    )
    other = case_accept(
        case=intake(cast.intake, cast.clinic, title="Bổ nhiệm"),
        actor=cast.intake,
        legal_ground="Đ.27",
        subject_area="to_chuc_can_bo",
    )
    none = intake(cast.intake, cast.clinic, title="Chưa phân loại")
    h_flag = raise_flag(cast, unit=cast.hospital)
    c_flag = insp.flag_raise(
        unit=cast.clinic,
        category="finance_dues",
        severity="medium",
        evidence="x",
        source="manual",
        actor=cast.inspector,
        subject_area="tai_chinh_cong_doan",
    )
    clinic_reader = UserFactory(
        username="pk_reader", roles=[("intake_officer", cast.clinic), ("inspector", cast.clinic)]
    )
    return {
        "h": h_case,
        "c": c_case,
        "other": other,
        "none": none,
        "h_flag": h_flag,
        "c_flag": c_flag,
        "reader": clinic_reader,
    }


def test_the_case_list_filters_by_area_on_the_page_and_the_api_within_scope(cast, spread, client):
    reader = spread["reader"]
    client.force_login(reader)
    page = client.get("/cases/", {"subject_area": "tai_chinh_cong_doan"}).content.decode()
    assert spread["c"].reference in page
    assert spread["h"].reference not in page  # same area, outside the clinic: never listed
    assert spread["other"].reference not in page
    page = client.get("/cases/", {"subject_area": "chua_phan_loai"}).content.decode()
    assert spread["none"].reference in page and spread["c"].reference not in page
    refs = {
        row["reference"]
        for row in _api(reader).get("/api/cases/", {"subject_area": "tai_chinh_cong_doan"}).json()["results"]
    }
    assert refs == {spread["c"].reference}
    refs = {
        row["reference"]
        for row in _api(cast.chair).get("/api/cases/", {"subject_area": "tai_chinh_cong_doan"}).json()["results"]
    }
    assert refs == {spread["c"].reference, spread["h"].reference}


def test_the_flag_and_inspection_lists_filter_by_area_within_scope(cast, spread, client):
    reader = spread["reader"]
    client.force_login(reader)
    page = client.get("/inspections/flags/", {"subject_area": "tai_chinh_cong_doan"}).content.decode()
    assert spread["c_flag"].reference in page and spread["h_flag"].reference not in page
    ids = {
        row["id"]
        for row in _api(cast.chair).get("/api/flags/", {"subject_area": "tai_chinh_cong_doan"}).json()["results"]
    }
    assert ids == {spread["c_flag"].pk}  # raise_flag's default area is "khac"
    from tests.builders import open_ad_hoc

    inspection = open_ad_hoc(cast, [spread["h_flag"]])  # raise_flag's area: "khac"
    rows = _api(cast.chair).get("/api/inspections/", {"subject_area": "khac"}).json()["results"]
    assert [row["id"] for row in rows] == [inspection.pk]
    assert _api(cast.chair).get("/api/inspections/", {"subject_area": "tai_chinh_cong_doan"}).json()["results"] == []
    client.force_login(cast.chair)
    page = client.get("/inspections/", {"subject_area": "khac"}).content.decode()
    assert inspection.reference in page


def test_the_registers_filter_by_area_within_scope(cast, spread, client):
    client.force_login(spread["reader"])
    page = client.get("/papers/", {"book": "in", "year": 2026, "subject_area": "tai_chinh_cong_doan"})
    text = page.content.decode()
    assert spread["c"].reference in text
    assert spread["h"].reference not in text and spread["other"].reference not in text
    from casework.reports.selectors import register_cases

    cases = register_cases(user=cast.chair, unit=cast.sector, subject_area="tai_chinh_cong_doan")
    assert set(cases) == {spread["h"], spread["c"]}
