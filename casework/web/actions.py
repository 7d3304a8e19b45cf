"""The one way pages run a POSTed action: find the action the page offers, validate its form, call
its service, and show a refusal on the form (field errors under their fields, the rest on top), or,
for an action with no form of its own, as a message on the page it returns to."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest

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
    if isinstance(exc, ValidationFailed) and exc.fields:
        return " ".join(str(m) for ms in exc.fields.values() for m in ms)
    return exc.message


def message_service_error(request: HttpRequest, exc: ApplicationError) -> None:
    """Show a service's refusal of a formless action as an error message. Out of scope is a 404."""
    if isinstance(exc, OutOfScope):
        raise Http404(exc.message) from exc
    messages.error(request, service_error_text(exc))


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
