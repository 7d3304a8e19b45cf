"""The subject-area field every triage form and list filter uses (choices read once per form, when it lists them)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.areas.selectors import UNCLASSIFIED_CODE, UNCLASSIFIED_LABEL, subject_area_choices, subject_areas_all
from casework.web.list_filters import all_choices


def _offered() -> list[tuple[str, str]]:
    return [("", "—"), *subject_area_choices()]


def _every_area() -> list[tuple[str, str]]:
    # A list filter offers retired areas too: older records carry them.
    return all_choices([*[(a.code, str(a)) for a in subject_areas_all()], (UNCLASSIFIED_CODE, str(UNCLASSIFIED_LABEL))])


class _ReadOncePerForm(forms.ChoiceField):
    """Choices read from the database when a form first lists them, and only once for that form: Django
    copies the class's fields into each form it builds, and a callable's choices would be read again
    each time they are iterated (the select's `required` attribute looks at the first one, then the
    select lists them all)."""

    def __init__(self, *, read: Callable[[], list[tuple[str, str]]], **kwargs: Any) -> None:
        self.read = read
        super().__init__(choices=read, **kwargs)

    def __deepcopy__(self, memo: dict) -> Any:
        result = super().__deepcopy__(memo)
        result.choices = functools.cache(self.read)
        return result


class SubjectAreaField(_ReadOncePerForm):
    """Lĩnh vực chosen at triage: the areas in force today (retired ones are not offered)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Lĩnh vực"))
        super().__init__(read=_offered, **kwargs)


class SubjectAreaFilterField(_ReadOncePerForm):
    """Lĩnh vực in a list filter: every area ever defined, and "Chưa phân loại" for records without one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Lĩnh vực"))
        kwargs.setdefault("required", False)
        super().__init__(read=_every_area, **kwargs)


class SubjectAreaChangeForm(forms.Form):
    subject_area = SubjectAreaField()
    reason = forms.CharField(label=_("Lý do đổi lĩnh vực"), widget=forms.Textarea(attrs={"rows": 2}))
