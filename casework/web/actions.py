"""The one way pages run a POSTed action: find the action the page offers, validate its form, call
its service, and show a refusal on the form (field errors under their fields, the rest on top), or,
for an action with no form of its own, as a message on the page it returns to."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.web import form_tokens
from core.errors import ApplicationError, OutOfScope, ValidationFailed

T = TypeVar("T")


def action_for(name: str, actions: Mapping[str, T], *, offered: Collection[str] | None = None) -> T:
    """The entry of `actions` for the POSTed action `name`.

    An unknown name answers 404; so does one the page does not offer the user when `offered` is given
    (without it, the service is asked and says why it refuses).
    """
    if name not in actions or (offered is not None and name not in offered):
        raise Http404
    return actions[name]


def form_add_service_error(
    form: forms.Form, exc: ApplicationError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Put a service's refusal onto `form`: each field's messages under that field (or its alias on
    this form), anything else as a form-wide error. Out of scope is a 404, as everywhere."""
    if isinstance(exc, OutOfScope):
        raise Http404(exc.message) from exc
    if isinstance(exc, ValidationFailed) and exc.fields:
        for field, errors in exc.fields.items():
            name = field if field in form.fields else (aliases or {}).get(field, field)
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
        return
    form.add_error(None, exc.message)


def service_error_text(exc: ApplicationError) -> str:
    """A refusal as one sentence: the field messages of a ValidationFailed, else its message."""
    return exc.text


def message_service_error(request: HttpRequest, exc: ApplicationError) -> None:
    """Show a service's refusal of a formless action as an error message. Out of scope is a 404."""
    if isinstance(exc, OutOfScope):
        raise Http404(exc.message) from exc
    messages.error(request, service_error_text(exc))


def message_refused(request: HttpRequest, title: str, anchor: str) -> None:
    """Say at the top of a page shown again after a refused action that nothing was done, with a link
    to the form (id `anchor`) that shows why: the page opens at its top, the form may be far below."""
    messages.error(
        request,
        format_html(
            '{} <a href="#{}">{}</a>',
            _("%(action)s: chưa thực hiện được.") % {"action": title},
            anchor,
            _("Xem lỗi ở biểu mẫu"),
        ),
    )


def form_submit(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    aliases: Mapping[str, str] | None = None,
) -> bool:
    """Validate `form` and call the service with its cleaned data. True when it was done (the user is
    told `success`); False with the errors on the form when the input or the service refused it."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ApplicationError as exc:
        form_add_service_error(form, exc, aliases=aliases)
        return False
    messages.success(request, success)
    return True


TOKEN_REFUSED = gettext_lazy(
    "Biểu mẫu đã hết hạn hoặc không hợp lệ nên chưa được lưu. Vui lòng kiểm tra lại rồi gửi lại."
)


def form_create(
    request: HttpRequest,
    form: forms.Form,
    create: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str],
    url: Callable[[T], str],
    aliases: Mapping[str, str] | None = None,
) -> HttpResponse | None:
    """Run a form that creates a record, once per rendering of the form (casework.web.form_tokens).

    Validate `form`, spend its one-time token and call `create` with its cleaned data, in one
    transaction: the redirect to `url(record)` (the user is told `success`), or None with the errors on
    the form. A repeat of a post that created its record (double click, retry, back and resend) is sent
    to that record's page and creates nothing; a token that is missing, expired, forged, or another
    user's or another form's is refused on the form, which is shown again with its input.
    """
    created = form_create_once(request, form, create, url=url, aliases=aliases)
    record, page = created
    if record is None:
        return already_saved(request, page) if page else None
    messages.success(request, success(record) if callable(success) else success)
    return redirect(page)


def form_create_once(
    request: HttpRequest,
    form: forms.Form,
    create: Callable[[dict[str, Any]], T],
    *,
    url: Callable[[T], str],
    aliases: Mapping[str, str] | None = None,
    kept: Callable[[T], bool] | None = None,
) -> tuple[T | None, str]:
    """`form_create` for a page that answers in its own way: validate, spend the token and create.

    (record, its page) when this post created it; (None, a page) when an earlier post of the same
    form did, which is the page of that record; (None, "") when it was refused, with the errors on the
    form. With `kept`, a result it answers False for created nothing (an import with a bad row): it is
    returned with no page, and the token stays unspent so that the corrected form can be resent.
    """
    nonce = form_tokens.token_nonce(request=request, form=form)
    if nonce is None and not form_tokens.token_missing_allowed(request=request):
        form.is_valid()  # the field errors too, so that one resend fixes everything
        form.add_error(None, TOKEN_REFUSED)
        return None, ""
    if nonce is not None and (spent := form_tokens.token_spent(nonce=nonce)) is not None:
        return None, spent.url
    if not form.is_valid():
        return None, ""
    with transaction.atomic():
        token = form_tokens.token_spend(nonce=nonce, request=request, form=form) if nonce else None
        if nonce and token is None:
            spent = form_tokens.token_spent(nonce=nonce)
            if spent is None:  # not expected (the other post committed its row with its page); resend
                form.add_error(None, TOKEN_REFUSED)
                return None, ""
            return None, spent.url
        try:
            record = create(form.cleaned_data)
        except ApplicationError as exc:
            transaction.set_rollback(True)  # unspend the token: the user corrects the form and resends it
            form_add_service_error(form, exc, aliases=aliases)
            return None, ""
        if kept is not None and not kept(record):
            # Not a rollback: what the refusal recorded (its audit event) stays.
            if token is not None:
                token.delete()
            return record, ""
        target = url(record)
        if token is not None:
            token.url = target
            token.save(update_fields=["url"])
    return record, target


def form_errors_text(form: forms.Form) -> str:
    """A refused form's errors as one sentence, for a page that shows them as a message."""
    return " ".join(str(m) for ms in form.errors.values() for m in ms)


def form_repeat_redirected(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate the view of a page's actions so that the repeat of a post that already created its
    record goes to that record before the view asks whether the action is still offered (once a
    follow-up report is made, 'report' no longer is, and the repeat would be a 404)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        nonce = form_tokens.token_nonce(request=request, form=None) if request.method == "POST" else None
        if nonce is not None and (spent := form_tokens.token_spent(nonce=nonce)) is not None:
            return already_saved(request, spent.url)
        return view(request, *args, **kwargs)

    return wrapper


def already_saved(request: HttpRequest, url: str) -> HttpResponse:
    """Send the repeat of a post that already created its record to that record's page, and say so."""
    messages.info(request, _("Biểu mẫu này đã được gửi và lưu trước đó; không tạo thêm bản ghi nào."))
    return redirect(url)
