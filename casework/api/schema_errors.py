"""Every operation documents the error statuses it can answer (a drf-spectacular postprocessing hook).

The statuses come from what answers them, not from each view: the edge refuses malformed input
(400, always with `fields`) and oversized bodies (413) for every route; authentication answers
401/403; an id in the path that matches nothing, or lies outside the reader's units, 404; a
state-changing action on an object in the wrong state 409; the public and token endpoints are
throttled (429). Statuses a view documents itself are kept as they are.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ERROR = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "detail": {"type": "string"}},
    "required": ["code", "detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["code", "detail", "fields"],
}
TRANSITION_ERROR = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "allowed_actions": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["code", "detail"],
}

DESCRIPTIONS = {
    "400": _("Dữ liệu không hợp lệ (lỗi theo từng trường trong `fields`)"),
    "401": _("Chưa đăng nhập hoặc token không hợp lệ"),
    "403": _("Không có quyền, hoặc cần xác thực hai lớp"),
    "404": _("Không có hoặc ngoài phạm vi của người dùng"),
    "409": _("Hành động không được phép ở trạng thái hiện tại, hoặc hồ sơ vừa bị người khác thay đổi"),
    "413": _("Dữ liệu gửi lên quá lớn"),
    "415": _("Kiểu nội dung không được hỗ trợ"),
    "429": _("Gửi quá nhiều yêu cầu"),
}
THROTTLED_PREFIXES = ("/api/public/", "/api/auth/token/")
BODY_METHODS = {"post", "put", "patch"}


def _response(status: str, component: str) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def _statuses(path: str, method: str, operation: dict[str, Any]) -> dict[str, str]:
    """status → component name for this operation."""
    statuses = {"400": "ValidationError"}
    security = operation.get("security")
    anonymous = security is None or {} in security or path.startswith(THROTTLED_PREFIXES)
    if not anonymous:
        statuses.update({"401": "Error", "403": "Error"})
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        statuses["404"] = "Error"
    if method in BODY_METHODS:
        statuses.update({"413": "Error", "415": "Error"})
        if "{" in path and not anonymous:
            statuses["409"] = "TransitionError"
    if path.startswith(THROTTLED_PREFIXES):
        statuses["429"] = "Error"
    return statuses


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    schemas.setdefault("TransitionError", TRANSITION_ERROR)
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, component in _statuses(path, method, operation).items():
                responses.setdefault(status, _response(status, component))
    return result
