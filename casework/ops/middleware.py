"""Per-request metrics and the X-Request-ID response header.

Placed after `casework.audit.middleware.RequestMetaMiddleware`, whose request id it reuses.
"""

from __future__ import annotations

import logging
import time

from casework.audit.context import current_meta
from casework.ops.logging import safe_request_id
from casework.ops.metrics import LATENCY, REQUESTS

log = logging.getLogger("casework.request")


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        # The route's name, never the path: paths carry ids and would explode the label set.
        view = (match.view_name or "unnamed") if match else "unresolved"
        REQUESTS.labels(view=view, method=request.method, status=str(response.status_code)).inc()
        LATENCY.labels(view=view).observe(elapsed)
        request_id = safe_request_id(current_meta().get("request_id"))
        if request_id != "-" and not response.has_header("X-Request-ID"):
            response["X-Request-ID"] = request_id
        # Method, route name, status and time only: never the path's query, the body or the user.
        log.info(
            "%s %s %s %.1fms",
            request.method,
            view,
            response.status_code,
            elapsed * 1000,
            extra={"view": view, "status": response.status_code, "duration_ms": round(elapsed * 1000, 1)},
        )
        return response
