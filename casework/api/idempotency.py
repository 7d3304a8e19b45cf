"""The `Idempotency-Key` header for endpoints that create things (intake).

The first request with a key runs and its successful answer is stored with a fingerprint
of the request. A retry with the same key and the same request gets the stored answer and
creates nothing; the same key with a different request answers 422. Failed answers are not
stored, so the client may correct the request and retry with the same key. A key is kept for
API_IDEMPOTENCY_KEEP_HOURS (24 by default): a retry later than that is a new request.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from casework.api.models import IdempotencyKey
from core import clock
from core.pruning import delete_in_batches

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def client_ip(request: Request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _owner(request: Request) -> str:
    user = request.user
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def request_fingerprint(request: Request) -> str:
    def describe(value: Any) -> Any:
        if hasattr(value, "read") and hasattr(value, "size"):  # an uploaded file
            return {"file": getattr(value, "name", ""), "size": value.size}
        return value

    data = request.data
    if hasattr(data, "lists"):  # QueryDict / MultiValueDict from form posts
        data = {k: [describe(v) for v in values] for k, values in data.lists()}
    payload = json.dumps({"method": request.method, "path": request.path, "data": data}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _error(code: str, detail: str, http_status: int) -> Response:
    return Response({"code": code, "detail": detail}, status=http_status)


def idempotent(view_method: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a view method (post) so it honours the Idempotency-Key header."""

    @functools.wraps(view_method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            return Response(
                {
                    "code": "invalid",
                    "detail": gettext("Dữ liệu không hợp lệ"),
                    "fields": {HEADER: [gettext("Khóa quá dài.")]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        owner, fingerprint = _owner(request), request_fingerprint(request)
        # The key row is inserted first, in the same transaction as the work: a concurrent
        # retry blocks on the unique index until this one commits, then sees the stored answer.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(
                        owner=owner,
                        key=key,
                        user=request.user if request.user.is_authenticated else None,
                        method=request.method,
                        path=request.path[:255],
                        request_hash=fingerprint,
                        response_status=0,
                        created_at=clock.now(),
                    )
            except IntegrityError:
                record = None
            if record is None:
                stored = IdempotencyKey.objects.get(owner=owner, key=key)
                if stored.request_hash != fingerprint:
                    return _error(
                        "idempotency_key_reused",
                        gettext("Idempotency-Key này đã được dùng cho một yêu cầu khác."),
                        status.HTTP_422_UNPROCESSABLE_ENTITY,
                    )
                response = Response(stored.response_body, status=stored.response_status)
                response["Idempotent-Replayed"] = "true"
                return response
            response = view_method(self, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                record.response_status = response.status_code
                # Stored as the client saw it (dates and decimals already rendered to JSON).
                record.response_body = json.loads(JSONRenderer().render(response.data) or b"null")
                record.save(update_fields=["response_status", "response_body"])
            else:
                transaction.set_rollback(True)  # forget the key: the client may fix the request and retry
            return response

    return wrapper


def idempotency_keys_prune() -> int:
    """Delete the keys older than API_IDEMPOTENCY_KEEP_HOURS (a periodic job); how many went.

    Past that window a retry is a new request. A stored answer may hold what should not linger (the
    receipt code of a letter sent on the public API, the sender's address in `owner`)."""
    cutoff = clock.now() - dt.timedelta(hours=settings.API_IDEMPOTENCY_KEEP_HOURS)
    return delete_in_batches(IdempotencyKey.objects.filter(created_at__lt=cutoff))
