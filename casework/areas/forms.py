"""The subject-area field every triage form and list filter uses (choices read when the form is built)."""

from __future__ import annotations

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


class SubjectAreaField(forms.ChoiceField):
    """Lĩnh vực chosen at triage: the areas in force today (retired ones are not offered)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Lĩnh vực"))
        super().__init__(choices=_offered, **kwargs)


class SubjectAreaFilterField(forms.ChoiceField):
    """Lĩnh vực in a list filter: every area ever defined, and "Chưa phân loại" for records without one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Lĩnh vực"))
        kwargs.setdefault("required", False)
        super().__init__(choices=_every_area, **kwargs)


class SubjectAreaChangeForm(forms.Form):
    subject_area = SubjectAreaField()
    reason = forms.CharField(label=_("Lý do đổi lĩnh vực"), widget=forms.Textarea(attrs={"rows": 2}))
