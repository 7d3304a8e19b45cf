"""The registers as Excel workbooks (sổ văn bản đi / đến), in the reports' house style."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment

from casework.papers.models import IncomingEntry, Paper
from casework.reports.official import in_vietnamese, official_text
from casework.reports.xlsx import BORDER, DATE_FORMAT, header_row, save_workbook, title_rows

OUTGOING_COLUMNS = [
    ("Số", 7),
    ("Số, ký hiệu", 18),
    ("Ngày ban hành", 13),
    ("Loại văn bản", 14),
    ("Trích yếu", 50),
    ("Người ký", 24),
    ("Nơi nhận", 40),
    ("Hồ sơ", 18),
    ("Hình thức ký", 18),
    ("Trạng thái", 16),
    ("Đơn vị", 28),
]
INCOMING_COLUMNS = [
    ("Số đến", 8),
    ("Ngày đến", 13),
    ("Số hồ sơ", 18),
    ("Loại đơn", 14),
    ("Trích yếu", 50),
    ("Đơn vị", 28),
]


def _write(ws, row: int, values: list, date_cols: set[int]) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if col in date_cols:
            cell.number_format = DATE_FORMAT


@in_vietnamese
def outgoing_register_xlsx(papers: Iterable[Paper], *, year: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"So van ban di {year}"
    row = title_rows(ws, [f"SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM {year}"])
    header_row(ws, row, [t for t, _w in OUTGOING_COLUMNS], [w for _t, w in OUTGOING_COLUMNS])
    for paper in papers:
        row += 1
        status = official_text(paper.get_status_display())
        if paper.status == Paper.Status.CANCELLED:
            status = f"{status}: {paper.cancel_reason}"
        _write(
            ws,
            row,
            [
                paper.number,
                paper.symbol,
                paper.issued_on,
                official_text(paper.get_doc_kind_display()),
                paper.summary,
                paper.signer_name,
                paper.recipients,
                paper.target_reference,
                official_text(paper.get_signature_display()),
                status,
                paper.unit.name,
            ],
            {3},
        )
    return save_workbook(wb)


@in_vietnamese
def incoming_register_xlsx(entries: Iterable[IncomingEntry], *, year: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"So van ban den {year}"
    row = title_rows(ws, [f"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM {year}"])
    header_row(ws, row, [t for t, _w in INCOMING_COLUMNS], [w for _t, w in INCOMING_COLUMNS])
    for entry in entries:
        row += 1
        _write(
            ws,
            row,
            [
                entry.number,
                entry.received_on,
                entry.case.reference,
                official_text(entry.case.get_kind_display()),
                entry.case.title,
                entry.unit.name,
            ],
            {2},
        )
    return save_workbook(wb)
