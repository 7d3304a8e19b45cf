"""Field ids on a page that holds several forms.

A label's `for` finds the first element with that id: two forms asking for a "reason" would tie both
labels to the first form's field, and a screen reader would meet the second field with no name. Each
form of such a page therefore names its fields' ids after itself (id_<form>_<field>).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django import forms

F = TypeVar("F", bound=forms.Form)


def form_own_ids(form: F, name: str) -> F:
    """`form`, its fields' ids named after `name` (its action, or its place on the page). A refused
    form's error lists, made when it was validated, take the new ids too: each field's
    aria-describedby names its error list's id."""
    form.auto_id = f"id_{name}_%s"
    if form.is_bound:
        for field, errors in form.errors.items():
            if field in form.fields:
                errors.field_id = form[field].auto_id
    return form


def action_forms_titled(
    action_forms: Mapping[str, forms.Form], titles: Mapping[str, Any]
) -> list[tuple[str, Any, forms.Form]]:
    """The (action, title, form) rows a page of actions renders, each form's ids its own."""
    return [(name, titles[name], form_own_ids(form, name)) for name, form in action_forms.items()]
