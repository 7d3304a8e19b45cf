"""The printed form of an official paper (QĐ 933/QĐ-TLĐ, Nghị định 30/2020/NĐ-CP Phụ lục I).

Top left: the parent body and the issuing body, then "Số: …" where the form has one; top right: Quốc hiệu and Tiêu ngữ,
then place and date. Then the document kind and its summary (trích yếu), the Căn cứ lines, the
addressee, the body; at the foot, Nơi nhận on the left and the signature block on the right
(authority TM./KT./Q./TL., the signer's title, the form's caption under it, the name). A record
(biên bản) or a receipt has the other party's signature block on the left instead of Nơi nhận, under
its own caption. Whether the number line is printed and what the captions say are the template's data
(the forms differ: Mẫu số 02/TCD of Nghị định 154/2026/NĐ-CP has no "Số:" line).
The drawing order is the reading order, so the PDF's text reads back in the same order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fpdf.enums import XPos, YPos

from casework.reports.official import in_vietnamese
from casework.reports.pdf import FONT, MOTTO_1, MOTTO_2, new_pdf, nfc


@dataclass(frozen=True)
class PaperLayout:
    parent_body: str
    issuing_body: str
    symbol: str
    place: str
    day: dt.date
    title: str
    citations: list[str]
    addressee: str
    paragraphs: list[str]
    recipients: list[str]
    authority_line: str
    signer_title: str
    signer_name: str
    extra: dict = field(default_factory=dict)
    # A record (biên bản) is signed by both sides: the other party's block stands where "Nơi nhận" is.
    countersign: str = ""
    # The template's: whether "Số: …" is printed, and the captions under each signature block's title.
    number_line: bool = True
    signer_caption: str = ""
    countersign_caption: str = ""


def date_line(place: str, day: dt.date) -> str:
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


@in_vietnamese
def paper_pdf(layout: PaperLayout) -> bytes:
    pdf = new_pdf()
    title_lines = [nfc(line) for line in layout.title.split("\n") if line.strip()]
    pdf.set_title(" ".join(title_lines))
    width = pdf.epw
    left_w, right_w = width * 0.42, width * 0.58
    x0, y0 = pdf.l_margin, pdf.get_y()

    pdf.set_xy(x0, y0)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(left_w, 5, nfc(layout.parent_body).upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(left_w, 5, nfc(layout.issuing_body).upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    mid_left = x0 + left_w / 2
    pdf.line(mid_left - 12, pdf.get_y(), mid_left + 12, pdf.get_y())
    if layout.number_line:
        pdf.set_font(FONT, size=10)
        pdf.multi_cell(left_w, 7, f"Số: {nfc(layout.symbol)}", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    left_end = pdf.get_y()

    pdf.set_xy(x0 + left_w, y0)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(right_w, 5, MOTTO_1, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.multi_cell(right_w, 5, MOTTO_2, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    mid_right = x0 + left_w + right_w / 2
    pdf.line(mid_right - 25, pdf.get_y(), mid_right + 25, pdf.get_y())
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(right_w, 7, nfc(date_line(layout.place, layout.day)), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(x0, max(left_end, pdf.get_y()) + 6)

    for n, line in enumerate(title_lines):
        pdf.set_font(FONT, "B", 13 if n == 0 else 11)
        pdf.multi_cell(0, 6, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(x0 + width / 2 - 20, pdf.get_y() + 1, x0 + width / 2 + 20, pdf.get_y() + 1)
    pdf.ln(5)

    pdf.set_font(FONT, size=11)
    for citation in layout.citations:
        pdf.multi_cell(0, 6, nfc(f"Căn cứ {citation}"), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if layout.citations:
        pdf.ln(2)
    if layout.addressee:
        pdf.multi_cell(0, 6, nfc(f"Kính gửi: {layout.addressee}"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    for paragraph in layout.paragraphs:
        pdf.multi_cell(0, 6, nfc(paragraph), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    # Foot: Nơi nhận (left) and the signature block (right), side by side; keep them on one page.
    foot_h = max(6 + 5 * len(layout.recipients), 60)
    if pdf.get_y() + foot_h > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    y_foot = pdf.get_y()
    half = width * 0.45
    if layout.countersign:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(half, 6, nfc(layout.countersign).upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        if layout.countersign_caption:
            pdf.set_font(FONT, size=9)
            pdf.multi_cell(half, 5, nfc(layout.countersign_caption), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    else:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(half, 5, "Nơi nhận:", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=9)
        for line in layout.recipients:
            pdf.multi_cell(half, 5, nfc(line), new_x=XPos.LEFT, new_y=YPos.NEXT)
    recipients_end = pdf.get_y()

    sign_x, sign_w = x0 + half, width - half
    pdf.set_xy(sign_x, y_foot)
    pdf.set_font(FONT, "B", 11)
    if layout.authority_line:
        pdf.multi_cell(sign_w, 6, nfc(layout.authority_line).upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.multi_cell(sign_w, 6, nfc(layout.signer_title).upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    if layout.signer_caption:
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(sign_w, 5, nfc(layout.signer_caption), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(20)
    pdf.set_x(sign_x)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(sign_w, 6, nfc(layout.signer_name) or "……", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(recipients_end, pdf.get_y()))
    return bytes(pdf.output())
