"""Submitting a quarterly report up the tree: snapshot, audit, the superior's acknowledgement, the consolidated page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from casework.audit.models import AuditEvent
from casework.reports.models import QuarterlyReport
from casework.reports.selectors import quarterly_consolidated
from casework.reports.services import quarterly_report_acknowledge, quarterly_report_return, quarterly_report_submit
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.reports.conftest import EXPECTED_H

pytestmark = pytest.mark.django_db


def test_submit_freezes_the_figures_and_audits(cast, dataset, frozen_clock):
    report = quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=dataset.h_leader, note="Quý I")
    assert report.status == QuarterlyReport.Status.SUBMITTED
    assert report.figures["received_total"] == EXPECTED_H["received_total"]
    event = AuditEvent.objects.get(action="report.submit", target_id=str(report.pk))
    assert event.before == {"status": "draft"} and event.after["status"] == "submitted"
    assert event.after["figures"]["withdrawn"] == 1
    # The sector's leadership is told.
    assert cast.leader.notifications.filter(title__contains="đã gửi báo cáo Quý I/2026").exists()
    with pytest.raises(TransitionNotAllowed):
        quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=dataset.h_leader)


def test_only_the_superior_acknowledges_or_returns(cast, dataset, frozen_clock):
    report = quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=dataset.h_leader)
    with pytest.raises(TransitionNotAllowed):
        quarterly_report_acknowledge(report=report, actor=dataset.h_leader)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_return(report=report, actor=cast.leader, reason="  ")
    assert "lý do" in exc.value.fields["reason"][0]
    report = quarterly_report_return(report=report, actor=cast.leader, reason="Thiếu số liệu kiến nghị")
    assert report.status == QuarterlyReport.Status.DRAFT and report.submitted_at is None
    report = quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=dataset.h_leader)
    report = quarterly_report_acknowledge(report=report, actor=cast.leader)
    assert report.status == QuarterlyReport.Status.ACKNOWLEDGED and report.acknowledged_by == cast.leader
    actions = list(
        AuditEvent.objects.filter(target_type="reports.quarterlyreport", target_id=str(report.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["report.submit", "report.return", "report.submit", "report.acknowledge"]


def test_staff_without_leadership_cannot_submit_and_the_top_unit_has_no_superior(cast, dataset, frozen_clock):
    with pytest.raises(TransitionNotAllowed):
        quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=dataset.h_staff)
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_submit(unit=cast.province, year=2026, quarter=1, actor=cast.province_leader)
    assert "unit" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        quarterly_report_submit(unit=cast.hospital, year=2026, quarter=5, actor=dataset.h_leader)
    assert "quarter" in exc.value.fields


def test_consolidated_uses_what_children_submitted(cast, dataset, frozen_clock):
    report = quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=dataset.h_leader)
    # A figure changed after submission: the superior keeps seeing what was reported.
    QuarterlyReport.objects.filter(pk=report.pk).update(figures={**report.figures, "received_total": 99})
    data = quarterly_consolidated(unit=cast.sector, year=2026, quarter=1, user=cast.leader)
    rows = {r.unit.code: r for r in data.rows}
    assert rows["H"].from_submission and rows["H"].figures["received_total"] == 99
    assert not rows["C"].from_submission
    assert data.totals["received_total"] == sum(r.figures["received_total"] for r in data.rows) == 99 + 3 + 1


def test_pages_submit_review_and_consolidate(client, cast, dataset, frozen_clock):
    client.force_login(dataset.h_leader)
    page = client.get(reverse("reports:quarterly"), {"unit": "H", "year": 2026, "quarter": 1})
    assert page.status_code == 200
    assert 'data-key="withdrawn">1<' in page.content.decode()
    response = client.post(reverse("reports:quarterly_submit"), {"unit": "H", "year": 2026, "quarter": 1})
    report = QuarterlyReport.objects.get(unit=cast.hospital)
    assert response.status_code == 302 and response["Location"] == reverse("reports:quarterly_detail", args=[report.pk])
    # The hospital cannot look at the sector's consolidated view.
    assert client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2026, "quarter": 1}).status_code == 404

    client.force_login(cast.leader)
    home = client.get(reverse("home")).content.decode()
    assert "Báo cáo quý của đơn vị cấp dưới chờ tiếp nhận" in home
    assert reverse("reports:quarterly_detail", args=[report.pk]) in home
    detail = client.get(reverse("reports:quarterly_detail", args=[report.pk])).content.decode()
    assert reverse("reports:quarterly_review", args=[report.pk, "acknowledge"]) in detail
    client.post(reverse("reports:quarterly_review", args=[report.pk, "acknowledge"]))
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.ACKNOWLEDGED
    page = client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2026, "quarter": 1}).content.decode()
    assert "CĐCS Bệnh viện" in page and "CĐCS Phòng khám" in page
    assert "data-total>7</td>" in page  # received: 3 (S) + 3 (H) + 1 (C)
    xlsx = client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2026, "quarter": 1, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    names = [ws.cell(row=r, column=1).value for r in range(5, ws.max_row + 1)]
    assert names == ["Công đoàn ngành Y tế (cấp mình)", "CĐCS Bệnh viện", "CĐCS Phòng khám", "Tổng cộng"]
    assert [ws.cell(row=r, column=3).value for r in range(5, 9)] == [3, 3, 1, 7]  # received
    assert ws.cell(row=6, column=2).value == "Cấp trên đã tiếp nhận"
    pdf = client.get(reverse("reports:consolidated"), {"unit": "S", "year": 2026, "quarter": 1, "format": "pdf"})
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "TỔNG HỢP BÁO CÁO QUÝ I/2026" in text and "CĐCS Phòng khám" in text


def test_report_pages_of_an_outside_unit_are_404(client, cast, dataset, frozen_clock):
    client.force_login(cast.leader)
    for name in ("reports:quarterly", "reports:consolidated"):
        assert client.get(reverse(name), {"unit": "EG", "year": 2026, "quarter": 1}).status_code == 404
    report = quarterly_report_submit(unit=cast.hospital, year=2026, quarter=1, actor=dataset.h_leader)
    client.force_login(cast.other_officer)
    assert client.get(reverse("reports:quarterly_detail", args=[report.pk])).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("reports:dashboard")).status_code == 404
