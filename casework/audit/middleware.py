from __future__ import annotations

from casework.audit.context import new_request_id, request_meta


class RequestMetaMiddleware:
    """Carries IP, user agent and a request id to every audit event written during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = {
            "ip": request.META.get("REMOTE_ADDR", ""),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "request_id": new_request_id(request.META.get("HTTP_X_REQUEST_ID")),
        }
        token = request_meta.set(meta)
        try:
            return self.get_response(request)
        finally:
            request_meta.reset(token)
