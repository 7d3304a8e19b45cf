"""The notification centre's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.web.widgets import DayInput

DATE = DayInput()


class NotificationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    unread = forms.BooleanField(label=_("Chỉ xem chưa đọc"), required=False)
    since = forms.DateField(label=_("Từ ngày"), widget=DATE, required=False)
