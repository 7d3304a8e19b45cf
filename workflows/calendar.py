"""The Vietnamese working-day calendar and due-date arithmetic (Bộ luật Dân sự 2015, Đ.147–148).

- The day of the event is not counted: counting starts the next day.
- Working days are Monday to Friday, minus public holidays (the `holidays` package's Vietnam
  calendar: lunar Tết, Hùng Kings, observed and substituted days), minus holidays that
  administrators add, plus make-up working days (the package's and the administrators').
- A limit whose last day is not a working day ends at the close of the next working day.
- The government's yearly notice (e.g. Công văn 12729/VPCP-KGVX for 2026) swaps working days;
  its days are data (CalendarDay, with the notice as their source). A due date counted across a
  year that has no notice yet is an estimate (dự kiến).
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.models import CLOCK_STOPPED, CalendarDay, CalendarNotice, DayUnit


@functools.lru_cache(maxsize=64)
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=[year])


class WorkingCalendar:
    """Loads administrator-entered days once, then answers is_working_day without queries."""

    def __init__(
        self,
        extra_holidays: set[dt.date] | None = None,
        extra_working: set[dt.date] | None = None,
        announced_years: set[int] | None = None,
    ) -> None:
        self.extra_holidays = extra_holidays or set()
        self.extra_working = extra_working or set()
        self.announced_years = announced_years or set()

    @classmethod
    def load(cls) -> WorkingCalendar:
        """The calendar in force, from the process's policy snapshot (workflows/policy_cache.py)."""
        from workflows.policy_cache import policy_snapshot

        return policy_snapshot().calendar

    @classmethod
    def from_database(cls) -> WorkingCalendar:
        rows = CalendarDay.objects.values_list("date", "kind")
        return cls(
            extra_holidays={d for d, k in rows if k == CalendarDay.Kind.HOLIDAY},
            extra_working={d for d, k in rows if k == CalendarDay.Kind.WORKING},
            announced_years=set(CalendarNotice.objects.values_list("year", flat=True)),
        )

    def is_estimated(self, start: dt.date, end: dt.date) -> bool:
        """A count from `start` to `end` crosses a year whose official notice is not known yet.

        Years before the first notice on record are settled history (the package's calendar
        stands for them); a year after it without its own notice is not known yet."""
        first = min(self.announced_years, default=None)
        return any(
            year not in self.announced_years and (first is None or year > first)
            for year in range(start.year, end.year + 1)
        )

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.extra_holidays:
            return False
        public = _public_holidays(day.year)
        if day in public:
            return False
        return day.weekday() < 5 or day in public.weekend_workdays

    def day_off_reason(self, day: dt.date) -> str:
        """Why `day` is not a working day, in Vietnamese ("" when it is one): the holiday's name, or
        the weekend day."""
        if self.is_working_day(day):
            return ""
        public = _public_holidays(day.year)
        if day in self.extra_holidays or day in public:
            name = public.get(day)
            return _("ngày nghỉ lễ (%(name)s)") % {"name": name} if name else _("ngày nghỉ lễ")
        return _("Chủ nhật") if day.weekday() == 6 else _("thứ Bảy")

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, otherwise the next one."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        day = start
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def due_date(self, start: dt.date, days: int, unit: str) -> dt.date:
        if days < 0:
            raise ValueError("days must not be negative")
        if unit == DayUnit.WORKING:
            return self.add_working_days(start, days)
        if unit == DayUnit.CALENDAR:
            return self.next_working_day(start + dt.timedelta(days=days))
        raise ValueError(f"unknown day unit {unit!r}")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def due_date(start: dt.date, days: int, unit: str, calendar: WorkingCalendar | None = None) -> dt.date:
    """The due date of a limit of `days` (calendar or working) counted from the event on `start`."""
    return (calendar or WorkingCalendar.load()).due_date(start, days, unit)


def end_of_day(day: dt.date) -> dt.datetime:
    """The due moment of a limit whose last day is `day`: the last instant of that day in the project's
    time zone, 23:59:59.999999 at the microsecond Django and the database keep.

    A limit counted in days ends at the end of its last day (Bộ luật Dân sự 2015 Đ.148 khoản 1: "thời
    hạn kết thúc tại thời điểm kết thúc ngày cuối cùng của thời hạn"), and that day ends at 24:00 (khoản
    6: "vào lúc hai mươi tư giờ của ngày đó"). Every reader compares inclusively (done at or before the
    due moment is in time; past it, `> due_at`, is late), so anything before 00:00 of the next day is in
    time and 00:00 itself is late. Pages show only the due day (`due_on`), never this instant."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def deadline_is_estimated(deadline: object) -> bool:
    """A running clock's due date is only an estimate (dự kiến) until the notice of every year
    it spans is known. A stopped clock's (its step done, or its object ended) informs no one: its
    day is no longer awaited, so it is never marked."""
    if deadline.status in CLOCK_STOPPED:  # type: ignore[attr-defined]
        return False
    return WorkingCalendar.load().is_estimated(deadline.starts_on, deadline.due_on)  # type: ignore[attr-defined]
