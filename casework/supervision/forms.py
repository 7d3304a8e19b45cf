"""Forms of the supervision pages: they parse input; the services validate the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casework.areas.forms import SubjectAreaField
from casework.inspections.forms import ConfirmField
from casework.inspections.models import Category, Flag, PlanItem
from casework.org.fields import UnitChoiceField
from casework.org.models import Unit, User
from casework.supervision.models import Supervision
from casework.web.list_filters import ALL, all_choices
from casework.web.params import IdsChoiceField
from casework.web.widgets import DayInput
from workflows.forms import deadline_filter_field


class SupervisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=all_choices(Supervision.Status.choices), required=False)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=all_choices(Supervision.Kind.choices), required=False)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=ALL)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    deadline = deadline_filter_field()

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filters(self) -> dict[str, Any]:
        """The valid filters only; an invalid form filters nothing (its errors are shown)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanItem) -> str:
        return f"{obj.plan.title}: {obj}"


class SupervisionCreateForm(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị tiến hành giám sát (UBKT)"))
    plan_item = PlanItemChoiceField(
        queryset=PlanItem.objects.none(),
        label=_("Theo nội dung kế hoạch (nếu có)"),
        required=False,
        help_text=_("Đơn vị, nội dung, thời gian và trưởng đoàn lấy theo kế hoạch khi để trống."),
    )
    subject_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị được giám sát"), required=False)
    kind = forms.ChoiceField(label=_("Hình thức giám sát"), choices=Supervision.Kind.choices)
    title = forms.CharField(label=_("Tên cuộc giám sát"), required=False, max_length=255)
    topics = forms.MultipleChoiceField(
        label=_("Nội dung giám sát"), choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DayInput, required=False)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DayInput, required=False)
    lead = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Trưởng đoàn"), required=False)
    members = IdsChoiceField(
        queryset=User.objects.none(),
        # The team's members, several ("Members"); a person's role in it reads "Member".
        label=pgettext_lazy("team form", "Thành viên"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: Any, subject_units: Any, plan_items: Any, candidates: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["subject_unit"].queryset = subject_units
        self.fields["plan_item"].queryset = plan_items
        self.fields["lead"].queryset = candidates
        self.fields["members"].queryset = candidates


class StartForm(forms.Form):
    confirm = ConfirmField(_("Tôi xác nhận bắt đầu giám sát"))
    reason = forms.CharField(
        label=_("Lý do bắt đầu sớm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ khi bắt đầu trước ngày đã định (Chủ nhiệm Ủy ban kiểm tra)."),
    )


class ReportForm(forms.Form):
    """The report; each content ticked under "signs of violation" is raised as one flag of the unit
    supervised, with the lĩnh vực, severity and evidence given below it."""

    findings = forms.CharField(label=_("Kết quả giám sát"), widget=forms.Textarea(attrs={"rows": 5}))
    assessment = forms.ChoiceField(label=_("Đánh giá"), choices=Supervision.Assessment.choices)
    recommendations = forms.CharField(
        label=_("Kiến nghị sau giám sát"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    sign_categories = forms.MultipleChoiceField(
        label=_("Dấu hiệu vi phạm phát hiện qua giám sát (mỗi nội dung được ghi nhận thành một dấu hiệu)"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sign_subject_area = SubjectAreaField(label=_("Lĩnh vực của dấu hiệu vi phạm"), required=False)
    sign_severity = forms.ChoiceField(
        label=_("Mức độ"), choices=Flag.Severity.choices, initial=Flag.Severity.MEDIUM, required=False
    )
    sign_person = forms.CharField(label=_("Cá nhân liên quan (nếu có)"), required=False, max_length=255)
    sign_evidence = forms.CharField(
        label=_("Căn cứ, chứng cứ của dấu hiệu vi phạm"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    confirm = ConfirmField()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("sign_categories"):
            if not data.get("sign_subject_area"):
                self.add_error("sign_subject_area", _("Phải chọn lĩnh vực của dấu hiệu vi phạm."))
            if not (data.get("sign_evidence") or "").strip():
                self.add_error("sign_evidence", _("Phải nêu căn cứ, chứng cứ của dấu hiệu vi phạm."))
        return data

    @staticmethod
    def service_kwargs(data: dict[str, Any]) -> dict[str, Any]:
        sign = {
            "subject_area": data["sign_subject_area"],
            "severity": data["sign_severity"] or Flag.Severity.MEDIUM,
            "person": data["sign_person"],
            "evidence": data["sign_evidence"],
        }
        return {
            "findings": data["findings"],
            "assessment": data["assessment"],
            "recommendations": data["recommendations"],
            "signs": [{**sign, "category": category} for category in data["sign_categories"]],
        }


class CloseForm(forms.Form):
    confirm = ConfirmField()


class RescheduleForm(forms.Form):
    """A new last day of the period; the report's clock, when it runs, moves with it."""

    ends_on = forms.DateField(
        label=_("Giám sát đến ngày (mới)"),
        widget=DayInput,
        help_text=_("Hạn báo cáo kết quả giám sát được tính lại từ ngày này."),
    )
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 3}))
