"""The filters of the list of quarterly reports (prefixed: the report page's own form uses unit/year)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import UnitChoiceField
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
