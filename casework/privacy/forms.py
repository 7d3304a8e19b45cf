"""The subject-access request form: who asks, on what ground, and the administrator's confirmation.

The fields are checked by `personal_data_export` (name, a phone, an e-mail or an identity-card number, the ground); the form
asks only for the confirmation, since nothing is read before it is given."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
