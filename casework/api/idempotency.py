"""The `Idempotency-Key` header for endpoints that create things (intake).

The first request with a key runs and its successful answer is stored with a fingerprint
of the request. A retry with the same key and the same request gets the stored answer and
creates nothing; the same key with a different request answers 422. Failed answers are not
stored, so the client may correct the request and retry with the same key. A key is kept for
API_IDEMPOTENCY_KEEP_HOURS (24 by default): a retry later than that is a new request.

What the answer shows once and no table may keep (the receipt code of a letter sent on the public
API, stored only as a hash) is not stored with it: such a field is declared with `idempotent_with`,
the view derives its value from `idempotency_seed` (passed as a keyword argument) through a keyed
HMAC, the row keeps the field empty, and a replay puts the value derived again in its place. The
seed joins the key row's id, its owner and the key the client sent; the HMAC is keyed with
SECRET_KEY, so the row alone does not give the value back, and a key sent again after its row was
deleted (a new request) gets a new row and so a new value.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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


ViewMethod = Callable[..., Response]


def idempotent(view_method: ViewMethod) -> ViewMethod:
    """Decorate a view method (post) so it honours the Idempotency-Key header."""
    return idempotent_with()(view_method)


def key_digest(key: str) -> str:
    """What the key row keeps of the client's key: its SHA-256. The key itself is a seed of the
    fields derived for the answer (a public letter's receipt code), so no table holds it."""
    return hashlib.sha256(key.encode()).hexdigest()


def idempotency_seed(record: IdempotencyKey, key: str) -> bytes:
    """The value a request's derived fields come from: its key row (unique over time, as ids are not
    reused) and the key as the client sent it. Not secret by itself: derive through a keyed HMAC
    (casework.cases.receipts.receipt_code_from)."""
    return f"casework.api.idempotency\n{record.pk}\n{record.owner}\n{key}".encode()


def idempotent_with(
    *, derived: Mapping[str, Callable[[bytes], Any]] | None = None
) -> Callable[[ViewMethod], ViewMethod]:
    """`idempotent`, for a view whose answer holds fields that must not be stored: `derived` maps each
    such field of the answer to how its value is derived from the seed. The view is called with
    `idempotency_seed=` (None without a key: the view then makes its own value) and must answer the
    value derived from it; the row keeps the field as null and a replay derives it again."""
    fields = dict(derived or {})

    def decorate(view_method: ViewMethod) -> ViewMethod:
        @functools.wraps(view_method)
        def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
            if fields:
                kwargs["idempotency_seed"] = None
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
                            key=key_digest(key),
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
                    stored = IdempotencyKey.objects.get(owner=owner, key=key_digest(key))
                    if stored.request_hash != fingerprint:
                        return _error(
                            "idempotency_key_reused",
                            gettext("Idempotency-Key này đã được dùng cho một yêu cầu khác."),
                            status.HTTP_422_UNPROCESSABLE_ENTITY,
                        )
                    body = stored.response_body
                    if fields and isinstance(body, dict):
                        seed = idempotency_seed(stored, key)
                        body.update({name: derive(seed) for name, derive in fields.items() if name in body})
                    response = Response(body, status=stored.response_status)
                    response["Idempotent-Replayed"] = "true"
                    return response
                if fields:
                    kwargs["idempotency_seed"] = idempotency_seed(record, key)
                response = view_method(self, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    record.response_status = response.status_code
                    # Stored as the client saw it (dates and decimals already rendered to JSON).
                    body = json.loads(JSONRenderer().render(response.data) or b"null")
                    if fields:
                        body = _without_derived(body, fields, kwargs["idempotency_seed"])
                    record.response_body = body
                    record.save(update_fields=["response_status", "response_body"])
                else:
                    transaction.set_rollback(True)  # forget the key: the client may fix the request and retry
                return response

        return wrapper

    return decorate


def _without_derived(body: Any, fields: Mapping[str, Callable[[bytes], Any]], seed: bytes) -> Any:
    """The answer to store: each derived field emptied, once checked to be what a replay derives
    (a view answering another value would be replayed a wrong one, so it is refused, and its work
    rolled back, rather than stored)."""
    if not isinstance(body, dict):
        raise ImproperlyConfigured("An idempotent view with derived fields must answer an object.")
    for name, derive in fields.items():
        if name in body:
            if body[name] != derive(seed):
                raise ImproperlyConfigured(f"The idempotent view answered a {name} not derived from its seed.")
            body[name] = None
    return body


def idempotency_keys_prune() -> int:
    """Delete the keys older than API_IDEMPOTENCY_KEEP_HOURS (a periodic job); how many went.

    Past that window a retry is a new request. A row holds what should not linger (the sender's
    address in `owner`, the key the client chose); a receipt code is never stored (`idempotent_with`)."""
    cutoff = clock.now() - dt.timedelta(hours=settings.API_IDEMPOTENCY_KEEP_HOURS)
    return delete_in_batches(IdempotencyKey.objects.filter(created_at__lt=cutoff))
