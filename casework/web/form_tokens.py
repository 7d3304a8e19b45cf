"""One-time tokens of the web forms that create a record: a form posted twice (a double click, a
browser retry, the back button and resend) creates its record once.

Each rendering of such a form carries a hidden `form_token` (the `{% form_token form %}` tag): signed
with the secret key, it names the user (none on the public form), the form and when it was issued,
around a random nonce, and carries a second random value the server never stores (`token_secret`).
Issuing writes nothing. `casework.web.actions.form_create` spends the nonce: a `SpentFormToken` row,
unique on the nonce, is inserted in the transaction that creates the record and keeps the record's
page. A repeat finds that row (on PostgreSQL a concurrent repeat waits on the unique index until the
first commits) and is sent to the page of the record the first post created.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from casework.web.models import SpentFormToken
from core import clock
from core.pruning import delete_in_batches

FIELD = "form_token"
SALT = "casework.web.form_tokens"
# A working day and its evening: a form left open overnight is re-shown with its input and a new token.
MAX_AGE = dt.timedelta(hours=24)


def form_name(form: forms.Form) -> str:
    """The name a token is issued for: the form's class (a token of another form is refused)."""
    cls = type(form)
    return f"{cls.__module__}.{cls.__qualname__}"


def token_issue(*, user: Any, form: forms.Form) -> str:
    payload = {
        "u": user.pk,
        "f": form_name(form),
        "n": secrets.token_hex(16),
        "k": secrets.token_hex(16),
        "t": int(clock.now().timestamp()),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def token_nonce(*, request: HttpRequest, form: forms.Form | None) -> str | None:
    """The nonce of the token posted with `form`, or None when there is none, it was not issued by
    this site, or it was issued to another user, for another form, or more than MAX_AGE ago.
    With no form, any form's token of this user (to find a post already spent)."""
    payload = _payload(request=request, form=form)
    return None if payload is None else payload["n"]


def token_secret(*, request: HttpRequest, form: forms.Form) -> bytes | None:
    """The random value of the token posted with `form` that is in no table, or None (as `token_nonce`).

    What a resend must show again and no row may keep is derived from it: the receipt code of a
    letter sent on the public form is shown once and stored only as a hash.
    """
    payload = _payload(request=request, form=form)
    secret = None if payload is None else payload.get("k")
    if not isinstance(secret, str) or len(secret) != 32:
        return None
    try:
        return bytes.fromhex(secret)
    except ValueError:
        return None


def _payload(*, request: HttpRequest, form: forms.Form | None) -> dict[str, Any] | None:
    value = request.POST.get(FIELD, "")
    try:
        payload = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("n"), str) or not isinstance(payload.get("t"), int):
        return None
    if payload.get("u") != request.user.pk or (form is not None and payload.get("f") != form_name(form)):
        return None
    issued = dt.datetime.fromtimestamp(payload["t"], tz=dt.UTC)
    if not dt.timedelta(0) <= clock.now() - issued <= MAX_AGE:
        return None
    return payload


def token_missing_allowed(*, request: HttpRequest) -> bool:
    """A post with no token at all: refused unless FORM_TOKENS_REQUIRED is off (the test settings, for
    the tests that post a form without rendering it first, as Django's test client skips CSRF)."""
    return FIELD not in request.POST and not settings.FORM_TOKENS_REQUIRED


def token_spent(*, nonce: str) -> SpentFormToken | None:
    """The record page of a nonce already spent (committed), if any."""
    return SpentFormToken.objects.filter(nonce=nonce).exclude(url="").first()


def token_spend(*, nonce: str, request: HttpRequest, form: forms.Form) -> SpentFormToken | None:
    """Spend `nonce` in the caller's transaction: the new row, or None when another post spent it first
    (on PostgreSQL the insert waits for that post's transaction and fails once it has committed)."""
    try:
        with transaction.atomic():
            return SpentFormToken.objects.create(
                nonce=nonce,
                user=request.user if request.user.is_authenticated else None,
                form=form_name(form)[:200],
                spent_at=clock.now(),
            )
    except IntegrityError:
        return None


def spent_tokens_prune() -> int:
    """Delete the spent tokens older than FORM_TOKENS_KEEP_DAYS (a periodic job); how many went.

    A row is what stops a resend only while its token is still accepted: a token posted more than
    MAX_AGE after it was issued is refused as expired, so a period shorter than MAX_AGE is not used.
    """
    keep = max(dt.timedelta(days=settings.FORM_TOKENS_KEEP_DAYS), MAX_AGE)
    return delete_in_batches(SpentFormToken.objects.filter(spent_at__lt=clock.now() - keep))
