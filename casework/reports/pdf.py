"""PDF documents with fpdf2 and the shipped DejaVu font (Vietnamese diacritics need a Unicode TTF).

Reports (quarterly, consolidated) are drawn here with the union's header; official papers
(notices, decisions, conclusions) are laid out by casework.papers.layout on the same helpers.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from casework.org.models import Unit
from casework.papers.selectors import paper_place
from casework.reports.figures import FIGURE_SECTIONS, on_time_rate
from casework.reports.official import in_vietnamese, official_text
from casework.reports.selectors import Consolidated, QuarterlyFigures
from core import clock
from core.numbers import number_vi

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
TOP_UNION = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 6, f"Trang {self.page_no()}/{{nb}}", align="C")


def new_pdf(*, landscape: bool = False) -> _Pdf:
    pdf = _Pdf(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.alias_nb_pages()
    pdf.set_creator("Casework")
    # A fixed creation date keeps the same input producing the same bytes (and tests deterministic).
    pdf.set_creation_date(clock.now())
    pdf.add_page()
    return pdf


def date_line(place: str, day: dt.date) -> str:
    return f"{place or '…'}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def _union_header(pdf: _Pdf, *, unit: Unit, number: str, place: str, day: dt.date) -> None:
    """Two columns, as on every union paper: issuing body left, national motto right, under it the place
    and date (the place the papers print: papers.selectors.paper_place)."""
    width = pdf.epw
    left_w, right_w = width * 0.42, width * 0.58
    x0, y0 = pdf.l_margin, pdf.get_y()
    parent = unit.parent.name.upper() if unit.parent_id else TOP_UNION
    pdf.set_xy(x0, y0)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(left_w, 5, parent, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(left_w, 5, unit.name.upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(left_w, 6, f"Số: {number or '……'}", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    left_end = pdf.get_y()
    pdf.set_xy(x0 + left_w, y0)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(right_w, 5, MOTTO_1, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(right_w, 5, MOTTO_2, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    # The short rule under the motto.
    mid = x0 + left_w + right_w / 2
    pdf.line(mid - 25, pdf.get_y(), mid + 25, pdf.get_y())
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(right_w, 7, date_line(place, day), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(x0, max(left_end, pdf.get_y()) + 6)


def _title_block(pdf: _Pdf, title: str) -> None:
    pdf.set_font(FONT, "B", 13)
    for line in title.split("\n"):
        pdf.multi_cell(0, 7, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _signature(pdf: _Pdf, *, unit: Unit, signer: Any, signer_title: str = "") -> None:
    pdf.ln(6)
    x = pdf.l_margin + pdf.epw * 0.5
    pdf.set_x(x)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(pdf.epw * 0.5, 6, f"TM. {unit.name.upper()}", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    if signer_title:
        pdf.multi_cell(pdf.epw * 0.5, 6, signer_title.upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(18)
    pdf.set_x(x)
    pdf.multi_cell(pdf.epw * 0.5, 6, str(signer or ""), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


@in_vietnamese
def quarterly_pdf(report: QuarterlyFigures, *, number: str = "", signer: Any = "") -> bytes:
    pdf = new_pdf()
    _union_header(pdf, unit=report.unit, number=number or "……/BC-UBKT", place=paper_place(), day=clock.today())
    _title_block(
        pdf,
        f"BÁO CÁO\nCông tác kiểm tra, giải quyết đơn thư {report.period.label}",
    )
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(
        0,
        6,
        f"Số liệu của {report.unit.name} và các đơn vị trực thuộc, từ ngày "
        f"{report.period.start:%d/%m/%Y} đến ngày {report.period.end:%d/%m/%Y}; đơn tồn đọng, quá hạn tính "
        f"đến hết ngày {report.period.as_of:%d/%m/%Y}.",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(2)
    _figures_by_indicator(pdf, report.figures)
    _signature(pdf, unit=report.unit, signer=signer)
    return bytes(pdf.output())


def _figures_by_indicator(pdf: _Pdf, figures: dict) -> None:
    """Every indicator of the report with its figure, by section, and the on-time rate."""
    pdf.set_font(FONT, size=10)
    with pdf.table(col_widths=(130, 30), text_align=("LEFT", "RIGHT"), line_height=6) as table:
        head = table.row()
        head.cell("Chỉ tiêu")
        head.cell("Số lượng")
        for section, items in FIGURE_SECTIONS:
            row = table.row()
            row.cell(official_text(section), colspan=2)
            for key, label in items:
                row = table.row()
                row.cell(official_text(label))
                row.cell(number_vi(figures.get(key, 0)))
        rate = on_time_rate(figures)
        row = table.row()
        row.cell("Tỷ lệ giải quyết đúng hạn")
        row.cell("—" if rate is None else f"{rate:.1f}%".replace(".", ","))


@in_vietnamese
def consolidated_pdf(data: Consolidated) -> bytes:
    pdf = new_pdf(landscape=True)
    _union_header(pdf, unit=data.unit, number="……/BC-UBKT", place=paper_place(), day=clock.today())
    _title_block(pdf, f"TỔNG HỢP BÁO CÁO {data.period.label.upper()}")
    keys = [
        "received_total",
        "accepted",
        "resolved",
        "resolved_on_time",
        "open_total",
        "flags_raised",
        "discipline_total",
    ]
    heads = ["Nhận", "Thụ lý", "Giải quyết", "Đúng hạn", "Tồn", "Dấu hiệu VP", "Kỷ luật"]
    pdf.set_font(FONT, size=9)
    with pdf.table(col_widths=(80, *([25] * len(keys))), line_height=6) as table:
        row = table.row()
        for h in ["Đơn vị", *heads]:
            row.cell(h)
        for r in [*data.rows]:
            row = table.row()
            row.cell(f"{r.unit.name} (cấp mình)" if r.own_level else r.unit.name)
            for k in keys:
                row.cell(number_vi(r.figures.get(k, 0)))
        row = table.row()
        row.cell("Tổng cộng")
        for k in keys:
            row.cell(number_vi(data.totals.get(k, 0)))
    pdf.ln(4)
    pdf.set_font(FONT, style="B", size=10)
    pdf.cell(0, 6, "Tổng cộng theo chỉ tiêu", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _figures_by_indicator(pdf, data.totals)
    return bytes(pdf.output())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", str(text or ""))
