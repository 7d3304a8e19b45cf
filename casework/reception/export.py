"""The reception book as an XLSX workbook, in the columns of Sổ tiếp công dân, Mẫu số 03/TCD ban hành kèm
Nghị định 154/2026/NĐ-CP: its headings in its order, and under them the form's column numbers."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from casework.reception.models import ReceptionSession
from casework.reception.selectors import BOOK_COLUMNS, BookRow, book_cells


def reception_book_xlsx(*, session: ReceptionSession, rows: list[BookRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "So tiep cong dan"
    ws.cell(row=1, column=1, value=f"SỔ TIẾP CÔNG DÂN — {session.unit.name.upper()}").font = Font(bold=True, size=13)
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    ws.cell(row=2, column=1, value=f"Buổi tiếp ngày {start:%d/%m/%Y}, {start:%H:%M}–{end:%H:%M}, tại {session.place}")
    header = 4
    for col, (title, width) in enumerate(BOOK_COLUMNS, start=1):
        cell = ws.cell(row=header, column=col, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions[cell.column_letter].width = width
        # The form numbers its columns (1)-(13) under the headings.
        ws.cell(row=header + 1, column=col, value=col).alignment = Alignment(horizontal="center")
    first = header + 2
    ws.freeze_panes = ws.cell(row=first, column=1)
    for offset, row in enumerate(rows):
        for col, value in enumerate(book_cells(row), start=1):
            cell = ws.cell(row=first + offset, column=col, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col == 2:
                cell.number_format = "dd/mm/yyyy"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
