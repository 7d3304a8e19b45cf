"""The filter forms of the inspection lists (flags, inspections, plans, recommendations).

A form only validates what the reader typed; the selectors apply the filters, always inside the
reader's scope, so a filter can narrow a list but never widen it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.areas.forms import SubjectAreaFilterField
from casework.cases.forms import DATE
from casework.inspections.models import Category, Flag, Inspection, InspectionPlan, Recommendation
from casework.org.fields import UnitChoiceField
from casework.org.models import Unit
from casework.web.list_filters import ALL, all_choices
from workflows.forms import deadline_filter_field


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=ALL)
    date_from = forms.DateField(label=_("Từ ngày"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("Đến ngày"), widget=DATE, required=False)

    status_choices: list = []

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = all_choices(self.status_choices)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Đến ngày: phải sau hoặc bằng Từ ngày."))
        return data

    def filters(self) -> dict:
        """The valid filters only; an invalid form filters nothing (its errors are shown)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class FlagFilterForm(ListFilterForm):
    status_choices = Flag.Status.choices
    deadline = deadline_filter_field()
    category = forms.ChoiceField(label=_("Nội dung vi phạm"), choices=all_choices(Category.choices), required=False)
    severity = forms.ChoiceField(label=_("Mức độ"), choices=all_choices(Flag.Severity.choices), required=False)
    subject_area = SubjectAreaFilterField()


class InspectionFilterForm(ListFilterForm):
    status_choices = Inspection.Status.choices
    kind = forms.ChoiceField(label=_("Loại"), choices=all_choices(Inspection.Kind.choices), required=False)
    deadline = deadline_filter_field()
    subject_area = SubjectAreaFilterField(help_text=_("Lĩnh vực của dấu hiệu vi phạm được kiểm tra"))


class PlanFilterForm(ListFilterForm):
    status_choices = InspectionPlan.Status.choices
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)


RECOMMENDATION_SOURCES = [("inspection", _("Cuộc kiểm tra")), ("case", _("Kết luận nội dung tố cáo"))]


class RecommendationFilterForm(ListFilterForm):
    status_choices = Recommendation.Status.choices
    deadline = deadline_filter_field()
    source = forms.ChoiceField(
        label=_("Nguồn của kiến nghị"), choices=all_choices(RECOMMENDATION_SOURCES), required=False
    )
