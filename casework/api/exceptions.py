"""Turn the services' errors into HTTP answers with a machine-readable `code`.

TransitionNotAllowed → 409 with the allowed actions; ConcurrentChange → 409 "conflict"; KeyReused → 422;
ValidationFailed → 400 with field errors; OutOfScope / Http404 → 404 (never 403, so ids
of other units' records reveal nothing).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from casework.edge_errors import api_error_body
from core.errors import (
    ApplicationError,
    ConcurrentChange,
    KeyReused,
    OutOfScope,
    TransitionNotAllowed,
    ValidationFailed,
)


def not_found_detail() -> str:
    """The one 404 text: the same whether the record does not exist or lies outside the user's scope."""
    return gettext("Không tìm thấy.")


def invalid_detail() -> str:
    return gettext("Dữ liệu không hợp lệ")


def _body(code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "detail": detail, **extra}


def _flatten(errors: Any) -> dict[str, list[str]]:
    """DRF's nested error structure → {field: [messages]} with dotted names for nested fields."""
    if isinstance(errors, list):
        return {"non_field_errors": [str(e) for e in errors]}
    result: dict[str, list[str]] = {}
    for field, value in errors.items():
        if isinstance(value, dict):
            for sub, messages in _flatten(value).items():
                result[f"{field}.{sub}"] = messages
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                for sub, messages in _flatten(item).items():
                    result[f"{field}.{index}.{sub}"] = messages
        else:
            result[field] = [str(v) for v in (value if isinstance(value, list) else [value])]
    return result


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, TransitionNotAllowed):
        set_rollback()
        return Response(
            _body(exc.code, exc.message, allowed_actions=list(exc.allowed)), status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, ConcurrentChange):
        set_rollback()
        return Response(_body("conflict", exc.message), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationFailed):
        set_rollback()
        return Response(_body("invalid", exc.message, fields=exc.fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, KeyReused):
        set_rollback()
        return Response(_body(exc.code, exc.message), status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, OutOfScope | Http404 | drf_exceptions.NotFound):
        set_rollback()
        return Response(_body("not_found", not_found_detail()), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, drf_exceptions.ValidationError):
        set_rollback()
        return Response(
            _body("invalid", invalid_detail(), fields=_flatten(exc.detail)), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response(_body(exc.code, exc.message, **exc.extra), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, drf_exceptions.APIException) and isinstance(response.data, dict):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        # Every 400 carries `fields` (the schema's ValidationError shape): a body that does not parse too.
        response.data = api_error_body(response.status_code, code, str(response.data.get("detail", "")))
    return response
