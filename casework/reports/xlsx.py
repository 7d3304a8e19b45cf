"""Excel workbooks: the quarterly report, the consolidated view, the register book, the import template.

Vietnamese headings (the import template's in the reader's language: casework/reports/official.py),
dd/mm/yyyy dates, `#,##0` numbers, a frozen header row and set widths, so the file opens ready to print
in Excel or LibreOffice.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from casework.areas.selectors import UNCLASSIFIED_LABEL
from casework.cases.models import Case
from casework.reports.figures import AREA_FIGURE_KEYS, FIGURE_LABELS, FIGURE_SECTIONS, on_time_rate
from casework.reports.official import in_vietnamese, official_text
from casework.reports.periods import Quarter
from casework.reports.selectors import Consolidated, QuarterlyFigures, area_names_of_period

DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def header_row(ws: Worksheet, row: int, titles: list[str], widths: list[int]) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    # Freeze everything above and including the header row.
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def title_rows(ws: Worksheet, lines: list[str]) -> int:
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=i == 1, size=13 if i == 1 else 11)
    return len(lines) + 2


def save_workbook(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@in_vietnamese
def quarterly_xlsx(report: QuarterlyFigures) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Quy {report.period.quarter}-{report.period.year}"
    row = title_rows(
        ws,
        [
            f"BÁO CÁO CÔNG TÁC KIỂM TRA, GIẢI QUYẾT ĐƠN THƯ {report.period.label.upper()}",
            f"Đơn vị: {report.unit.name} (mã {report.unit.code}) và các đơn vị trực thuộc",
            f"Từ ngày {report.period.start:%d/%m/%Y} đến ngày {report.period.end:%d/%m/%Y}; "
            f"đơn tồn đọng, quá hạn tính đến hết ngày {report.period.as_of:%d/%m/%Y}",
        ],
    )
    header_row(ws, row, ["Chỉ tiêu", "Số lượng"], [70, 14])
    row += 1
    for section, items in FIGURE_SECTIONS:
        ws.cell(row=row, column=1, value=official_text(section)).font = HEADER_FONT
        row += 1
        for key, label in items:
            ws.cell(row=row, column=1, value=official_text(label)).border = BORDER
            cell = ws.cell(row=row, column=2, value=int(report.figures.get(key, 0)))
            cell.number_format = NUMBER_FORMAT
            cell.border = BORDER
            row += 1
    rate = on_time_rate(report.figures)
    ws.cell(row=row, column=1, value="Tỷ lệ giải quyết đúng hạn (%)").font = HEADER_FONT
    cell = ws.cell(row=row, column=2, value=rate)
    cell.number_format = "0.0"
    areas_sheet(wb, report.areas, f"{report.period.label}, {report.unit.name}", report.period)
    return save_workbook(wb)


def areas_sheet(wb: Workbook, areas: list, heading: str, period: Quarter) -> None:
    """The breakdown by lĩnh vực on its own sheet: every AREA_FIGURE_KEYS figure, one row per area named
    as in the period (its code in a column of its own), and a total row that equals the report's figures.
    The names are the Vietnamese ones whatever language the rows were read in: the sheet is part of the
    report sent up (in_vietnamese)."""
    names = area_names_of_period(period)
    ws = wb.create_sheet("Theo linh vuc")
    row = title_rows(ws, [f"SỐ LIỆU THEO LĨNH VỰC — {heading.upper()}", "Tên lĩnh vực theo danh mục áp dụng trong kỳ"])
    header_row(
        ws,
        row,
        ["Lĩnh vực", "Mã lĩnh vực"] + [official_text(FIGURE_LABELS[key]).lstrip("— ") for key in AREA_FIGURE_KEYS],
        [30, 22] + [12] * len(AREA_FIGURE_KEYS),
    )
    row += 1
    totals = dict.fromkeys(AREA_FIGURE_KEYS, 0)
    for area in areas:
        values = [int(area.figures.get(key, 0) or 0) for key in AREA_FIGURE_KEYS]
        name = names.get(area.code, area.name)
        name = f"{name} (ngừng sử dụng)" if area.retired else name
        _figure_row(ws, row, [name, area.code], values)
        for key, value in zip(AREA_FIGURE_KEYS, values, strict=True):
            totals[key] += value
        row += 1
    _figure_row(ws, row, ["Tổng cộng", ""], list(totals.values()), bold=True)


@in_vietnamese
def consolidated_xlsx(data: Consolidated) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    row = title_rows(
        ws,
        [
            f"TỔNG HỢP BÁO CÁO {data.period.label.upper()} — {data.unit.name.upper()}",
            f"Từ ngày {data.period.start:%d/%m/%Y} đến ngày {data.period.end:%d/%m/%Y}",
        ],
    )
    keys = [(key, label) for _, items in FIGURE_SECTIONS for key, label in items]
    header_row(
        ws,
        row,
        ["Đơn vị", "Tình trạng báo cáo"] + [label.lstrip("— ") for _, label in keys],
        [36, 18] + [12] * len(keys),
    )
    row += 1
    for r in data.rows:
        name = f"{r.unit.name} (cấp mình)" if r.own_level else r.unit.name
        status = "" if r.own_level else (r.report.status_label if r.report else "Chưa lập")
        _figure_row(ws, row, [name, status], [r.figures.get(k, 0) for k, _ in keys])
        row += 1
    _figure_row(ws, row, ["Tổng cộng", ""], [data.totals.get(k, 0) for k, _ in keys], bold=True)
    areas_sheet(wb, data.areas, f"{data.period.label}, {data.unit.name}", data.period)
    return save_workbook(wb)


COVERAGE_FLAG_COLUMNS: list[tuple[str, int]] = [
    ("Mã", 12),
    ("Đơn vị", 30),
    ("Mã đơn vị", 10),
    ("Nội dung", 30),
    ("Trạng thái", 30),
    ("Nhóm bao phủ", 30),
    ("Cuộc kiểm tra", 16),
    ("Thời hạn đang tính (bước, hạn, tình trạng)", 60),
]


@in_vietnamese
def coverage_xlsx(*, page: dict, heading: list[str]) -> bytes:
    """The coverage page (casework.inspections.selectors.coverage_page) as a workbook: the figures per
    unit and in total, each share with its numerator and denominator; then the flags listed, each with
    its unit, bucket and the clocks it is read from."""
    from casework.inspections.selectors import BUCKET_LABELS, BUCKETS

    report = page["report"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Bao phu"
    row = title_rows(ws, ["KIỂM TRA 100% CÁC TRƯỜNG HỢP CÓ DẤU HIỆU VI PHẠM", *heading, _coverage_verdict(report)])
    header_row(
        ws,
        row,
        ["Đơn vị", "Mã đơn vị", "Phát hiện", *[official_text(BUCKET_LABELS[b]) for b in BUCKETS]]
        + ["Đã xử lý theo quy định", "Đã kiểm tra / phát hiện", "Tỷ lệ đã kiểm tra (%)", "Tỷ lệ đã xử lý (%)"],
        [34, 10, 11, *[16] * len(BUCKETS), 14, 14, 12, 12],
    )
    row += 1
    for line, bold in [*((r, False) for r in report["rows"]), (report["totals"], True)]:
        labels = [line.get("unit__name", "Tổng cộng"), line.get("unit__code", "")]
        _figure_row(ws, row, labels, [line["raised"], *[line[b] for b in BUCKETS], line["accounted"]], bold=bold)
        ratio = ws.cell(row=row, column=len(labels) + len(BUCKETS) + 3, value=f"{line['inspected']}/{line['raised']}")
        for col, percent in enumerate((line["inspected_percent"], line["accounted_percent"]), start=ratio.column + 1):
            cell = ws.cell(row=row, column=col, value="—" if percent is None else percent)
            cell.number_format = "0.0"
            cell.border = BORDER
        ratio.border = BORDER
        row += 1

    flags = wb.create_sheet("Dau hieu vi pham")
    first = title_rows(flags, ["CÁC DẤU HIỆU VI PHẠM VÀ NHÓM BAO PHỦ", *heading])
    header_row(flags, first, [t for t, _ in COVERAGE_FLAG_COLUMNS], [w for _, w in COVERAGE_FLAG_COLUMNS])
    for row, flag in enumerate(page["flags"], start=first + 1):
        status = flag.get_status_display()
        if flag.end_ground:
            status = f"{status} — căn cứ: {flag.get_end_ground_display()}"
        if (ending := page["endings"].get(flag.pk)) is not None:
            status = f"{status} — {ending.text()}"
        clocks = "\n".join(
            f"{official_text(c.step)}: hạn {c.due_on:%d/%m/%Y} ({official_text(c.status)})"
            for c in page["clocks"][flag.pk]
        )
        values = [
            flag.reference,
            flag.unit.name,
            flag.unit.code,
            flag.get_category_display(),
            status,
            official_text(BUCKET_LABELS[flag.bucket]),
            flag.inspection.reference if flag.inspection else "",
            clocks,
        ]
        for col, value in enumerate(values, start=1):
            cell = flags.cell(row=row, column=col, value=value)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return save_workbook(wb)


def _coverage_verdict(report: dict) -> str:
    """What the figures prove, as the page says it (its verdict and its check against the trail): a file
    read away from the page never passes for 100% while a flag is unaccounted or the trail disagrees
    (DESIGN "The invariant that defines the product": 100% is a checked fact)."""
    totals = report["totals"]
    if not report["complete"]:
        return (
            f"CHƯA ĐỦ 100%: {totals['unaccounted']}/{totals['raised']} dấu hiệu vi phạm chưa được xử lý theo quy "
            "định (quá hạn mà chưa chuyển lãnh đạo, hoặc không có thời hạn nào đang chạy)."
        )
    if report["disagreement_count"]:
        return (
            f"CHƯA ĐƯỢC CHỨNG MINH: {report['disagreement_count']} dấu hiệu vi phạm trong dữ liệu không khớp với "
            "nhật ký kiểm toán."
        )
    if not totals["raised"]:
        return "Không có dấu hiệu vi phạm nào trong kỳ."
    return (
        f"Đủ 100%: {totals['accounted']}/{totals['raised']} dấu hiệu vi phạm đều đã được xử lý theo quy định; "
        "dữ liệu khớp với nhật ký kiểm toán."
    )


def _figure_row(ws: Worksheet, row: int, labels: list[str], values: list[int], bold: bool = False) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col, value=official_text(label))
        cell.border = BORDER
        cell.font = Font(bold=bold)
    for col, value in enumerate(values, start=len(labels) + 1):
        cell = ws.cell(row=row, column=col, value=int(value or 0))
        cell.number_format = NUMBER_FORMAT
        cell.border = BORDER
        cell.font = Font(bold=bold)


REGISTER_COLUMNS: list[tuple[str, int]] = [
    ("STT", 6),
    ("Số hồ sơ", 16),
    ("Ngày nhận", 12),
    ("Loại đơn", 16),
    ("Hình thức tiếp nhận", 22),
    ("Người gửi", 26),
    ("Trích yếu nội dung", 48),
    ("Lĩnh vực", 22),
    ("Đơn vị bị khiếu nại, tố cáo", 28),
    ("Đơn vị giải quyết", 28),
    ("Cán bộ giải quyết", 22),
    ("Ngày thụ lý", 12),
    ("Ngày ban hành quyết định / kết luận", 14),
    ("Ngày đóng hồ sơ", 12),
    ("Trạng thái", 26),
]


@in_vietnamese
def register_xlsx(
    *,
    unit_name: str,
    period_text: str,
    cases: Iterable[Case],
    total: int,
    sender_of: Callable[[Case], str],
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Sổ theo dõi đơn thư. `sender_of` decides what the "người gửi" column may show (denouncers never)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "So theo doi don thu"
    row = title_rows(ws, ["SỔ THEO DÕI ĐƠN THƯ", f"Đơn vị: {unit_name}", period_text])
    header_row(ws, row, [t for t, _ in REGISTER_COLUMNS], [w for _, w in REGISTER_COLUMNS])
    first = row + 1
    for n, case in enumerate(cases, start=1):
        r = first + n - 1
        values = [
            n,
            case.reference,
            case.received_on,
            case.get_kind_display(),
            case.get_channel_display(),
            sender_of(case),
            case.title,
            getattr(case, "subject_area_name", None) or str(UNCLASSIFIED_LABEL),
            case.subject_unit.name if case.subject_unit else case.subject_person,
            case.unit.name,
            str(case.assignee) if case.assignee else "",
            case.accepted_on,
            case.decided_on,
            case.closed_on,
            case.get_status_display(),
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.border = BORDER
            if col in (3, 12, 13, 14):
                cell.number_format = DATE_FORMAT
            elif col == 1:
                cell.number_format = NUMBER_FORMAT
        if progress is not None and total and n % 200 == 0:
            progress(min(95, int(90 * n / total)))
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(REGISTER_COLUMNS))}{max(row, first + total - 1)}"
    return save_workbook(wb)


def workbook_bytes(*, title: str, headers: list[str], widths: list[int], rows: list[list]) -> bytes:
    """A simple one-sheet workbook (the import template: a working file, in the reader's language)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    header_row(ws, 1, headers, widths)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if hasattr(value, "year"):
                cell.number_format = DATE_FORMAT
    return save_workbook(wb)
