"""Request metadata (IP, user agent, request id) for audit events, set by the middleware."""

from __future__ import annotations

import contextvars

request_meta: contextvars.ContextVar[dict | None] = contextvars.ContextVar("audit_request_meta", default=None)


def current_meta() -> dict:
    return dict(request_meta.get() or {})
