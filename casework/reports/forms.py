"""The filters of the list of quarterly reports (prefixed: the report page's own form uses unit/year)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.org.fields import UnitChoiceField
from casework.org.models import Unit
from casework.reports.models import QuarterlyReport
from casework.web.list_filters import ALL, all_choices


class ReportFilterForm(forms.Form):
    prefix = "r"

    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=ALL)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quý"),
        choices=all_choices([(1, "I"), (2, "II"), (3, "III"), (4, "IV")]),
        coerce=int,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=all_choices(QuarterlyReport.Status.choices), required=False
    )

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class QuarterlySubmitForm(forms.Form):
    """A unit's quarterly report sent to its superior (the unit and quarter come with the page)."""

    note = forms.CharField(required=False)


class QuarterlyImportForm(forms.Form):
    """A child unit's quarterly figures received as a data file (the service reads and checks it)."""

    file = forms.FileField(required=False, allow_empty_file=True)


class RegistersImportForm(forms.Form):
    """An existing register of letters to check (dry run) or import (the service reads and checks it)."""

    file = forms.FileField(required=False, allow_empty_file=True)


class RegisterExportForm(forms.Form):
    """The register book ordered as a background export (its filters are read by the page itself)."""
