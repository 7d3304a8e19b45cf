"""Days as people here write them: dd/mm/yyyy first, everywhere a person types or reads a date.

The format modules beside this file (vi/, en/) take their DATE_INPUT_FORMATS from here, so a Django
form field accepts the same days as the few places that parse a day by hand (export parameters).
ISO yyyy-mm-dd stays accepted last, for scripts and links written before.
"""

from __future__ import annotations

import datetime as dt

DAY_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"  # the HTML pattern of a day field: what the browser checks first
# Hours on the 24-hour clock, "14:30" (also written "14h30"), whatever the browser's locale.
HOUR_INPUT_FORMATS = ["%H:%M", "%Hh%M", "%H:%M:%S"]
HOUR_PATTERN = r"([01]?\d|2[0-3])[:hH][0-5]\d"


def day_parse(text: str) -> dt.date:
    """The day written in `text` in one of DAY_INPUT_FORMATS; ValueError when it is none of them."""
    text = text.strip()
    for fmt in DAY_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
