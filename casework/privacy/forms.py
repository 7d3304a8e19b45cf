"""The subject-access forms: the export's (who asks, on what ground, and the administrator's confirmation) and a
recorded request's (record, answer, refuse).

The export's fields are checked by `personal_data_export` (name, a phone, an e-mail or an identity-card number, the
ground); its form asks only for the confirmation, since nothing is read before it is given."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.org.fields import UnitChoiceField
from casework.org.models import Unit
from casework.privacy.models import RequestChannel, RequestOutcome, SubjectRight


class SubjectAccessForm(forms.Form):
    full_name = forms.CharField(required=False)
    phone = forms.CharField(required=False)
    email = forms.CharField(required=False)
    id_number = forms.CharField(required=False)
    reason = forms.CharField(required=False)
    confirm = forms.BooleanField(
        error_messages={
            "required": _("Vui lòng đánh dấu xác nhận trước khi trích xuất (việc trích xuất được ghi nhật ký).")
        }
    )


class SubjectRequestForm(forms.Form):
    """Ghi nhận yêu cầu của chủ thể dữ liệu: the service checks the rules (who may, the identifiers, the day)."""

    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Đơn vị tiếp nhận"))
    received_on = forms.DateField(label=_("Ngày nhận yêu cầu"))
    channel = forms.ChoiceField(label=_("Hình thức gửi"), choices=RequestChannel.choices)
    right = forms.ChoiceField(label=_("Quyền được yêu cầu"), choices=SubjectRight.choices)
    full_name = forms.CharField(label=_("Họ tên người yêu cầu"), required=False, max_length=255)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=64)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=64)
    id_number = forms.CharField(label=_("Số CCCD/CMND"), required=False, max_length=64)
    content = forms.CharField(label=_("Nội dung yêu cầu"), required=False, max_length=5000, widget=forms.Textarea)
    third_party = forms.BooleanField(
        label=_("Có bên xử lý hoặc bên thứ ba cùng thực hiện (thời hạn dài hơn)"), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class SubjectRequestAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (RequestOutcome.FULFILLED, RequestOutcome.FULFILLED.label),
            (RequestOutcome.PARTLY, RequestOutcome.PARTLY.label),
        ],
    )
    text = forms.CharField(label=_("Nội dung trả lời"), required=False, max_length=5000, widget=forms.Textarea)


class SubjectRequestRefuseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối (căn cứ pháp luật)"), max_length=5000, widget=forms.Textarea)


class SubjectRequestExtendForm(forms.Form):
    """Gia hạn (Nghị định 356/2025/NĐ-CP Điều 5): the service checks the days the decree gives for the right."""

    days = forms.IntegerField(label=_("Số ngày gia hạn"))
    reason = forms.CharField(
        label=_("Lý do gia hạn (thông báo cho người yêu cầu)"), max_length=5000, widget=forms.Textarea
    )
