"""What an export event stores reads in words on a case's log: the file produced and its addressee (not
"notice_pdf:accept" under the case's "Loại đơn"), and a subject area by its name, not its code."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from casework.audit.selectors import audit_events_for
from casework.audit.services import audit_record_standalone
from casework.audit.timeline import changes_of, timeline_entries
from casework.cases.models import Kind
from tests.builders import accepted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _changes(case, action):
    (entry,) = [
        e for e in timeline_entries(audit_events_for(target_type="cases.case", target_id=case.pk)) if e.action == action
    ]
    return {c.field: c for c in entry.changes}


def test_a_printed_notice_reads_as_the_notice_and_its_addressee(client, cast, frozen_clock):
    case = accepted(cast, kind=Kind.DENUNCIATION, title="Tố cáo về chi tiêu")
    client.force_login(cast.chair)
    pdf = client.get(reverse("reports:case_notice_pdf", args=[case.pk, "accept"]), {"to": "denounced"})
    assert pdf.status_code == 200
    changes = _changes(case, "report.export")
    assert (changes["kind"].label, changes["kind"].after) == ("Văn bản, tệp xuất", "Thông báo thụ lý")
    assert (changes["to"].label, changes["to"].after) == ("Người nhận", "bản gửi người bị tố cáo")

    page = client.get(reverse("audit:timeline", args=["cases.case", case.pk])).content.decode()
    assert "notice_pdf" not in page and "denounced" not in page


def test_the_redacted_copy_and_the_exports_of_reports_read_by_name(cast, frozen_clock):
    case = accepted(cast, kind=Kind.DENUNCIATION, title="Tố cáo về chi tiêu")
    copy = audit_record_standalone(
        actor=cast.chair, action="report.export", target=case, unit=case.unit, after={"kind": "redacted_copy"}
    )
    assert {c.field: c.after for c in changes_of(copy)} == {"kind": "Bản che thông tin người tố cáo (PDF)"}
    for kind, label in [
        ("quarterly_json", "Báo cáo quý (JSON)"),
        ("consolidated_xlsx", "Báo cáo tổng hợp quý (Excel)"),
        ("inspection_pdf:conclusion", "Thông báo kết luận kiểm tra"),
        ("register_xlsx:in", "Sổ văn bản đến (Excel)"),
        ("retention_expiry_json", "Dữ liệu cá nhân hết hạn lưu trữ (JSON)"),
    ]:
        event = audit_record_standalone(
            actor=cast.chair, action="report.export", target=cast.sector, unit=cast.sector, after={"kind": kind}
        )
        (change,) = changes_of(event)
        assert (change.label, change.after) == ("Văn bản, tệp xuất", label)


def test_a_paper_for_the_denouncer_names_its_notice(cast, frozen_clock):
    case = accepted(cast, kind=Kind.DENUNCIATION, title="Tố cáo về chi tiêu")
    event = audit_record_standalone(
        actor=cast.chair, action="case.paper_to_denouncer", target=case, unit=case.unit, after={"notice": "decision"}
    )
    (change,) = changes_of(event)
    assert (change.label, change.after) == ("Văn bản", "Kết luận nội dung tố cáo")


def test_a_case_kind_still_reads_as_the_kind_of_letter(cast, frozen_clock):
    case = accepted(cast, kind=Kind.DENUNCIATION, title="Tố cáo về chi tiêu")
    changes = _changes(case, "case.intake")
    assert (changes["kind"].label, changes["kind"].after) == ("Loại đơn", str(Kind.DENUNCIATION.label))


def test_a_subject_area_reads_by_its_name(cast, frozen_clock):
    case = accepted(cast, kind=Kind.COMPLAINT, title="Khiếu nại về chế độ")
    changes = _changes(case, "case.accept")
    assert (changes["subject_area"].label, changes["subject_area"].after) == ("Lĩnh vực", "Khác")
