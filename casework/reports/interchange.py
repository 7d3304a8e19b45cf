"""The quarterly report as data: a JSON document with a published schema, for the superior union to consolidate.

A unit (on this system or on another one) sends `quarterly_document(...)`; the superior imports it
(`services.quarterly_report_import`) and its consolidated view counts the figures as received.
The schema is served at /reports/schema/quarterly-report.json and validated with `jsonschema`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator

from casework.areas.selectors import UNCLASSIFIED_CODE
from casework.reports.figures import AREA_FIGURE_KEYS, FIGURE_KEYS, FIGURE_LABELS
from casework.reports.selectors import QuarterlyFigures
from core.errors import ValidationFailed

SCHEMA_ID = "https://casework.local/schemas/quarterly-report/3.json"
SCHEMA_NAME = "casework.quarterly-report/3"
# Version 1 had no row for terminations (đình chỉ việc giải quyết): its "resolved" counted them. The
# import still takes a version 1 document as it was sent, its figures as they are; it cannot carry
# the rows version 2 added.
SCHEMA_NAME_V1 = "casework.quarterly-report/1"
SCHEMA_NAME_V2 = "casework.quarterly-report/2"
SCHEMA_NAMES = (SCHEMA_NAME_V1, SCHEMA_NAME_V2, SCHEMA_NAME)
ADDED_IN_V2 = ("terminated", "terminated_withdrawn")
# Version 3 breaks the discipline decisions down by every form of QĐ 5130/QĐ-TLĐ (figures.FIGURE_SECTIONS
# VII); a document of version 1 or 2 is imported with the forms it has, the others 0.
ADDED_IN_V3 = ("discipline_ha_bac_luong", "discipline_buoc_thoi_viec", "discipline_giai_tan")

QUARTERLY_REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Báo cáo quý công tác kiểm tra, giải quyết đơn thư (số liệu gửi công đoàn cấp trên)",
    "type": "object",
    "description": (
        "Phiên bản 2 (casework.quarterly-report/2) thêm chỉ tiêu đình chỉ việc giải quyết (terminated, "
        "terminated_withdrawn), tách khỏi số đã giải quyết (resolved). Tài liệu phiên bản 1 vẫn hợp lệ: "
        "số đã giải quyết của nó gồm cả các vụ việc bị đình chỉ. Phiên bản 3 (casework.quarterly-report/3) "
        "đếm quyết định kỷ luật (discipline_total) theo kết quả bỏ phiếu kín của cơ quan có thẩm quyền "
        "(QĐ 5130/QĐ-TLĐ), mỗi quyết định một lần, và thêm các hình thức hạ bậc lương, buộc thôi việc, "
        "giải tán (discipline_ha_bac_luong, discipline_buoc_thoi_viec, discipline_giai_tan); tài liệu "
        "phiên bản 1, 2 vẫn hợp lệ, không có các chỉ tiêu đó. Số liệu tồn đọng, quá hạn tính đến ngày "
        "cuối quý (hoặc ngày lập nếu quý chưa kết thúc)."
    ),
    "required": ["schema", "unit", "period", "generated_at", "figures"],
    "additionalProperties": False,
    "allOf": [
        {
            "if": {"properties": {"schema": {"const": SCHEMA_NAME_V1}}},
            "then": {
                "properties": {
                    "figures": {"propertyNames": {"not": {"enum": list(ADDED_IN_V2)}}},
                    "areas": {
                        "items": {"properties": {"figures": {"propertyNames": {"not": {"enum": list(ADDED_IN_V2)}}}}}
                    },
                }
            },
        },
        {
            "if": {"properties": {"schema": {"enum": [SCHEMA_NAME_V1, SCHEMA_NAME_V2]}}},
            "then": {"properties": {"figures": {"propertyNames": {"not": {"enum": list(ADDED_IN_V3)}}}}},
        },
    ],
    "properties": {
        "schema": {"enum": list(SCHEMA_NAMES)},
        "unit": {
            "type": "object",
            "required": ["code", "name"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "minLength": 1, "maxLength": 32},
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
            },
        },
        "period": {
            "type": "object",
            "required": ["year", "quarter"],
            "additionalProperties": False,
            "properties": {
                "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                "quarter": {"type": "integer", "minimum": 1, "maximum": 4},
            },
        },
        "generated_at": {"type": "string", "format": "date-time", "maxLength": 40},
        "as_of": {
            "type": "string",
            "format": "date",
            "maxLength": 10,
            "description": "Ngày tính số đơn tồn đọng, quá hạn: ngày cuối quý, hoặc ngày lập nếu quý chưa kết thúc.",
        },
        "figures": {
            "type": "object",
            "description": "Số liệu theo mã chỉ tiêu; chỉ tiêu không có mặt được tính là 0.",
            "propertyNames": {"enum": FIGURE_KEYS},
            "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 10**9},
        },
        "labels": {
            "type": "object",
            "description": "Tên chỉ tiêu (để đọc; không dùng khi nhập).",
            "additionalProperties": {"type": "string", "maxLength": 255},
        },
        "areas": {
            "type": "array",
            "description": (
                "Số liệu theo lĩnh vực: mỗi lĩnh vực một dòng, theo mã ổn định và tên lĩnh vực đang áp dụng "
                "trong kỳ; mã chua_phan_loai là hồ sơ chưa phân loại. Với mỗi chỉ tiêu, tổng các dòng bằng "
                "số liệu chung (figures)."
            ),
            "maxItems": 200,
            "items": {
                "type": "object",
                "required": ["code", "name", "figures"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,31}$"},
                    "name": {"type": "string", "minLength": 1, "maxLength": 128},
                    "retired": {"type": "boolean"},
                    "figures": {
                        "type": "object",
                        "propertyNames": {"enum": AREA_FIGURE_KEYS},
                        "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 10**9},
                    },
                },
            },
        },
    },
}

_VALIDATOR = Draft202012Validator(QUARTERLY_REPORT_SCHEMA)


def quarterly_document(report: QuarterlyFigures, *, generated_at: dt.datetime) -> dict[str, Any]:
    """The report as the schema's document."""
    return {
        "schema": SCHEMA_NAME,
        "unit": {"code": report.unit.code, "name": report.unit.name},
        "period": {"year": report.period.year, "quarter": report.period.quarter},
        "generated_at": generated_at.isoformat(),
        "as_of": report.period.as_of.isoformat(),
        "figures": {key: int(report.figures.get(key) or 0) for key in FIGURE_KEYS},
        "labels": {key: str(FIGURE_LABELS[key]) for key in FIGURE_KEYS},
        "areas": [
            {
                "code": row.code,
                "name": row.name,
                "retired": row.retired,
                "figures": {key: int(row.figures.get(key) or 0) for key in AREA_FIGURE_KEYS},
            }
            for row in report.areas
        ],
    }


# The document's fields as a reader knows them, by their path in the schema without the row numbers
# (a figure, wherever it stands, by its row's label in the report: figures.FIGURE_LABELS).
FIELD_LABELS: dict[str, Any] = {
    "schema": _("Lược đồ"),
    "unit": _("Đơn vị"),
    "unit.code": _("Mã đơn vị"),
    "unit.name": _("Tên đơn vị"),
    "period": _("Kỳ báo cáo"),
    "period.year": _("Năm"),
    "period.quarter": _("Quý"),
    "generated_at": _("Thời điểm lập"),
    "as_of": _("Ngày tính tồn đọng, quá hạn"),
    "figures": _("Số liệu"),
    "labels": _("Tên chỉ tiêu"),
    "areas": _("Số liệu theo lĩnh vực"),
    "areas.code": _("Mã lĩnh vực"),
    "areas.name": _("Tên lĩnh vực"),
    "areas.retired": _("Lĩnh vực đã thôi dùng"),
    "areas.figures": _("Số liệu của lĩnh vực"),
}
JSON_TYPES = {
    "integer": _("một số nguyên"),
    "string": _("một chuỗi ký tự"),
    "object": _("một đối tượng JSON"),
    "array": _("một danh sách"),
    "boolean": _("true hoặc false"),
}


def field_label(name: str) -> str:
    """A figure by its row's label in the report (without the dash of a sub-row)."""
    label = FIGURE_LABELS.get(name)
    return str(label).removeprefix("— ") if label is not None else str(FIELD_LABELS.get(name, name))


def field_named(path: list[Any]) -> str:
    """“Label” (path) of the value at `path`, with its row of a list; the whole document when empty."""
    if not path:
        return gettext("Tài liệu báo cáo")
    names = [str(part) for part in path if not isinstance(part, int)]
    rows = [part for part in path if isinstance(part, int)]
    label = FIELD_LABELS.get(".".join(names)) or field_label(names[-1])
    dotted = ".".join(str(part) for part in path)
    if rows:
        return gettext("“%(label)s” ở dòng %(row)s (%(path)s)") % {"label": label, "row": rows[0] + 1, "path": dotted}
    return f"“{label}” ({dotted})"


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value) if not isinstance(value, (dict, list)) else ""
    return f"“{text[:40]}”" if text else gettext("giá trị này")


def _schema_error_text(error: Any) -> str:
    """One schema error in Vietnamese, naming the field by its label and its path."""
    path = list(error.absolute_path)
    where = field_named(path)
    kind, limit, value = error.validator, error.validator_value, error.instance
    if "propertyNames" in error.relative_schema_path:
        if kind == "not":
            return gettext("%(where)s: chỉ tiêu %(name)s không có trong phiên bản lược đồ của tài liệu.") % {
                "where": where,
                "name": field_named([*path, value]),
            }
        return gettext("%(where)s: “%(name)s” không phải mã chỉ tiêu của lược đồ.") % {"where": where, "name": value}
    if kind == "required":
        missing = [name for name in limit if isinstance(value, dict) and name not in value]
        return gettext("%(where)s: thiếu %(fields)s.") % {
            "where": where,
            "fields": ", ".join(field_named([*path, name]) for name in missing),
        }
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [name for name in value if name not in known] if isinstance(value, dict) else []
        return gettext("%(where)s: có trường không thuộc lược đồ: %(names)s.") % {
            "where": where,
            "names": ", ".join(f"“{name}”" for name in extra),
        }
    if kind == "type":
        return gettext("%(where)s phải là %(type)s, không phải %(value)s.") % {
            "where": where,
            "type": JSON_TYPES.get(limit, limit),
            "value": _shown(value),
        }
    if kind == "maximum":
        return gettext("%(where)s là %(value)s, lớn hơn mức tối đa %(limit)s.") % {
            "where": where,
            "value": value,
            "limit": limit,
        }
    if kind == "minimum":
        return gettext("%(where)s là %(value)s, nhỏ hơn mức tối thiểu %(limit)s.") % {
            "where": where,
            "value": value,
            "limit": limit,
        }
    if kind in ("enum", "const"):
        allowed = limit if kind == "enum" else [limit]
        return gettext("%(where)s là %(value)s, không phải giá trị được nhận (%(allowed)s).") % {
            "where": where,
            "value": _shown(value),
            "allowed": ", ".join(f"“{item}”" for item in allowed[:6]) + (", …" if len(allowed) > 6 else ""),
        }
    if kind == "minLength":
        return gettext("%(where)s không được để trống.") % {"where": where}
    if kind == "maxLength":
        return gettext("%(where)s dài quá %(limit)s ký tự.") % {"where": where, "limit": limit}
    if kind == "maxItems":
        return gettext("%(where)s có quá %(limit)s dòng.") % {"where": where, "limit": limit}
    if kind == "pattern":
        return gettext(
            "%(where)s là %(value)s, không đúng dạng mã (chữ thường không dấu, chữ số và dấu gạch dưới)."
        ) % {"where": where, "value": _shown(value)}
    return gettext("%(where)s không đúng lược đồ.") % {"where": where}


def quarterly_document_errors(document: Any) -> dict[str, list[str]]:
    """What in `document` breaks the schema, by the path of the offending value ("document" for the whole
    document), each in Vietnamese naming the field by its label and its path."""
    errors: dict[str, list[str]] = {}
    for error in sorted(_VALIDATOR.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        path = ".".join(str(part) for part in error.absolute_path) or "document"
        text = _schema_error_text(error)
        if text not in errors.get(path, []):
            errors.setdefault(path, []).append(text)
    return errors


def quarterly_document_areas(document: dict[str, Any], figures: dict[str, int]) -> list[dict[str, Any]]:
    """The breakdown by lĩnh vực of a valid document, as stored on the report.

    Each figure's rows must add up to the document's total (ValidationFailed naming the figure);
    a document without a breakdown (an older sender) counts wholly as unclassified."""
    rows = document.get("areas")
    if not rows:
        return [
            {
                "code": UNCLASSIFIED_CODE,
                "name": UNCLASSIFIED_CODE,
                "retired": False,
                "figures": {key: int(figures.get(key) or 0) for key in AREA_FIGURE_KEYS},
            }
        ]
    codes = [row["code"] for row in rows]
    if len(set(codes)) != len(codes):
        raise ValidationFailed({"areas": gettext("Mỗi lĩnh vực chỉ được có một dòng.")})
    errors = {}
    for key in AREA_FIGURE_KEYS:
        total = sum(int(row["figures"].get(key, 0)) for row in rows)
        if total != int(figures.get(key) or 0):
            errors[f"areas.{key}"] = gettext(
                "Tổng theo lĩnh vực của “%(label)s” (areas.*.figures.%(key)s) là %(sum)s, khác số liệu chung "
                "%(total)s (figures.%(key)s)."
            ) % {"label": field_label(key), "key": key, "sum": total, "total": int(figures.get(key) or 0)}
    if errors:
        raise ValidationFailed(errors)
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "retired": bool(row.get("retired")),
            "figures": {key: int(row["figures"].get(key, 0)) for key in AREA_FIGURE_KEYS},
        }
        for row in rows
    ]
