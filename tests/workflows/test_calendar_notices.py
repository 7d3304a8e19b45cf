"""The government's yearly working-day swaps, shipped as data with their document numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from workflows.calendar import WorkingCalendar, due_date
from workflows.models import CalendarDay, CalendarNotice, Deadline

pytestmark = pytest.mark.django_db


def test_due_date_skips_friday_2_january_2026_given_off_by_cong_van_12729():
    # Wed 31/12/2025 + 1 working day: Thu 01/01 is New Year, Fri 02/01 is off by the notice.
    assert due_date(dt.date(2025, 12, 31), 1, "working") == dt.date(2026, 1, 5)
    # A calendar-day limit ending on 02/01 ends at the close of the next working day.
    assert due_date(dt.date(2025, 12, 26), 7, "calendar") == dt.date(2026, 1, 5)


def test_due_date_counts_saturday_10_january_2026_worked_by_cong_van_12729():
    assert due_date(dt.date(2026, 1, 9), 1, "working") == dt.date(2026, 1, 10)
    assert due_date(dt.date(2026, 1, 3), 7, "calendar") == dt.date(2026, 1, 10)


def test_the_swaps_carry_their_document_and_administrators_change_them():
    notice = CalendarNotice.objects.get(year=2026)
    assert (notice.document, notice.issued_on) == ("Công văn 12729/VPCP-KGVX", dt.date(2025, 12, 25))
    assert {(d.date, d.kind) for d in notice.days.all()} == {
        (dt.date(2026, 1, 2), CalendarDay.Kind.HOLIDAY),
        (dt.date(2026, 1, 10), CalendarDay.Kind.WORKING),
    }
    CalendarDay.objects.filter(date=dt.date(2026, 1, 10)).delete()
    assert due_date(dt.date(2026, 1, 9), 1, "working") == dt.date(2026, 1, 12)


def test_a_due_date_across_a_year_without_a_notice_is_estimated(cast):
    from workflows.calendar import deadline_is_estimated

    calendar = WorkingCalendar.load()
    assert not calendar.is_estimated(dt.date(2026, 3, 2), dt.date(2026, 4, 1))
    assert calendar.is_estimated(dt.date(2026, 12, 20), dt.date(2027, 1, 19))
    deadline = Deadline(starts_on=dt.date(2026, 12, 20), due_on=dt.date(2027, 1, 19))
    assert deadline_is_estimated(deadline)
    CalendarNotice.objects.create(year=2027, document="Công văn 1/VPCP-KGVX", issued_on=dt.date(2026, 12, 1))
    assert not deadline_is_estimated(deadline)
