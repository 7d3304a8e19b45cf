"""Quarters of the calendar year: the reporting period of plan §III."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import clock
from core.errors import ValidationFailed
from workflows.calendar import end_of_day

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def as_of(self) -> dt.date:
        """The day "still open" and "overdue" are measured on: the quarter's end, or today while it runs."""
        return min(self.end, clock.today())

    @property
    def read_at(self) -> dt.datetime:
        """The instant the report reads each record as it stood: the close of the quarter's last day
        (end_of_day, the moment a limit due that day runs out), or now while it runs."""
        return min(end_of_day(self.end), clock.now())

    @property
    def label(self) -> str:
        return gettext("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[self.quarter], "year": self.year}

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)


def quarter_of(*, year: int | str | None, quarter: int | str | None) -> Quarter:
    """A valid quarter or ValidationFailed naming the bad field."""
    errors = {}
    try:
        y = int(year)  # type: ignore[arg-type]
        if not 2000 <= y <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Năm báo cáo không hợp lệ (ví dụ 2026).")
        y = 0
    try:
        q = int(quarter)  # type: ignore[arg-type]
        if q not in ROMAN:
            raise ValueError
    except (TypeError, ValueError):
        errors["quarter"] = _("Quý phải là một số từ 1 đến 4.")
        q = 0
    if errors:
        raise ValidationFailed(errors)
    return Quarter(y, q)


def quarter_current() -> Quarter:
    today = clock.today()
    return Quarter(today.year, (today.month - 1) // 3 + 1)


def quarters_back(*, last: Quarter, count: int) -> list[Quarter]:
    """`count` quarters ending with `last`, oldest first."""
    result = [last]
    while len(result) < count:
        result.append(result[-1].previous())
    return list(reversed(result))
