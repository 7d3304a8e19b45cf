"""Figures by subject area (lĩnh vực): the breakdown adds up, stays as it was when the taxonomy changes
later, travels upward in the interchange document, and never counts what the reader may not see."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from casework.areas import services as areas
from casework.areas.selectors import subject_areas_all
from casework.cases.models import Case
from casework.cases.services import case_accept, case_refuse
from casework.inspections import services as insp
from casework.reports.figures import AREA_FIGURE_KEYS
from casework.reports.interchange import quarterly_document_errors
from casework.reports.models import QuarterlyReport
from casework.reports.selectors import dashboard_data, quarterly_consolidated, quarterly_report
from casework.reports.services import export_now, quarterly_report_import, quarterly_report_submit
from core import clock
from core.errors import OutOfScope, ValidationFailed
from tests.builders import before_dialogue, intake, resolved
from tests.reports.conftest import sent_by

pytestmark = pytest.mark.django_db

Q1_DAY = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
Q2_DAY = dt.datetime(2026, 4, 15, 2, 0, tzinfo=dt.UTC)


def _area(code: str):
    return subject_areas_all().get(code=code)


@pytest.fixture
def by_area(cast):
    """Q1/2026 in the sector S: letters and flags in three areas, one legacy letter with none."""
    clock.set_now(Q1_DAY)
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        finance = case_accept(
            case=intake(cast.intake, cast.sector, title="Chi sai quỹ"),
            actor=cast.intake,
            legal_ground="Luật Khiếu nại 2011 Đ.27",
            subject_area="tai_chinh_cong_doan",
        )
    resolved(finance, cast, officer=cast.officer)
    case_accept(
        case=intake(cast.intake, cast.hospital, title="Quỹ phúc lợi"),
        actor=cast.intake,
        legal_ground="Luật Khiếu nại 2011 Đ.27",
        subject_area="tai_chinh_cong_doan",
    )
    case_refuse(
        case=intake(cast.intake, cast.clinic, title="Hợp đồng lao động"),
        actor=cast.intake,
        ground="expired",
        subject_area="quan_he_lao_dong",
    )
    legacy = case_accept(
        case=intake(cast.intake, cast.sector, title="Đơn cũ"),
        actor=cast.intake,
        legal_ground="Luật Khiếu nại 2011 Đ.27",
        subject_area="khac",
    )
    # A letter triaged before areas existed carries none.
    Case.objects.filter(pk=legacy.pk).update(subject_area=None)
    intake(cast.intake, cast.hospital, title="Chưa phân loại, chưa xử lý")
    insp.flag_raise(
        unit=cast.hospital,
        category="finance_spending",
        severity="high",
        evidence="Chi không chứng từ",
        source="manual",
        actor=cast.inspector,
        subject_area="tai_chinh_cong_doan",
    )
    insp.flag_raise(
        unit=cast.clinic,
        category="elections",
        severity="medium",
        evidence="Bầu cử sai điều lệ",
        source="manual",
        actor=cast.inspector,
        subject_area="bau_cu_dai_hoi",
    )


def _rows(report) -> dict[str, dict]:
    return {row.code: {"name": row.name, "retired": row.retired, **row.figures} for row in report.areas}


def _assert_adds_up(areas, figures) -> None:
    for key in AREA_FIGURE_KEYS:
        assert sum(row.figures[key] for row in areas) == figures[key], key


def test_the_breakdown_adds_up_to_the_totals_and_counts_each_record_in_its_area(cast, by_area):
    report = quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    _assert_adds_up(report.areas, report.figures)
    rows = _rows(report)
    assert rows["tai_chinh_cong_doan"]["received_total"] == 2
    assert rows["tai_chinh_cong_doan"]["resolved"] == 1
    assert rows["tai_chinh_cong_doan"]["flags_raised"] == 1
    assert rows["quan_he_lao_dong"]["refused"] == 1
    assert rows["bau_cu_dai_hoi"]["flags_raised"] == 1
    assert rows["chua_phan_loai"]["received_total"] == 2  # the legacy letter and the untriaged one
    assert rows["chua_phan_loai"]["name"] == "Chưa phân loại"
    # Every area in force during the quarter is a row, with or without figures.
    assert {"che_do_chinh_sach", "to_chuc_can_bo", "dao_duc_loi_song", "khac"} <= set(rows)


def test_a_taxonomy_change_does_not_alter_the_report_of_a_past_quarter(cast, by_area):
    clock.set_now(Q2_DAY)
    before = quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    areas.subject_area_rename(area=_area("tai_chinh_cong_doan"), name="Tài chính, tài sản công đoàn", actor=cast.admin)
    areas.subject_area_retire(area=_area("quan_he_lao_dong"), actor=cast.admin)
    areas.subject_area_create(code="an_toan_lao_dong", name="An toàn, vệ sinh lao động", actor=cast.admin)
    after = quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    assert after.figures == before.figures
    assert [(r.code, r.name, r.retired, r.figures) for r in after.areas] == [
        (r.code, r.name, r.retired, r.figures) for r in before.areas
    ]
    rows = _rows(after)
    assert rows["tai_chinh_cong_doan"]["name"] == "Tài chính công đoàn"
    assert not rows["quan_he_lao_dong"]["retired"] and "an_toan_lao_dong" not in rows
    # The running quarter reads the taxonomy of today: the new name, the new area, the retired one
    # only while it still carries figures.
    current = _rows(quarterly_report(unit=cast.sector, year=2026, quarter=2, user=cast.leader))
    assert current["tai_chinh_cong_doan"]["name"] == "Tài chính, tài sản công đoàn"
    assert "an_toan_lao_dong" in current
    # quan_he_lao_dong was offered on 01/04–14/04 of this quarter, so it stays a row, marked retired.
    assert current["quan_he_lao_dong"]["retired"]


def test_a_retired_area_can_no_longer_be_chosen_at_triage(cast, by_area):
    clock.set_now(Q2_DAY)
    areas.subject_area_retire(area=_area("quan_he_lao_dong"), actor=cast.admin)
    case = intake(cast.intake, cast.sector, title="Tranh chấp lao động")
    with pytest.raises(ValidationFailed) as err:
        case_accept(case=case, actor=cast.intake, legal_ground="Đ.27", subject_area="quan_he_lao_dong")
    assert "subject_area" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        case_accept(case=case, actor=cast.intake, legal_ground="Đ.27")
    assert "subject_area" in err.value.fields
    case.refresh_from_db()
    assert case.status == "received" and case.subject_area is None


def test_a_submitted_report_keeps_its_breakdown_and_names(cast, by_area):
    clock.set_now(Q2_DAY)
    report = quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=cast.chair)
    areas.subject_area_rename(area=_area("tai_chinh_cong_doan"), name="Tên mới", actor=cast.admin)
    report = QuarterlyReport.objects.get(pk=report.pk)
    stored = {row["code"]: row for row in report.areas}
    assert stored["tai_chinh_cong_doan"]["name"] == "Tài chính công đoàn"
    assert stored["tai_chinh_cong_doan"]["figures"]["received_total"] == 1
    for key in AREA_FIGURE_KEYS:
        assert sum(row["figures"][key] for row in report.areas) == report.figures[key], key


def test_export_then_import_carries_the_breakdown_into_the_consolidated_view(cast, by_area, paper_unit):
    clock.set_now(Q2_DAY)
    file = export_now(kind="quarterly_json", unit=cast.hospital, params={"year": 2026, "quarter": 1}, user=cast.chair)
    document = json.loads(file.data)
    assert quarterly_document_errors(document) == {}
    sent = {row["code"]: row["figures"] for row in document["areas"]}
    assert sent["tai_chinh_cong_doan"]["received_total"] == 1 and sent["tai_chinh_cong_doan"]["flags_raised"] == 1
    # A unit reporting on paper sends the same breakdown with one more finance letter.
    document = sent_by(document, paper_unit, year=2026, quarter=1)
    document["figures"]["received_total"] += 1
    next(r for r in document["areas"] if r["code"] == "tai_chinh_cong_doan")["figures"]["received_total"] += 1
    quarterly_report_import(superior=cast.sector, actor=cast.leader, data=json.dumps(document).encode())
    consolidated = quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    _assert_adds_up(consolidated.areas, consolidated.totals)
    rows = {row.code: row for row in consolidated.areas}
    # Sector's own finance letter and the hospital's (live) + the paper unit's two (as sent).
    assert rows["tai_chinh_cong_doan"].figures["received_total"] == 4
    assert rows["quan_he_lao_dong"].figures["refused"] == 1  # the clinic, not submitted: live


def test_an_imported_breakdown_that_does_not_add_up_is_refused(cast, by_area, paper_unit):
    clock.set_now(Q2_DAY)
    file = export_now(kind="quarterly_json", unit=cast.hospital, params={"year": 2026, "quarter": 1}, user=cast.chair)
    document = sent_by(json.loads(file.data), paper_unit, year=2026, quarter=1)
    next(r for r in document["areas"] if r["code"] == "khac")["figures"]["received_total"] += 5
    with pytest.raises(ValidationFailed) as err:
        quarterly_report_import(superior=cast.sector, actor=cast.leader, data=document)
    assert "areas.received_total" in err.value.fields
    assert not QuarterlyReport.objects.exists()


def test_a_reader_never_has_outside_cases_counted_in_an_area(cast, by_area):
    from tests.factories import UserFactory

    clinic_chair = UserFactory(username="cd_pk", roles=[("committee_chair", cast.clinic)])
    report = quarterly_report(unit=cast.clinic, year=2026, quarter=1, user=clinic_chair)
    rows = _rows(report)
    assert rows["tai_chinh_cong_doan"]["received_total"] == 0  # both finance letters are elsewhere
    assert rows["quan_he_lao_dong"]["refused"] == 1
    _assert_adds_up(report.areas, report.figures)
    with pytest.raises(OutOfScope):
        quarterly_report(unit=cast.sector, year=2026, quarter=1, user=clinic_chair)


def test_the_dashboard_and_the_xlsx_break_down_by_area(cast, by_area, client):
    data = dashboard_data(user=cast.leader, unit=cast.sector)
    _assert_adds_up(data.areas, data.figures)
    client.force_login(cast.leader)
    page = client.get(f"/reports/dashboard/?unit={cast.sector.code}").content.decode()
    assert 'data-area="tai_chinh_cong_doan"' in page and "Tài chính công đoàn" in page
    from io import BytesIO

    from openpyxl import load_workbook

    file = export_now(kind="quarterly_xlsx", unit=cast.sector, params={"year": 2026, "quarter": 1}, user=cast.leader)
    sheet = load_workbook(BytesIO(file.data))["Theo linh vuc"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    # The area by its name first, its code in a column of its own.
    assert values[3][:2] == ["Lĩnh vực", "Mã lĩnh vực"]
    finance = next(r for r in values if r[1] == "tai_chinh_cong_doan")
    assert finance[0] == "Tài chính công đoàn" and finance[2] == 2
    total = next(r for r in values if r[0] == "Tổng cộng")
    assert (
        total[2] == quarterly_report(unit=cast.sector, year=2026, quarter=1, user=cast.leader).figures["received_total"]
    )


def test_the_report_reads_its_totals_and_areas_together_as_the_separate_reads_give_them(cast, by_area):
    from casework.reports.figures import compute_area_figures, compute_figures, compute_figures_and_areas
    from casework.reports.periods import quarter_of
    from casework.reports.selectors import REPORT_ROLES

    period = quarter_of(year=2026, quarter=1)
    for unit, user in ((cast.sector, cast.leader), (cast.province, None), (cast.hospital, cast.leader)):
        totals, areas = compute_figures_and_areas(unit=unit, period=period, user=user, roles=REPORT_ROLES)
        assert totals == compute_figures(unit=unit, period=period, user=user, roles=REPORT_ROLES)[None]
        assert areas == compute_area_figures(unit=unit, period=period, user=user, roles=REPORT_ROLES)
    assert totals["received_total"] > 0


def test_the_xlsx_names_the_areas_in_vietnamese_for_a_reader_of_the_english_pages(cast, by_area, client):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(cast.leader)
    client.cookies["django_language"] = "en"
    for url in ("reports:quarterly_export", "reports:consolidated"):
        response = client.get(reverse(url), {"unit": "S", "year": 2026, "quarter": 1, "format": "xlsx"})
        values = [
            [c.value for c in row] for row in load_workbook(BytesIO(response.content))["Theo linh vuc"].iter_rows()
        ]
        rows = {r[1]: r[0] for r in values[4:] if r[1]}
        assert rows["tai_chinh_cong_doan"] == "Tài chính công đoàn", url
        assert rows["chua_phan_loai"] == "Chưa phân loại", url
