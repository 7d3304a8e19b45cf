"""Request metadata (IP, user agent, request id) for audit events, set by the middleware."""

from __future__ import annotations

import contextvars
import re
import uuid

request_meta: contextvars.ContextVar[dict | None] = contextvars.ContextVar("audit_request_meta", default=None)


def current_meta() -> dict:
    return dict(request_meta.get() or {})


# A client-supplied X-Request-ID is stored in hashed audit metadata and printed in logs: keep
# it short and free of anything that could forge a log line or bloat the chain.
_REQUEST_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._:-]")


def clean_request_id(value: object) -> str:
    return _REQUEST_ID_UNSAFE.sub("", str(value or ""))[:64]


def new_request_id(header: object) -> str:
    return clean_request_id(header) or uuid.uuid4().hex
