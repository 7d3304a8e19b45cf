"""Form widgets shared by every app's forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.formats.dates import DAY_PATTERN, HOUR_PATTERN


class DayInput(forms.DateInput):
    """A day typed as dd/mm/yyyy in a plain text field.

    Not <input type="date">: its picker shows the browser's locale (mm/dd/yyyy on many machines)
    and sends ISO. The server parses with DATE_INPUT_FORMATS (day first, casework/formats/dates.py).
    """

    input_type = "text"

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "class": "date",
            "placeholder": "dd/mm/yyyy",
            "pattern": DAY_PATTERN,
            "title": _("Ngày theo dạng dd/mm/yyyy, ví dụ 05/01/2026"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "10",
            "maxlength": "10",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class HourInput(forms.TimeInput):
    """An hour typed as hh:mm on the 24-hour clock ("14:30") in a plain text field.

    Not <input type="time">: it shows the browser's locale ("08:00 AM" on many machines). The server
    parses with TIME_INPUT_FORMATS (casework/formats/dates.py).
    """

    input_type = "text"

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "class": "hour",
            "placeholder": "hh:mm",
            "pattern": HOUR_PATTERN,
            "title": _("Giờ theo dạng 24 giờ hh:mm, ví dụ 14:30"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": "5",
            "maxlength": "8",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%H:%M")
