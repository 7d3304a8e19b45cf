"""Import of existing registers (sổ theo dõi đơn thư cũ) from XLSX or CSV.

All or nothing: every row goes through the cases intake service inside ONE transaction (each
row in its own savepoint so one row's error does not hide the next one's); if any row fails, or
this is a dry run, the whole transaction is rolled back and nothing is written. Errors name the
row and the column as the user sees them in the spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from casework.audit.services import audit_record, audit_record_standalone
from casework.cases.models import Channel, Kind
from casework.cases.services import SubmitterData, case_intake, intake_subject_unit_refusal
from casework.files.content_types import TEXT, XLSX, detect_type, extension_of
from casework.files.services import files_max_bytes
from casework.org.models import Unit, User
from casework.org.selectors import unit_is_visible
from casework.reports.selectors import REPORT_ROLES
from core.errors import ApplicationError, ValidationFailed

MAX_ROWS = 5000

# (column letter, heading, the service field it feeds)
COLUMNS: list[tuple[str, Any, str]] = [
    ("A", _("Ngày nhận (dd/mm/yyyy)"), "received_on"),
    ("B", _("Loại đơn"), "kind"),
    ("C", _("Hình thức tiếp nhận"), "channel"),
    ("D", _("Mã đơn vị giải quyết"), "unit"),
    ("E", _("Trích yếu"), "title"),
    ("F", _("Nội dung"), "content"),
    ("G", _("Người gửi"), "submitters"),
    ("H", _("Điện thoại"), "phone"),
    ("I", _("Địa chỉ"), "address"),
    ("J", _("Mã đơn vị bị khiếu nại, tố cáo"), "subject_unit"),
    ("K", _("Người bị khiếu nại, tố cáo"), "subject_person"),
]
COLUMN_OF = {f: (letter, heading) for letter, heading, f in COLUMNS}
WIDTHS = [14, 18, 22, 16, 36, 48, 24, 14, 28, 18, 24]


def _fold(text: str) -> str:
    """Case- and accent-insensitive key: "Khiếu nại" == "khieu nai" == "complaint"."""
    text = unicodedata.normalize("NFD", str(text).strip().casefold()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


# Names a register commonly writes besides the labels.
KIND_ALIASES = {"Kiến nghị": Kind.PETITION, "Phản ánh": Kind.PETITION}
CHANNEL_ALIASES = {
    "Đơn": Channel.LETTER,
    "Bưu điện": Channel.LETTER,
    "Trực tiếp": Channel.LETTER,
    "Email": Channel.EMAIL,
    "E-mail": Channel.EMAIL,
}


def _names(choices: Any, aliases: Mapping[str, str]) -> dict[str, str]:
    """Every name a cell may give a choice by: its code, its label in each of the site's languages
    (a register filled in from the English template says "Complaint"), and the aliases, all folded."""
    names = {_fold(c.value): c.value for c in choices}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({_fold(str(c.label)): c.value for c in choices})
    names.update({_fold(alias): value for alias, value in aliases.items()})
    return names


@dataclass(frozen=True)
class AcceptedNames:
    """The names read in the kind and channel columns, built for each register read: a label is
    translated when it is built, and built once at start-up it would be in whichever language was
    active then."""

    kinds: dict[str, str]
    channels: dict[str, str]

    @classmethod
    def build(cls) -> AcceptedNames:
        return cls(kinds=_names(Kind, KIND_ALIASES), channels=_names(Channel, CHANNEL_ALIASES))


@dataclass
class RowResult:
    row: int
    title: str = ""
    errors: list[str] = field(default_factory=list)
    reference: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    file_name: str
    rows: list[RowResult]
    dry_run: bool
    written: bool = False
    file_errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.file_errors and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for r in self.rows if not r.ok)


def _cell_error(row: int, field_name: str, message: str) -> str:
    letter, heading = COLUMN_OF.get(field_name, ("?", field_name))
    return gettext("Dòng %(row)s, cột %(letter)s (%(heading)s): %(message)s") % {
        "row": row,
        "letter": letter,
        "heading": heading,
        "message": message,
    }


def read_upload(upload: UploadedFile | None) -> tuple[str, list[tuple[int, list[str]]]]:
    """Check size and type by content (as casework.files does), then return (name, [(row number, cells)])."""
    if upload is None:
        raise ValidationFailed({"file": gettext("Chưa chọn tệp để nhập.")})
    limit = files_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationFailed({"file": gettext("Tệp quá lớn: tối đa %(size)s MB.") % {"size": limit // (1024 * 1024)}})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed({"file": gettext("Tệp quá lớn: tối đa %(size)s MB.") % {"size": limit // (1024 * 1024)}})
    if not data:
        raise ValidationFailed({"file": gettext("Tệp rỗng, không có dữ liệu để nhập.")})
    name = upload.name or ""
    kind = detect_type(data)
    ext = extension_of(name)
    if kind == XLSX and ext in ("", ".xlsx"):
        return name, _xlsx_rows(data)
    if kind == TEXT and ext in ("", ".csv", ".txt"):
        return name, _csv_rows(data)
    raise ValidationFailed(
        {"file": gettext("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (UTF-8) theo mẫu; tệp đã chọn không đúng loại.")}
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable workbook is the same error to the user
        raise ValidationFailed({"file": gettext("Không đọc được tệp Excel.")}) from exc
    ws = wb.worksheets[0]
    rows = []
    for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if n == 1:
            continue  # the heading row of the template
        cells = [_text(v) for v in values][: len(COLUMNS)]
        rows.append((n, cells + [""] * (len(COLUMNS) - len(cells))))
        if len(rows) > MAX_ROWS:
            raise ValidationFailed(
                {"file": gettext("Tệp có quá %(MAX_ROWS)s dòng; hãy chia nhỏ tệp.") % {"MAX_ROWS": MAX_ROWS}}
            )
    wb.close()
    return [(n, cells) for n, cells in rows if any(cells)]


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    text = data.decode("utf-8-sig")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = []
    for n, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if n == 1:
            continue
        cells = [v.strip() for v in values][: len(COLUMNS)]
        rows.append((n, cells + [""] * (len(COLUMNS) - len(cells))))
        if len(rows) > MAX_ROWS:
            raise ValidationFailed(
                {"file": gettext("Tệp có quá %(MAX_ROWS)s dòng; hãy chia nhỏ tệp.") % {"MAX_ROWS": MAX_ROWS}}
            )
    return [(n, cells) for n, cells in rows if any(cells)]


def _parse_row(
    n: int, cells: list[str], *, user: User, units: dict[str, Unit], names: AcceptedNames
) -> tuple[dict, list[str]]:
    """The intake arguments of one row, or the errors of its cells (before the service sees it)."""
    v = dict(zip([f for _letter, _heading, f in COLUMNS], cells, strict=True))
    errors: list[str] = []
    received_on = None
    try:
        received_on = dt.datetime.strptime(v["received_on"], "%d/%m/%Y").date()
    except ValueError:
        errors.append(_cell_error(n, "received_on", gettext("ngày không đúng định dạng dd/mm/yyyy.")))
    kind = names.kinds.get(_fold(v["kind"]))
    if kind is None:
        errors.append(_cell_error(n, "kind", gettext("phải là Khiếu nại, Tố cáo hoặc Kiến nghị, phản ánh.")))
    channel = names.channels.get(_fold(v["channel"] or Channel.LETTER))
    if channel is None:
        errors.append(
            _cell_error(n, "channel", gettext("không rõ hình thức “%(channel)s”.") % {"channel": v["channel"]})
        )
    unit = units.get(v["unit"].strip().upper()) if v["unit"] else None
    if unit is None or not unit_is_visible(user=user, unit=unit, roles=REPORT_ROLES):
        errors.append(
            _cell_error(
                n, "unit", gettext("không có đơn vị mã “%(code)s” trong phạm vi của bạn.") % {"code": v["unit"]}
            )
        )
    subject_unit = None
    if v["subject_unit"]:
        # The intake's own rule and words: a code naming no unit and one outside the reader's units
        # get the same answer, so the import never tells which codes exist.
        subject_unit = units.get(v["subject_unit"].strip().upper())
        if refusal := intake_subject_unit_refusal(actor=user, subject_unit=subject_unit):
            errors.append(
                _cell_error(
                    n,
                    "subject_unit",
                    gettext("%(refusal)s (mã “%(code)s”).")
                    % {"refusal": str(refusal).rstrip("."), "code": v["subject_unit"]},
                )
            )
    name = v["submitters"]
    anonymous = kind == Kind.DENUNCIATION and not name
    args = dict(
        kind=kind,
        channel=channel,
        received_on=received_on,
        unit=unit,
        title=v["title"],
        content=v["content"],
        submitters=[] if anonymous else [SubmitterData(full_name=name, phone=v["phone"], address=v["address"])],
        subject_unit=subject_unit,
        subject_person=v["subject_person"],
        anonymous=anonymous,
    )
    return args, errors


def registers_import(*, actor: User, upload: UploadedFile | None, dry_run: bool) -> ImportResult:
    """Check (and unless `dry_run`, write) every row; nothing is written unless every row is valid."""
    name, raw_rows = read_upload(upload)
    codes = {c.strip() for _row, cells in raw_rows for c in (cells[3], cells[9]) if c.strip()}
    lookup = codes | {c.upper() for c in codes}
    units = {u.code.upper(): u for u in Unit.objects.filter(code__in=lookup)}
    names = AcceptedNames.build()
    result = ImportResult(file_name=name, rows=[], dry_run=dry_run)
    if not raw_rows:
        result.file_errors.append(gettext("Tệp không có dòng dữ liệu nào (dòng 1 là dòng tiêu đề)."))
    with transaction.atomic():
        for n, cells in raw_rows:
            args, errors = _parse_row(n, cells, user=actor, units=units, names=names)
            row = RowResult(row=n, title=args["title"], errors=errors)
            result.rows.append(row)
            if errors:
                continue
            try:
                with transaction.atomic():  # a savepoint per row
                    case = case_intake(actor=actor, **args)
                row.reference = case.reference
            except ValidationFailed as exc:
                for field_name, messages in exc.fields.items():
                    key = "submitters" if field_name in ("submitters", "phone", "email") else field_name
                    row.errors.extend(_cell_error(n, key, m) for m in messages)
            except ApplicationError as exc:  # no right to register letters for that unit
                row.errors.append(_cell_error(n, "unit", exc.message))
        if result.valid and not dry_run:
            audit_record(
                actor=actor,
                action="report.import",
                target=("cases.case", "import"),
                unit=None,
                # No file name: a register's may name a sender or a denouncer ("don-to-cao-cua-…"), and an
                # event of no unit is read by the administrators of every unit (Luật Tố cáo 2018 Đ.47
                # khoản 1; a name is personal data, Luật Bảo vệ dữ liệu cá nhân 2025 Đ.2 khoản 1). The
                # references name the cases, each read under its own unit.
                after={
                    "rows": len(result.rows),
                    "references": [r.reference for r in result.rows],
                    "written": True,
                },
            )
            result.written = True
        else:
            # Dry run or a bad row: roll everything back; nothing of this file stays.
            transaction.set_rollback(True)
    if not result.written:
        for r in result.rows:
            r.reference = ""
        audit_record_standalone(
            actor=actor,
            action="report.import",
            target=("cases.case", "import"),
            unit=None,
            after={
                "rows": len(result.rows),
                "errors": result.error_count,
                "dry_run": dry_run,
                "written": False,
            },
        )
    return result


def template_rows() -> list[list[Any]]:
    """One example row, so the template shows the expected formats; the kind and the channel by their
    labels in the reader's language, which the import reads back."""
    return [
        [
            dt.date(2025, 11, 3),
            str(Kind.COMPLAINT.label),
            str(Channel.LETTER.label),
            "MA_DON_VI",
            "Khiếu nại về việc chi quỹ phúc lợi",
            "Nội dung đơn …",
            "Nguyễn Văn A",
            "0912345678",
            "Thái Bình",
            "",
            "",
        ]
    ]
