"""Form widgets shared by every app's forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.formats.dates import DAY_PATTERN


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
