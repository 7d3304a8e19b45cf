"""The reception book as an XLSX workbook, in the columns of the official book (TT 04/2021/TT-TTCP, mẫu số 03)."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from casework.reception.models import ReceptionSession
from casework.reception.selectors import BookRow

COLUMNS = [
    ("STT", 6),
    ("Ngày tiếp", 12),
    ("Họ và tên", 24),
    ("Địa chỉ", 28),
    ("Số CCCD / giấy tờ", 18),
    ("Số người", 8),
    ("Nội dung vụ việc", 48),
    ("Phân loại", 16),
    ("Hướng xử lý", 28),
    ("Theo dõi kết quả", 32),
]


def reception_book_xlsx(*, session: ReceptionSession, rows: list[BookRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "So tiep cong dan"
    ws.cell(row=1, column=1, value=f"SỔ TIẾP CÔNG DÂN — {session.unit.name.upper()}").font = Font(bold=True, size=13)
    start = timezone.localtime(session.starts_at)
    ws.cell(row=2, column=1, value=f"Buổi tiếp ngày {start:%d/%m/%Y}, {start:%H:%M}, tại {session.place}")
    header = 4
    for col, (title, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=header, column=col, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    for offset, row in enumerate(rows, start=1):
        entry = row.entry
        values = [
            row.number,
            timezone.localtime(entry.received_at).date(),
            row.full_name,
            row.address,
            row.id_number,
            entry.people_count,
            row.content,
            entry.get_classification_display(),
            entry.get_handling_route_display() + (f" ({row.case.reference})" if row.case is not None else ""),
            row.follow_up,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=header + offset, column=col, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col == 2:
                cell.number_format = "dd/mm/yyyy"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
