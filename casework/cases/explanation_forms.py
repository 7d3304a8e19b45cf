"""The case page's forms for the person denounced's explanation during verification; the rules are
in casework.cases.services.explanation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.cases.models import ExplanationForm, ExplanationMeans
from casework.web.dependent_fields import depends_on
from casework.web.widgets import DayInput

DATE = DayInput()


class ExplanationRequestForm(forms.Form):
    """Yêu cầu giải trình (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1)."""

    on = forms.DateField(label=_("Ngày gửi yêu cầu giải trình"), widget=DATE)
    due_on = forms.DateField(label=_("Thời hạn giải trình"), widget=DATE)
    means = forms.ChoiceField(label=_("Hình thức yêu cầu"), choices=[("", "—"), *ExplanationMeans.choices])
    content = forms.CharField(
        label=_("Nội dung yêu cầu giải trình"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ExplanationReceivedForm(forms.Form):
    """Giải trình của người bị tố cáo: in writing, or in a working session with its biên bản (Mẫu số 08)."""

    on = forms.DateField(label=_("Ngày giải trình"), widget=DATE)
    form = forms.ChoiceField(label=_("Hình thức giải trình"), choices=[("", "—"), *ExplanationForm.choices])
    place = forms.CharField(
        label=_("Địa điểm làm việc"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs=depends_on("form", [str(ExplanationForm.SESSION)])),
    )
    explainer = forms.CharField(
        label=_("Người giải trình (cơ quan, tổ chức bị tố cáo: người đứng đầu hoặc người đại diện)"),
        max_length=255,
        required=False,
    )
    content = forms.CharField(label=_("Nội dung giải trình"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.MultipleChoiceField(
        label=_("Thông tin, tài liệu, chứng cứ kèm theo (tải lên ở mục Tệp đính kèm)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if case is None:
            return
        from casework.files.selectors import attachments_for

        files = attachments_for(target=case).filter(identifying=False).exclude(file="")
        self.fields["evidence"].choices = [(str(a.pk), a.original_name) for a in files]


class ExplanationMissedForm(forms.Form):
    """Không giải trình trong thời hạn, hoặc từ chối giải trình, after the latest request."""

    on = forms.DateField(label=_("Ngày ghi nhận"), widget=DATE)
    refused = forms.BooleanField(label=_("Người bị tố cáo từ chối giải trình"), required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
