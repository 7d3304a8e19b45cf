"""Ids from requests: a query parameter read outside a filter form (a bad one answers 400), and
many ids in one form field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

ID_FIELD = forms.IntegerField(min_value=1, max_value=2**63 - 1)


def id_param(query: QueryDict, name: str) -> int | None:
    """The positive integer in `query[name]`, None when absent or empty; BadRequest naming it otherwise."""
    raw = query.get(name)
    if raw in (None, ""):
        return None
    try:
        return ID_FIELD.clean(raw)
    except ValidationError as exc:
        raise BadRequest(_("Tham số %(name)s phải là một mã số.") % {"name": name}) from exc


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField whose ids are checked as integers in the database's range first:
    the `pk__in` lookup it runs does not guard against out-of-range ids (OverflowError on SQLite)."""

    def clean(self, value):
        for item in value or []:
            try:
                ID_FIELD.clean(item)
            except ValidationError as exc:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                ) from exc
        return super().clean(value)
