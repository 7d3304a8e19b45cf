"""Section VII of the quarterly report: the discipline decisions the units in scope issued in the quarter, each
once, by the form the competent body's secret ballot adopted (QĐ 5130/QĐ-TLĐ), whatever it arose from: a case,
an inspection's conclusion, or a leader's "discipline" decision on an escalation, which only puts a proposal to
the ballot and is counted through it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casework.cases.models import DisciplineProceeding, Kind
from casework.cases.services import discipline_ballot_record, discipline_propose
from casework.inspections import services as insp
from casework.org.models import Role
from casework.reports.figures import FIGURE_KEYS, compute_figures
from casework.reports.periods import quarter_of
from casework.reports.selectors import REPORT_ROLES, quarterly_consolidated, quarterly_report
from core import clock
from tests.builders import clock_at, conclude, decided, open_ad_hoc
from tests.factories import UserFactory
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

BALLOT = {"members_total": 9, "members_present": 9}


def hospital_flag(cast, evidence: str):
    return insp.flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_spending",
        severity="high",
        evidence=evidence,
        source="manual",
        actor=cast.inspector,
    )


def build(cast):
    """Q2/2026: a denunciation's case disciplined by the sector's body (cảnh cáo); a leader's "discipline" on the
    escalation of a hospital flag (khai trừ proposed). Q3/2026: that flag inspected and the hospital's proposal
    adopted by ballot; an inspection's conclusion disciplined by the sector's body (hạ bậc lương)."""
    clock_at(dt.date(2026, 4, 24))
    case = decided(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ phúc lợi")
    discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Nguyễn Văn Tố",
        violation_forms=["canh_cao"],
        reason="Kết luận nội dung tố cáo",
    )
    discipline_ballot_record(case=case, actor=cast.leader, meeting_on=clock.today(), votes={"canh_cao": 9}, **BALLOT)

    clock_at(dt.date(2026, 5, 11))
    flag = hospital_flag(cast, "Không nộp đoàn phí")
    escalation = escalation_open(target=flag, unit=cast.hospital, reason="Đề nghị kỷ luật", actor=cast.chair)
    escalation_decide(
        escalation=escalation, actor=cast.leader, decision="discipline", discipline="khai_tru", reason="Vi phạm rõ"
    )

    clock_at(dt.date(2026, 7, 6))
    conclude(cast, open_ad_hoc(cast, [flag]))
    flag.refresh_from_db()
    insp.flag_discipline_ballot_record(
        flag=flag, actor=cast.leader, meeting_on=clock.today(), votes={"khai_tru": 9}, **BALLOT
    )
    inspection = conclude(cast, open_ad_hoc(cast, [hospital_flag(cast, "Chi sai mục đích")]))
    insp.discipline_propose(
        inspection=inspection,
        person="Trần Văn Kế",
        proposal="ha_bac_luong",
        subject_kind="full_time_cadre",
        reason="Kết luận kiểm tra",
        actor=cast.chair,
    )
    insp.inspection_discipline_ballot_record(
        inspection=inspection, actor=cast.leader, meeting_on=clock.today(), votes={"ha_bac_luong": 9}, **BALLOT
    )
    clock_at(dt.date(2026, 10, 5))


def discipline(figures) -> dict[str, int]:
    return {key: value for key, value in figures.items() if key.startswith("discipline_") and value}


def test_each_decision_is_counted_once_in_its_quarter_by_the_form_adopted(cast):
    build(cast)
    decided = DisciplineProceeding.objects.filter(status=DisciplineProceeding.Status.DECIDED)
    assert sorted(decided.values_list("outcome", flat=True)) == ["canh_cao", "ha_bac_luong", "khai_tru"]
    # Q2: the case's decision only; the leader's "discipline" on the escalation decided nothing yet.
    q2 = quarterly_report(unit=cast.sector, year=2026, quarter=2, user=cast.leader).figures
    assert discipline(q2) == {"discipline_total": 1, "discipline_canh_cao": 1}
    # Q3: the ballot on the escalated flag's proposal (counted once, not also as the escalation) and the
    # inspection's, with the forms the four-form breakdown lacked.
    q3 = quarterly_report(unit=cast.sector, year=2026, quarter=3, user=cast.leader).figures
    assert discipline(q3) == {"discipline_total": 2, "discipline_khai_tru": 1, "discipline_ha_bac_luong": 1}
    for quarter in (1, 4):
        figures = quarterly_report(unit=cast.sector, year=2026, quarter=quarter, user=cast.leader).figures
        assert discipline(figures) == {}
    assert {f"discipline_{form}" for form in ("ha_bac_luong", "buoc_thoi_viec", "giai_tan")} <= set(FIGURE_KEYS)


def test_a_decision_counts_in_the_branch_that_issued_it_and_only_for_readers_of_that_unit(cast):
    build(cast)
    rows = {
        r.unit.code: r for r in quarterly_consolidated(unit=cast.sector, year=2026, quarter=3, user=cast.leader).rows
    }
    assert discipline(rows["H"].figures) == {"discipline_total": 1, "discipline_khai_tru": 1}
    assert discipline(rows["S"].figures) == {"discipline_total": 1, "discipline_ha_bac_luong": 1}
    # The hospital's own reader sees its body's decision, not the sector's.
    h_leader = UserFactory(username="h_leader", roles=[(Role.BTV_MEMBER, cast.hospital)])
    own = quarterly_report(unit=cast.hospital, year=2026, quarter=3, user=h_leader).figures
    assert discipline(own) == {"discipline_total": 1, "discipline_khai_tru": 1}
    # A reader of another sector counts none of them, over the whole province.
    for quarter in (2, 3):
        period = quarter_of(year=2026, quarter=quarter)
        (outside,) = compute_figures(
            unit=cast.province, period=period, user=cast.other_officer, roles=REPORT_ROLES
        ).values()
        assert discipline(outside) == {}
        (system,) = compute_figures(unit=cast.province, period=period, user=None, roles=REPORT_ROLES).values()
        assert system["discipline_total"] == (1 if quarter == 2 else 2)


def test_the_consolidated_page_and_pdf_give_the_totals_by_every_indicator_discipline_by_form_among_them(cast, client):
    build(cast)
    client.force_login(cast.leader)
    query = {"unit": cast.sector.code, "year": 2026, "quarter": 3}
    page = client.get(reverse("reports:consolidated"), query).content.decode()
    assert "Tổng cộng theo chỉ tiêu" in page
    assert '<td class="num" data-key="discipline_total">2</td>' in page
    assert '<td class="num" data-key="discipline_khai_tru">1</td>' in page
    assert '<td class="num" data-key="discipline_ha_bac_luong">1</td>' in page
    assert '<td class="num" data-key="discipline_canh_cao">0</td>' in page
    response = client.get(reverse("reports:consolidated"), {**query, "format": "pdf"})
    assert response.status_code == 200
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(b"".join(response))).pages)
    assert "Tổng cộng theo chỉ tiêu" in text
    assert "— Khai trừ 1" in text and "— Hạ bậc lương 1" in text and "Quyết định kỷ luật trong kỳ 2" in text
