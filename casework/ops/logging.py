"""Log records: the request id on each, personal data of denouncers kept out, JSON or text lines.

Selected in settings.LOGGING by LOG_FORMAT (text in development, json in settings.prod).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
import traceback
from typing import Any

from django.db import Error as DjangoDatabaseError
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.views.debug import SafeExceptionReporterFilter

from casework.audit.context import clean_request_id, current_meta

try:
    from psycopg import Error as PsycopgError
except ImportError:  # SQLite-only installs
    PsycopgError = DjangoDatabaseError  # type: ignore[assignment,misc]

REDACTED = "[redacted]"
# Keys that may carry who denounced, complained or petitioned, or how to reach them.
SENSITIVE_KEY = re.compile(
    r"identity|denouncer|submitter|sender|complainant|petitioner|reporter|phone|address|email|"
    r"full_name|citizen_id|id_number|cccd|cmnd|password|token|secret|body|payload",
    re.IGNORECASE,
)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}
# Objects passed as extra by Django (`request` on django.request records) that hold bodies and cookies.
_DROPPED_EXTRAS = {"request"}


def safe_request_id(value: object) -> str:
    return clean_request_id(value) or "-"


def redact(value: Any, depth: int = 0) -> Any:
    """Replace the values of sensitive keys in nested dicts and lists."""
    if depth > 5:
        return REDACTED
    if isinstance(value, dict):
        return {k: (REDACTED if SENSITIVE_KEY.search(str(k)) else redact(v, depth + 1)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, depth + 1) for v in value]
    return value


# A database error's text carries the values of the row or parameters it refused ("Failing row
# contains (...)", "Key (email)=(...) already exists", "invalid input syntax ...: \"...\"", "parameter
# $1 = '...'"): a letter's content or a denouncer's identity (Luật Tố cáo 2018 Đ.47 khoản 1). Writing
# it to a log is processing it (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.2 khoản 6: any activity that acts on
# personal data), and whoever processes it protects it by technical measures (Đ.3 khoản 4).
DATABASE_ERRORS: tuple[type[BaseException], ...] = (DjangoDatabaseError, PsycopgError, sqlite3.Error)
# The lines PostgreSQL appends to a message, should one reach a log line as text.
_DIAGNOSTIC_LINE = re.compile(r"^\s*(DETAIL|CONTEXT|HINT|QUERY|LINE \d+|WHERE):.*$", re.MULTILINE)
_DIAGNOSTIC_NAMES = ("constraint_name", "table_name", "column_name")


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or while handling, innermost first."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return found[::-1]


def database_error_summary(exc: BaseException) -> str:
    """What of a database error may be logged: its class, SQLSTATE and the schema names it reports
    (constraint, table, column); never its message, detail or parameters."""
    parts = [f"{type(exc).__module__}.{type(exc).__qualname__}"]
    source = exc if isinstance(exc, PsycopgError) else exc.__cause__
    diag = getattr(source, "diag", None)
    sqlstate = getattr(source, "sqlstate", None)
    if sqlstate:
        parts.append(f"sqlstate={sqlstate}")
    for name in _DIAGNOSTIC_NAMES:
        value = getattr(diag, name, None) if diag is not None else None
        if value:
            parts.append(f"{name.removesuffix('_name')}={value}")
    return f"{' '.join(parts)} {REDACTED}"


def _database_texts(exc: BaseException) -> list[str]:
    """The texts of the database errors in `exc`'s chain, longest first, to be cut from anything else."""
    texts: set[str] = set()
    for link in _chain(exc):
        if isinstance(link, DATABASE_ERRORS):
            for text in (str(link), *(str(a) for a in link.args)):
                texts.update(t for t in (text, *text.splitlines()) if len(t.strip()) > 3)
    return sorted(texts, key=len, reverse=True)


def _scrub(text: str, texts: list[str]) -> str:
    for known in texts:
        text = text.replace(known, REDACTED)
    return _DIAGNOSTIC_LINE.sub(REDACTED, text)


def _scrub_value(value: Any, texts: list[str]) -> Any:
    if isinstance(value, DATABASE_ERRORS):
        return database_error_summary(value)
    if isinstance(value, BaseException | str):
        return _scrub(str(value), texts)
    return value


def format_exception_redacted(exc: BaseException) -> str:
    """The traceback as `traceback.format_exception` writes it (chain, frames, source lines), with each
    database error's message replaced by `database_error_summary` and its text cut from the others."""
    texts = _database_texts(exc)
    lines: list[str] = []
    for position, link in enumerate(_chain(exc)):
        if position:
            lines.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if link.__cause__ is not None
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        if link.__traceback__ is not None:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(_scrub(line, texts) for line in traceback.format_tb(link.__traceback__))
        if isinstance(link, DATABASE_ERRORS):
            lines.append(database_error_summary(link) + "\n")
        else:
            lines.append(_scrub(f"{type(link).__module__}.{type(link).__qualname__}: {link}", texts) + "\n")
    return "".join(lines).rstrip("\n")


def _redact_exception(record: logging.LogRecord) -> None:
    """Replace the exception of a record that carries a database error by its redacted traceback
    (`exc_text`, which every logging.Formatter writes in place of `exc_info`), and cut the error's
    text from the message and its arguments wherever the caller put it."""
    exc = record.exc_info[1] if record.exc_info else None
    texts = _database_texts(exc) if exc is not None else []
    if exc is not None and texts:
        record.exc_text = format_exception_redacted(exc)
        record.exc_info = None
    record.msg = _scrub_value(record.msg, texts)
    if isinstance(record.args, dict):
        record.args = {k: _scrub_value(v, texts) for k, v in record.args.items()}
    elif isinstance(record.args, tuple):
        record.args = tuple(_scrub_value(a, texts) for a in record.args)


class RequestIdFilter(logging.Filter):
    """Puts the request id of the current request or Celery task (casework.audit.context) on the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = safe_request_id(current_meta().get("request_id"))
        return True


class RedactFilter(logging.Filter):
    """Redacts sensitive keys in `extra` and in dict arguments; drops request objects; keeps a
    database error's message, detail and parameters out of the message and the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_exception(record)
        for key in list(vars(record)):
            if key in _STANDARD_ATTRS:
                continue
            if key in _DROPPED_EXTRAS:
                delattr(record, key)
            elif SENSITIVE_KEY.search(key):
                setattr(record, key, REDACTED)
            elif isinstance(getattr(record, key), BaseException):
                setattr(record, key, _scrub_value(getattr(record, key), []))
            else:
                setattr(record, key, redact(getattr(record, key)))
        if isinstance(record.args, dict):
            record.args = redact(record.args)
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, dict) else a for a in record.args)
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """What an error report (the e-mail to ADMINS, Django's debug page) may show of a request, on top of
    Django's own cleansing of settings and cookies (settings.DEFAULT_EXCEPTION_REPORTER_FILTER).

    The project's forms carry little else than letters, who sent them and reasons that may name them
    (Luật Tố cáo 2018 Đ.47 khoản 1): in production every posted value and every frame's variables are
    cleansed (the names are kept), as `sensitive_post_parameters()` and `sensitive_variables()` would
    do for each view; the client's address and browser, which may identify a citizen, always are."""

    PERSONAL_META = frozenset(
        {"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_USER_AGENT", "HTTP_REFERER", "QUERY_STRING"}
    )

    def _cleansed(self, values: MultiValueDict) -> MultiValueDict:
        cleansed = values.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return self._cleansed(request.POST)

    def get_cleansed_multivaluedict(self, request: HttpRequest | None, multivaluedict: MultiValueDict) -> Any:
        """A QueryDict among a frame's variables (request.POST held by a view)."""
        if not self.is_active(request):
            return super().get_cleansed_multivaluedict(request, multivaluedict)
        return self._cleansed(multivaluedict)

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()

    def get_safe_request_meta(self, request: HttpRequest | None) -> dict[str, Any]:
        meta = super().get_safe_request_meta(request)
        return {k: self.cleansed_substitute if k in self.PERSONAL_META and v else v for k, v in meta.items()}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or safe_request_id(current_meta().get("request_id")),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in _DROPPED_EXTRAS and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for development; the request id even on records that bypassed the filter."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = safe_request_id(current_meta().get("request_id"))
        return super().format(record)
