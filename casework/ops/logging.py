"""Log records: the request id on each, personal data of denouncers kept out, JSON or text lines.

Selected in settings.LOGGING by LOG_FORMAT (text in development, json in settings.prod).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from casework.audit.context import clean_request_id, current_meta

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


class RequestIdFilter(logging.Filter):
    """Puts the request id of the current request or Celery task (casework.audit.context) on the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = safe_request_id(current_meta().get("request_id"))
        return True


class RedactFilter(logging.Filter):
    """Redacts sensitive keys in `extra` and in dict arguments; drops request objects."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key in list(vars(record)):
            if key in _STANDARD_ATTRS:
                continue
            if key in _DROPPED_EXTRAS:
                delattr(record, key)
            elif SENSITIVE_KEY.search(key):
                setattr(record, key, REDACTED)
            else:
                setattr(record, key, redact(getattr(record, key)))
        if isinstance(record.args, dict):
            record.args = redact(record.args)
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, dict) else a for a in record.args)
        return True


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
