"""Due dates on the Vietnamese calendar: the day of the event is not counted, and a limit whose
last day is off ends on the next working day."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from workflows.calendar import WorkingCalendar, due_date
from workflows.models import CalendarDay

D = dt.date
cal = WorkingCalendar()


@pytest.mark.parametrize(
    ("start", "days", "unit", "expected"),
    [
        # Tết 2026: 16–20/02 off. 7 working days from Fri 13/02 → 23,24,25,26,27/02, 02,03/03.
        (D(2026, 2, 13), 7, "working", D(2026, 3, 3)),
        # 10 calendar days from 07/02/2026 land on 17/02 (Tết) → next working day 23/02.
        (D(2026, 2, 7), 10, "calendar", D(2026, 2, 23)),
        # Tết 2027: 04–10/02 off. 5 working days from Wed 03/02/2027 → 11,12,15,16,17/02.
        (D(2027, 2, 3), 5, "working", D(2027, 2, 17)),
        # Hùng Kings 2026 falls on Sunday 26/04, observed Monday 27/04; 30/04 and 01/05 off.
        (D(2026, 4, 24), 1, "working", D(2026, 4, 28)),
        (D(2026, 4, 29), 1, "working", D(2026, 5, 4)),
        (D(2026, 4, 20), 10, "calendar", D(2026, 5, 4)),  # 30/04 and 01/05 off, then the weekend
        (D(2026, 4, 20), 6, "calendar", D(2026, 4, 28)),  # 26/04 Sun → 27/04 observed → 28/04
        # 2 September 2026: 31/08 (substituted), 01/09, 02/09 off; 22/08 (Saturday) is a make-up working day.
        (D(2026, 8, 28), 2, "working", D(2026, 9, 4)),
        (D(2026, 8, 21), 1, "working", D(2026, 8, 22)),
        # Calendar days that end on a working day stay put.
        (D(2026, 3, 2), 30, "calendar", D(2026, 4, 1)),
        # The day of the event is not counted: 0 days is the same day (if it works).
        (D(2026, 3, 4), 0, "working", D(2026, 3, 4)),
    ],
)
def test_due_dates(start, days, unit, expected):
    assert cal.due_date(start, days, unit) == expected


def test_weekend_days_are_not_working_days():
    assert not cal.is_working_day(D(2026, 3, 7))  # Saturday
    assert not cal.is_working_day(D(2026, 3, 8))  # Sunday
    assert cal.is_working_day(D(2026, 3, 9))


@pytest.mark.django_db
def test_administrator_days_change_the_count():
    CalendarDay.objects.create(date=D(2026, 3, 10), kind=CalendarDay.Kind.HOLIDAY, name="Nghỉ bổ sung")
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=CalendarDay.Kind.WORKING, name="Làm bù")
    # From Mon 09/03: 10 is off, 11, 12, 13, Sat 14 (make-up) → 4 working days end on 14/03.
    assert due_date(D(2026, 3, 9), 4, "working") == D(2026, 3, 14)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--start", "2026-02-13", "--days", "7", "--unit", "working"], "2026-03-03"),
        (["--start", "2026-02-07", "--days", "10", "--unit", "calendar"], "2026-02-23"),
        (["--start", "2027-02-03", "--days", "5", "--unit", "working"], "2027-02-17"),
    ],
)
def test_due_date_command_prints_the_date_last(args, expected):
    out = io.StringIO()
    call_command("due_date", *args, stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == expected


@pytest.mark.django_db
def test_due_date_command_names_the_bad_argument():
    with pytest.raises(CommandError, match="--start"):
        call_command("due_date", "--start", "13/02/2026", "--days", "7", "--unit", "working")
    with pytest.raises(CommandError, match="--days"):
        call_command("due_date", "--start", "2026-02-13", "--days", "-1", "--unit", "working")
