"""The administrators' pages: the monthly expiry report and answering a subject-access request."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.org.models import Role
from casework.privacy.services import retention_policy_set
from tests.factories import UserFactory
from tests.privacy.test_retention import NAME, PHONE, SOURCE, closed_case

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def sector_admin(cast):
    """An administrator of the other sector: the sector's cases are outside their scope."""
    return UserFactory(username="admin_e", roles=[(Role.ADMIN, cast.other_sector)])


@pytest.fixture
def expiring(cast, frozen_clock):
    retention_policy_set(actor=cast.admin, kind=Kind.COMPLAINT, years=5, source=SOURCE)
    return closed_case(cast, Kind.COMPLAINT)  # closed 02/03/2026: five years end 02/03/2031


def test_only_administrators_open_the_pages(client, cast, frozen_clock):
    client.force_login(cast.officer)
    assert client.get(reverse("privacy:expiry")).status_code == 403
    assert client.get(reverse("privacy:subject_access")).status_code == 403
    assert client.post(reverse("privacy:subject_access"), {"full_name": NAME, "confirm": "on"}).status_code == 403
    assert not AuditEvent.objects.filter(action="privacy.subject_access_export").exists()


def test_the_expiry_report_lists_the_month_in_scope_and_downloads_are_audited(client, cast, expiring, sector_admin):
    url = reverse("privacy:expiry")
    client.force_login(cast.admin)
    page = client.get(url, {"month": "2031-03"}).content.decode()
    assert expiring.reference in page and SOURCE in page
    assert "02/03/2031" in page and "03/2031" in page and "2031-03-02" not in page
    assert expiring.reference not in client.get(url, {"month": "2031-04"}).content.decode()
    bad = client.get(url, {"month": "tháng ba"})
    assert bad.status_code == 400 and "năm-tháng" in bad.content.decode()

    data = client.get(url, {"month": "2031-03", "format": "json"})
    assert data["Content-Disposition"].startswith("attachment")
    assert [r["reference"] for r in json.loads(data.content)["records"]] == [expiring.reference]
    sheet = client.get(url, {"month": "2031-03", "format": "xlsx"})
    assert sheet["Content-Type"] == XLSX
    cells = [c.value for row in load_workbook(io.BytesIO(sheet.content)).active.iter_rows() for c in row]
    assert expiring.reference in cells
    exports = AuditEvent.objects.filter(action="report.export", target_type="privacy.expiry")
    assert sorted(e.after["kind"] for e in exports) == ["retention_expiry_json", "retention_expiry_xlsx"]

    client.force_login(sector_admin)  # another sector's administrator sees nothing of this one
    assert expiring.reference not in client.get(url, {"month": "2031-03"}).content.decode()
    assert json.loads(client.get(url, {"month": "2031-03", "format": "json"}).content)["records"] == []


def test_a_subject_access_request_needs_a_reason_and_a_confirmation(client, cast, expiring):
    url = reverse("privacy:subject_access")
    client.force_login(cast.admin)
    unconfirmed = client.post(url, {"full_name": NAME, "phone": PHONE, "reason": "Đơn 12/YC"})
    assert unconfirmed.status_code == 400 and "xác nhận" in unconfirmed.content.decode()
    no_reason = client.post(url, {"full_name": NAME, "phone": PHONE, "confirm": "on"})
    assert no_reason.status_code == 400 and "căn cứ" in no_reason.content.decode().lower()
    assert not AuditEvent.objects.filter(action="privacy.subject_access_export").exists()

    answer = client.post(url, {"full_name": NAME, "phone": PHONE, "reason": "Đơn 12/YC", "confirm": "on"})
    assert answer.status_code == 200 and expiring.reference in answer.content.decode()
    event = AuditEvent.objects.get(action="privacy.subject_access_export")
    assert event.after["cases"] == [expiring.reference] and NAME not in event.canonical

    download = client.post(
        url, {"full_name": NAME, "phone": PHONE, "reason": "Đơn 12/YC", "confirm": "on", "format": "json"}
    )
    assert [c["reference"] for c in json.loads(download.content)["cases"]] == [expiring.reference]
    sheet = client.post(
        url, {"full_name": NAME, "phone": PHONE, "reason": "Đơn 12/YC", "confirm": "on", "format": "xlsx"}
    )
    assert sheet["Content-Type"] == XLSX
    assert AuditEvent.objects.filter(action="privacy.subject_access_export").count() == 3


def test_a_subject_access_answer_stays_in_the_administrators_scope(client, expiring, sector_admin):
    client.force_login(sector_admin)
    answer = client.post(
        reverse("privacy:subject_access"),
        {"full_name": NAME, "phone": PHONE, "reason": "Đơn 13/YC", "confirm": "on", "format": "json"},
    )
    assert json.loads(answer.content)["cases"] == []
    assert AuditEvent.objects.get(action="privacy.subject_access_export").after["cases"] == []


def test_a_subject_access_answer_shows_labels_and_days_not_codes(client, cast, expiring):
    client.force_login(cast.admin)
    answer = client.post(
        reverse("privacy:subject_access"),
        {"full_name": NAME, "phone": PHONE, "reason": "Đơn 12/YC", "confirm": "on"},
    )
    page = answer.content.decode()
    assert expiring.reference in page and "Khiếu nại" in page and "02/03/2026" in page
    assert "<td>complaint</td>" not in page and "<td>refused</td>" not in page and "2026-03-02" not in page
    sheet = client.post(
        reverse("privacy:subject_access"),
        {"full_name": NAME, "phone": PHONE, "reason": "Đơn 12/YC", "confirm": "on", "format": "xlsx"},
    )
    cells = [c for row in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True) for c in row]
    assert "Khiếu nại" in cells and "complaint" not in cells
