"""Forms of the reception pages: field types and labels only; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.forms import SubjectForm
from casework.org.fields import UnitChoiceField
from casework.org.models import Unit
from casework.reception.models import Classification, DocumentForm, HandlingRoute, RefusalGround
from casework.web.list_filters import ALL, all_choices
from casework.web.widgets import DayInput, HourInput

DATE = DayInput()
TIME = HourInput()


class SessionForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None)
    day = forms.DateField(label=_("Ngày tiếp"), widget=DATE)
    start = forms.TimeField(label=_("Từ giờ"), widget=TIME)
    end = forms.TimeField(label=_("Đến giờ"), widget=TIME)
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    receivers = forms.ModelMultipleChoiceField(label=_("Người tiếp"), queryset=None)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    is_published = forms.BooleanField(label=_("Công bố trên trang công khai"), required=False, initial=True)
    on_day_off = forms.BooleanField(label=_("Tổ chức tiếp vào ngày nghỉ"), required=False)

    def __init__(self, *args: Any, units: Any, receivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["receivers"].queryset = receivers


class EntryForm(forms.Form):
    time = forms.TimeField(label=_("Giờ tiếp"), widget=TIME)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=255)
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    id_number = forms.CharField(label=_("Số CCCD / giấy tờ tùy thân"), max_length=32, required=False)
    people_count = forms.IntegerField(label=_("Số người"), min_value=1, max_value=500, initial=1)
    content = forms.CharField(label=_("Nội dung vụ việc"), widget=forms.Textarea(attrs={"rows": 4}))
    # Chosen each time, never preset: a visit saved in a hurry under the first kind listed would be filed,
    # sealed (a denunciation) or not, and routed by a choice nobody made.
    classification = forms.ChoiceField(
        label=_("Phân loại"), choices=[("", _("— Chọn phân loại —")), *Classification.choices]
    )
    handling_route = forms.ChoiceField(
        label=_("Hướng xử lý"), choices=[("", _("— Chọn hướng xử lý —")), *HandlingRoute.choices]
    )
    follow_up = forms.CharField(label=_("Theo dõi kết quả"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    resolved_by = forms.CharField(
        label=_("Cơ quan đã giải quyết"),
        max_length=500,
        required=False,
        help_text=_("Cơ quan, tổ chức, đơn vị đã giải quyết hết thẩm quyền (nếu có)"),
    )
    within_competence = forms.BooleanField(label=_("Thuộc thẩm quyền giải quyết"), required=False)
    guided_to = forms.CharField(
        label=_("Hướng dẫn đến cơ quan có thẩm quyền"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Cơ quan, tổ chức, đơn vị được hướng dẫn đến, số văn bản hướng dẫn"),
    )
    accepted_by = forms.CharField(
        label=_("Cơ quan, đơn vị thụ lý"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Cơ quan, tổ chức, đơn vị có thẩm quyền thụ lý, số văn bản chuyển đơn"),
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


# The unit and the person a visit is about, named as its kind names them.
SUBJECT_LABELS = {
    Classification.COMPLAINT: (_("Đơn vị bị khiếu nại"), _("Người bị khiếu nại")),
    Classification.DENUNCIATION: (_("Đơn vị bị tố cáo"), _("Người bị tố cáo")),
    Classification.PETITION: (_("Đơn vị bị kiến nghị, phản ánh"), _("Người bị kiến nghị, phản ánh")),
}


class CaseOpenForm(SubjectForm):
    """The case's summary and, as at any intake, the unit and person it is about, labelled by the visit's
    kind (`classification`)."""

    field_order = ["title", "subject_unit", "subject_person"]

    title = forms.CharField(label=_("Trích yếu nội dung đơn"), max_length=255)

    def __init__(self, *args: Any, classification: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if classification in SUBJECT_LABELS:
            self.fields["subject_unit"].label, self.fields["subject_person"].label = SUBJECT_LABELS[
                Classification(classification)
            ]


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("Theo dõi kết quả"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), widget=forms.Textarea(attrs={"rows": 2}))


class RevealForm(forms.Form):
    """Read who told the session's denounced visits, on the page, in print or in the workbook."""

    FORMATS = [("html", _("Xem")), ("print", _("In")), ("xlsx", _("Tải XLSX"))]

    reason = forms.CharField(
        label=_("Lý do cần xem danh tính người đến tố cáo"), widget=forms.Textarea(attrs={"rows": 2})
    )
    format = forms.ChoiceField(choices=FORMATS, required=False, widget=forms.HiddenInput)


class RefuseForm(forms.Form):
    """Từ chối tiếp công dân: the ground (Luật Tiếp công dân Đ.9; Nghị định 154/2026/NĐ-CP Đ.4) and its day."""

    ground = forms.ChoiceField(label=_("Căn cứ từ chối tiếp"), choices=RefusalGround.choices)
    refused_on = forms.DateField(label=_("Ngày có đủ căn cứ từ chối"), widget=DATE)


class EntryCorrectForm(EntryForm):
    """Sửa, bổ sung a row's columns of Mẫu số 03/TCD after the visit was recorded: filled with what the
    keeper reads in the book; a column shown to them sealed or masked is not theirs to change (disabled)."""

    def __init__(self, *args: Any, masked: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["time"]
        for name in masked:
            self.fields[name].disabled = True


class DocumentRowForm(forms.Form):
    """One document the visitor handed over (Mẫu số 02/TCD, ghi chú (5)); an empty row is skipped."""

    name = forms.CharField(label=_("Tên thông tin, tài liệu, bằng chứng"), max_length=500, required=False)
    form = forms.ChoiceField(
        label=_("Bản chính hay bản sao"), choices=[("", "—"), *DocumentForm.choices], required=False
    )
    pages = forms.IntegerField(label=_("Số trang"), min_value=1, max_value=5000, required=False)


DocumentFormSet = forms.formset_factory(DocumentRowForm, extra=5, max_num=50, absolute_max=50, validate_max=True)


class SessionFilterForm(forms.Form):
    """The filters of the sessions list: the unit (and its subtree), the day range, a receiving officer,
    the status."""

    STATUSES = [
        ("published", _("Đã công bố")),
        ("unpublished", _("Chưa công bố")),
        ("cancelled", _("Đã hủy")),
    ]

    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=ALL)
    date_from = forms.DateField(label=_("Từ ngày"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("Đến ngày"), widget=DATE, required=False)
    receiver = forms.ModelChoiceField(label=_("Người tiếp"), queryset=None, required=False, empty_label=ALL)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=all_choices(STATUSES), required=False)

    def __init__(self, *args: Any, units: Any, receivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["receiver"].queryset = receivers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Đến ngày phải từ ngày trở đi."))
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters only; an invalid form filters nothing (its errors are shown)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
