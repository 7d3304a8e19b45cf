"""The case page's forms for the written assignment of a denunciation's or a complaint's verification, for a
complaint found right on re-examination and for sending a file to the investigating body or procuracy; the rules
are in casework.cases.services.verification, reexamination and criminal_referral."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from casework.cases.models import CriminalBody, Kind
from casework.web.widgets import DayInput

DATE = DayInput()


class VerificationAssignForm(forms.Form):
    """Văn bản giao xác minh nội dung tố cáo (Luật Tố cáo 2018 Đ.31 khoản 2; Nghị định 31/2019/NĐ-CP Đ.10), or
    the resolver's own verification recorded the same way (`personally`, Đ.31 khoản 1)."""

    on = forms.DateField(label=_("Ngày giao xác minh"), widget=DATE)
    # Đ.31 khoản 1; Nghị định 31/2019/NĐ-CP Đ.10 khoản 1: the resolver verifies, no one else is assigned.
    personally = forms.BooleanField(
        label=_("Người giải quyết tố cáo tự mình tiến hành xác minh (không giao người khác)"), required=False
    )
    members = forms.MultipleChoiceField(
        label=_("Người được giao xác minh (hai người trở lên: Tổ xác minh)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    leader = forms.ChoiceField(label=_("Tổ trưởng Tổ xác minh"), required=False)
    content = forms.CharField(
        label=_("Nội dung cần xác minh"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_on = forms.DateField(label=_("Thời gian xác minh: từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=_("Thời gian xác minh: đến ngày"), widget=DATE)

    def __init__(self, *args: Any, candidates: Any = (), kind: str = Kind.DENUNCIATION, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == Kind.COMPLAINT:
            # Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38: the resolver verifies personally or gives the task.
            self.fields["on"].label = _("Ngày quyết định giao nhiệm vụ xác minh")
            self.fields["personally"].label = _(
                "Người giải quyết khiếu nại tự mình tiến hành xác minh (không giao người khác)"
            )
        choices = [
            (
                str(c.user.pk),
                str(c.user)
                + ((" " + _gettext("(xung đột: %(reason)s)") % {"reason": c.conflict}) if c.conflict else ""),
            )
            for c in candidates
        ]
        self.fields["members"].choices = choices
        self.fields["leader"].choices = [("", "—"), *choices]


class ComplaintFoundRightForm(forms.Form):
    """Kiểm tra lại: the first complaint found right, decided at once with no verification (Luật Khiếu nại 2011
    Đ.29 khoản 1 điểm a; Thông tư 07/2013/TT-TTCP Đ.6); the rules are in casework.cases.services.reexamination."""

    on = forms.DateField(label=_("Ngày kiểm tra lại"), widget=DATE)
    reason = forms.CharField(
        label=_("Căn cứ xác định khiếu nại đúng (nội dung đã kiểm tra lại)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CriminalReferralForm(forms.Form):
    """Chuyển hồ sơ vụ việc có dấu hiệu tội phạm (Luật Tố cáo 2018 Đ.36 khoản 2)."""

    body_kind = forms.ChoiceField(label=_("Cơ quan nhận hồ sơ"), choices=[("", "—"), *CriminalBody.choices])
    body_name = forms.CharField(label=_("Tên cơ quan nhận hồ sơ"), max_length=255, required=False)
    on = forms.DateField(label=_("Ngày chuyển hồ sơ"), widget=DATE)
    reference = forms.CharField(label=_("Số, ký hiệu văn bản chuyển hồ sơ"), max_length=64, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
