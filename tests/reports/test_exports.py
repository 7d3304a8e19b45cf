"""XLSX checked cell by cell, PDF text read back with its diacritics, the command line, background jobs."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from casework.areas.models import SubjectArea
from casework.areas.selectors import subject_area_label
from casework.audit.models import AuditEvent
from casework.cases.models import Case
from casework.org.models import Unit
from casework.reports.models import ExportJob
from casework.reports.services import export_job_create
from core import clock

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def find_row(ws, label):
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == label:
            return row
    raise AssertionError(f"no row {label!r}")


def test_quarterly_xlsx_cell_by_cell(client, cast, dataset, frozen_clock):
    client.force_login(cast.leader)
    response = client.get(
        reverse("reports:quarterly_export"), {"unit": "S", "year": 2026, "quarter": 1, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-quy-1-2026-S.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "BÁO CÁO CÔNG TÁC KIỂM TRA, GIẢI QUYẾT ĐƠN THƯ QUÝ I/2026"
    # The quarter runs: what is still open or overdue is counted as of today.
    assert ws["A3"].value == (
        "Từ ngày 01/01/2026 đến ngày 31/03/2026; đơn tồn đọng, quá hạn tính đến hết ngày 02/03/2026"
    )
    assert (ws["A5"].value, ws["B5"].value) == ("Chỉ tiêu", "Số lượng")
    assert ws.freeze_panes == "A6"
    assert ws.column_dimensions["A"].width == 70
    received = find_row(ws, "Tổng số đơn nhận trong kỳ")
    assert received[1].value == 7 and received[1].number_format == "#,##0"
    assert find_row(ws, "— Quá hạn")[1].value == 1
    assert find_row(ws, "— Khiếu nại")[1].value == 4
    assert find_row(ws, "Tỷ lệ giải quyết đúng hạn (%)")[1].value == 50.0
    assert find_row(ws, "Đình chỉ việc giải quyết (không tính là đã giải quyết)")[1].value == 0
    assert find_row(ws, "— Do người khiếu nại, tố cáo rút toàn bộ đơn")[1].value == 0
    event = AuditEvent.objects.filter(action="report.export").latest("seq")
    assert event.actor_id == cast.leader.pk and event.after["kind"] == "quarterly_xlsx"


def test_quarterly_pdf_keeps_vietnamese_diacritics(client, cast, dataset, frozen_clock):
    client.force_login(cast.leader)
    response = client.get(
        reverse("reports:quarterly_export"), {"unit": "S", "year": 2026, "quarter": 1, "format": "pdf"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "CÔNG ĐOÀN NGÀNH Y TẾ" in text
    assert "Công tác kiểm tra, giải quyết đơn thư Quý I/2026" in text
    assert "Tổng số đơn nhận trong kỳ" in text
    assert "Thái Bình, ngày 02 tháng 03 năm 2026" in text


def test_the_report_pdfs_print_the_place_the_papers_print(client, cast, dataset, frozen_clock):
    from casework.papers.services import TEMPLATES, template_current

    for key in TEMPLATES:  # each template's next version printed in another place
        version = template_current(key=key)
        version.pk, version.number, version.place = None, version.number + 1, "Hưng Yên"
        version.save()
    client.force_login(cast.leader)
    query = {"unit": "S", "year": 2026, "quarter": 1, "format": "pdf"}
    for url in ("reports:quarterly_export", "reports:consolidated"):
        text = pdf_text(client.get(reverse(url), query).content)
        assert "Hưng Yên, ngày 02 tháng 03 năm 2026" in text, url
        assert "…, ngày" not in text, url


def test_the_quarterly_report_is_vietnamese_for_a_reader_of_the_english_pages(client, cast, dataset, frozen_clock):
    """A report sent to the union above is an administrative document (Nghị định 30/2020/NĐ-CP Đ.7, Đ.8):
    it is written in Vietnamese whatever language the page that asked for it speaks."""
    client.force_login(cast.leader)
    client.cookies["django_language"] = "en"
    query = {"unit": "S", "year": 2026, "quarter": 1}
    assert "Letters received in the period" in client.get(reverse("reports:quarterly"), query).content.decode()
    ws = load_workbook(
        io.BytesIO(client.get(reverse("reports:quarterly_export"), {**query, "format": "xlsx"}).content)
    ).active
    assert (ws["A5"].value, ws["B5"].value) == ("Chỉ tiêu", "Số lượng")
    assert find_row(ws, "Tổng số đơn nhận trong kỳ")[1].value == 7
    assert find_row(ws, "— Khiếu nại")[1].value == 4
    text = pdf_text(client.get(reverse("reports:quarterly_export"), {**query, "format": "pdf"}).content)
    assert "Tổng số đơn nhận trong kỳ" in text and "Letters received" not in text


def test_a_paper_layout_draws_decomposed_vietnamese_as_precomposed_letters(frozen_clock):
    from casework.papers.layout import PaperLayout, paper_pdf

    data = paper_pdf(
        PaperLayout(
            parent_body="Công đoàn ngành Y tế",
            issuing_body="Ủy ban kiểm tra",
            symbol="12/TB-UBKT",
            place="Thái Bình",
            day=clock.today(),
            title="THÔNG BÁO\nVề việc thụ lý giải quyết đơn",
            citations=[],
            addressee="",
            # The second paragraph arrives decomposed (NFD), as some pasted text does.
            paragraphs=[
                "Ngày 02/03/2026, Ủy ban kiểm tra nhận được đơn khiếu nại của ông Nguyễn Văn Gửi.",
                unicodedata.normalize("NFD", "Đề nghị đồng chí Trần Thị Bị giải trình."),
            ],
            recipients=["- Lưu: VT."],
            authority_line="TM. Ủy ban kiểm tra",
            signer_title="Chủ nhiệm",
            signer_name="Trần Thị Chủ Nhiệm",
        )
    )
    text = pdf_text(data)
    for expected in [
        "CÔNG ĐOÀN NGÀNH Y TẾ",
        "ỦY BAN KIỂM TRA",
        "Số: 12/TB-UBKT",
        "Thái Bình, ngày 02 tháng 03 năm 2026",
        "Về việc thụ lý giải quyết đơn",
        "Đề nghị đồng chí Trần Thị Bị giải trình.",
        "TM. ỦY BAN KIỂM TRA",
        "Trần Thị Chủ Nhiệm",
    ]:
        assert expected in text


def test_the_command_writes_the_report(cast, dataset, frozen_clock, tmp_path):
    out = tmp_path / "q1.xlsx"
    call_command("quarterly_report", unit="H", year=2026, quarter=1, format="xlsx", output=str(out))
    ws = load_workbook(out).active
    assert find_row(ws, "Tổng số đơn nhận trong kỳ")[1].value == 3
    pdf = tmp_path / "q1.pdf"
    call_command("quarterly_report", unit="H", year=2026, quarter=1, format="pdf", output=str(pdf))
    assert "CĐCS BỆNH VIỆN" in pdf_text(pdf.read_bytes())
    assert AuditEvent.objects.filter(action="report.export", actor__isnull=True).count() == 2


def test_register_book_runs_in_the_background_and_hides_denouncers(
    client, cast, dataset, frozen_clock, django_capture_on_commit_callbacks
):
    client.force_login(cast.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:register"), {"unit": "S", "date_from": "2026-01-01", "date_to": ""})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:export_job", args=[job.pk])
    assert (job.status, job.progress, job.rows) == (ExportJob.Status.DONE, 100, 7)
    page = client.get(reverse("reports:export_job", args=[job.pk]))
    assert reverse("reports:export_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert ws["A1"].value == "SỔ THEO DÕI ĐƠN THƯ"
    assert [c.value for c in ws[5]][:4] == ["STT", "Số hồ sơ", "Ngày nhận", "Loại đơn"]
    assert ws.freeze_panes == "A6"
    rows = {r[1]: r for r in ws.iter_rows(min_row=6, values_only=True)}
    late = rows[dataset.cases["late"].reference]
    assert late[2] == dt.datetime(2026, 1, 5) and late[5] == "Nguyễn Văn Gửi"
    assert ws["C6"].number_format == "dd/mm/yyyy"
    # Each letter's lĩnh vực, by its name in force; letters never classified say so.
    area_col = [c.value for c in ws[5]].index("Lĩnh vực")
    expected = {c.reference: subject_area_label(c.subject_area) for c in Case.objects.filter(reference__in=rows)}
    assert {ref: r[area_col] for ref, r in rows.items()} == expected
    assert subject_area_label(SubjectArea.objects.get(code="khac")) in expected.values()
    assert rows[dataset.cases["transferred"].reference][5] == "[đã ẩn danh]"
    assert not any("Nguyễn" in str(r[5]) for r in rows.values() if r[3] == "Tố cáo")
    assert dataset.cases["c_old"].reference not in rows  # received before date_from
    assert [e.after.get("job") for e in AuditEvent.objects.filter(action="report.export")] == [job.pk]
    # Someone else cannot see the job or its file.
    client.force_login(cast.chair)
    assert client.get(reverse("reports:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_running_job_page_refreshes_itself(client, cast, frozen_clock):
    job = ExportJob.objects.create(
        user=cast.leader, kind=ExportJob.Kind.REGISTER_XLSX, unit=cast.sector, params={}, created_at=frozen_clock.now()
    )
    client.force_login(cast.leader)
    body = client.get(reverse("reports:export_job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert client.get(reverse("reports:export_job", args=[job.pk]))["Refresh"] == "2"
    assert "<script" not in body.split("<main>")[1]


def test_export_outside_scope_is_404(client, cast, frozen_clock):
    client.force_login(cast.leader)
    response = client.get(reverse("reports:quarterly_export"), {"unit": "E", "year": 2026, "quarter": 1})
    assert response.status_code == 404
    with pytest.raises(Exception) as exc:
        export_job_create(
            user=cast.leader, kind=ExportJob.Kind.REGISTER_XLSX, unit=Unit.objects.get(code="E"), params={}
        )
    assert exc.value.code == "not_found"


def test_an_export_queued_while_the_broker_was_down_is_built_by_the_periodic_pass(cast, dataset, frozen_clock):
    from casework.reports.services import export_jobs_drain
    from casework.web.schedule import PERIODIC_JOBS

    assert ("casework.reports.services.export_jobs_drain", 60) in PERIODIC_JOBS
    # Created without any worker being asked (the on-commit publish never ran): it waits, queued.
    job = export_job_create(
        user=cast.leader, kind=ExportJob.Kind.REGISTER_XLSX, unit=cast.sector, params={"date_from": "2026-01-01"}
    )
    assert export_jobs_drain() == 0  # too fresh: a worker that was asked gets there first
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    frozen_clock.advance(dt.timedelta(minutes=2))
    assert export_jobs_drain() == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows) == (ExportJob.Status.DONE, 100, 7)
    assert export_jobs_drain() == 0  # built once
    assert AuditEvent.objects.filter(action="report.export").count() == 1
