"""The report's flags (section V) are read as each flag stood at the close of the quarter's last day.

A report of a quarter already over, printed later, shows each flag raised in it in the bucket it
was in then: inspected or ended by leadership only if that happened by then, overdue by the due
day its clocks had then (an extension after it does not move it), escalated only by what reached
leadership by then, covered by its inspection's clocks only once it had joined it. The coverage page
reads them now, and the running quarter's report too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casework.inspections import selectors, services
from casework.inspections.models import Flag
from casework.org.services import unit_update
from casework.reports.periods import Quarter
from casework.reports.selectors import quarterly_report
from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag
from workflows.calendar import end_of_day
from workflows.models import Deadline, DeadlineChange, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def on(day: dt.date) -> None:
    """Move the clock to 09:00 ICT of `day`."""
    clock.set_now(dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC))


def flags(cast, number: int) -> dict[str, int]:
    """Section V of the sector's report of quarter `number` of 2026."""
    figures = quarterly_report(unit=cast.sector, year=2026, quarter=number, user=cast.chair).figures
    return {key: value for key, value in figures.items() if key.startswith("flags_")}


def bucket_at(flag, instant: dt.datetime) -> str:
    """The flag's bucket as it stood at `instant` (the reading the report makes of a past quarter)."""
    qs = selectors.coverage_flags(user=None, as_of=instant).filter(pk=flag.pk)
    (bucket,) = [name for name, q in selectors.bucket_q().items() if qs.filter(q).exists()]
    return bucket


def escalation_of(flag) -> Escalation:
    return Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk), status="pending")


def flag_clock(flag) -> Deadline:
    return Deadline.objects.filter(target_type="inspections.flag", target_id=str(flag.pk)).latest("pk")


def test_a_flag_unaccounted_on_the_last_day_stays_so_in_that_quarter_however_it_ended(cast, frozen_clock):
    on(dt.date(2026, 1, 5))
    flag = raise_flag(cast)  # 30 days to open an inspection: overdue in February, no sweep ran
    on(dt.date(2026, 3, 31))
    on_the_day = flags(cast, 1)
    assert (on_the_day["flags_raised"], on_the_day["flags_unaccounted"]) == (1, 1)

    on(dt.date(2026, 4, 10))
    sweep_run()  # the breach reaches leadership only now
    assert selectors.flag_bucket(flag=flag) == "overdue_escalated"
    assert flags(cast, 1) == on_the_day
    on(dt.date(2026, 4, 20))
    in_q2 = raise_flag(cast, unit=cast.clinic)
    on(dt.date(2026, 5, 4))
    conclude(cast, open_ad_hoc(cast, [flag]))

    on(dt.date(2026, 5, 15))
    assert selectors.flag_bucket(flag=flag) == "inspected"
    assert flags(cast, 1) == on_the_day  # printed in May: as it stood on 31/03
    # Read at other instants, it is in the bucket it was in then.
    assert bucket_at(flag, end_of_day(dt.date(2026, 4, 30))) == "overdue_escalated"
    assert bucket_at(flag, Quarter(2026, 2).read_at) == "inspected"
    # The running quarter reads its own flags now.
    q2 = flags(cast, 2)
    assert (q2["flags_raised"], q2["flags_in_progress"], q2["flags_unaccounted"]) == (1, 1, 0)
    assert selectors.flag_bucket(flag=in_q2) == "in_progress"


def test_a_clock_extended_after_the_quarter_is_read_by_the_due_day_it_had_then(cast, frozen_clock):
    on(dt.date(2026, 1, 5))
    # Overdue in February and escalated by the sweep: overdue and escalated on 31/03.
    overdue = raise_flag(cast)
    on(dt.date(2026, 2, 10))
    sweep_run()
    on(dt.date(2026, 3, 10))
    # Due in April: in progress on 31/03.
    steady = raise_flag(cast, unit=cast.clinic)
    on(dt.date(2026, 3, 31))
    on_the_day = flags(cast, 1)
    assert (on_the_day["flags_in_progress"], on_the_day["flags_overdue_escalated"]) == (1, 1)

    on(dt.date(2026, 4, 13))
    sweep_run()  # steady breaches in April
    # Within the committee's cap on one extension (the policy's flag/extend row: 30 days from 13/04).
    for flag, new_due in ((overdue, dt.date(2026, 5, 13)), (steady, dt.date(2026, 5, 8))):
        escalation_decide(
            escalation=escalation_of(flag),
            actor=cast.province_leader,
            decision="extend",
            reason="Gia hạn để mở cuộc kiểm tra",
            new_due_on=new_due,
        )
    first_due = DeadlineChange.objects.get(deadline=flag_clock(overdue), kind="extend").due_on_before
    assert first_due < dt.date(2026, 3, 31) < flag_clock(overdue).due_on

    on(dt.date(2026, 5, 11))
    # Now: overdue runs within its new due day; steady is past its own again, not yet escalated.
    assert selectors.flag_bucket(flag=overdue) == "in_progress"
    assert selectors.flag_bucket(flag=steady) == "unaccounted"
    assert flags(cast, 1) == on_the_day


def test_a_flag_ended_by_leadership_after_the_quarter_reads_as_it_stood_on_its_last_day(cast, frozen_clock):
    on(dt.date(2026, 1, 5))
    flag = raise_flag(cast)
    on(dt.date(2026, 2, 10))
    sweep_run()  # escalated: leadership is to decide
    on(dt.date(2026, 3, 31))
    on_the_day = flags(cast, 1)
    assert (on_the_day["flags_overdue_escalated"], on_the_day["flags_ended_by_leadership"]) == (1, 0)

    on(dt.date(2026, 4, 15))
    unit_update(
        unit=cast.hospital, actor=cast.admin, changes={"is_active": False}, reason="Quyết định giải thể số 12/QĐ-LĐLĐ"
    )
    escalation_decide(
        escalation=escalation_of(flag),
        actor=cast.province_leader,
        decision="approve",
        ground="subject_dissolved",
        reason="CĐCS đã giải thể theo quyết định số 12/QĐ-LĐLĐ",
    )
    on(dt.date(2026, 5, 15))
    assert selectors.flag_bucket(flag=flag) == "ended_by_leadership"
    assert flags(cast, 1) == on_the_day
    assert bucket_at(flag, Quarter(2026, 2).read_at) == "ended_by_leadership"


def test_a_flag_that_joined_an_inspection_after_the_quarter_is_read_by_its_own_clock_before_the_join(
    cast, frozen_clock
):
    on(dt.date(2026, 3, 2))
    first = raise_flag(cast)
    # Its decision is due in 10 working days and never signed: late, not escalated, on 31/03.
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[first]
    )
    on(dt.date(2026, 3, 10))
    flag = raise_flag(cast, category="elections")  # its own clock runs to 09/04
    on(dt.date(2026, 3, 31))
    on_the_day = flags(cast, 1)
    assert (on_the_day["flags_raised"], on_the_day["flags_in_progress"], on_the_day["flags_unaccounted"]) == (2, 1, 1)

    on(dt.date(2026, 4, 15))
    sweep_run()  # its own clock breaches and is escalated; so is the inspection's decision
    on(dt.date(2026, 4, 20))
    services.inspection_flags_add(inspection=inspection, flags=[flag], actor=cast.inspector)
    stopped = flag_clock(flag)  # joining stops it, run out or not: met late, its breach kept
    assert (stopped.status, stopped.closed_at, stopped.breached_at is not None) == ("met", clock.now(), True)
    # Before the join it was not in the inspection, whose late decision was not its own.
    assert flags(cast, 1) == on_the_day
    assert bucket_at(flag, Quarter(2026, 1).read_at) == "in_progress"
    assert bucket_at(flag, end_of_day(dt.date(2026, 4, 19))) == "overdue_escalated"

    on(dt.date(2026, 4, 21))
    # Leadership orders it inspected (it is, in the inspection) and gives the decision until 24/04.
    escalation_decide(
        escalation=escalation_of(flag), actor=cast.province_leader, decision="approve", reason="Kiểm tra trong đoàn"
    )
    escalation_decide(
        escalation=Escalation.objects.get(
            target_type="inspections.inspection", target_id=str(inspection.pk), status="pending"
        ),
        actor=cast.province_leader,
        decision="extend",
        reason="Gia hạn ký quyết định kiểm tra",
        new_due_on=dt.date(2026, 4, 24),
    )
    on(dt.date(2026, 4, 28))
    # From the join on, the inspection's clocks cover it: its decision late again and not escalated.
    assert selectors.flag_bucket(flag=flag) == "unaccounted"
    assert bucket_at(flag, end_of_day(dt.date(2026, 4, 19))) == "overdue_escalated"
    assert flags(cast, 1) == on_the_day

    # A join no record dates is dated by the stop of the flag's own clock (joining stops it, run out or
    # not): before it, on the quarter's last day, the flag was read by its own clock alone.
    Flag.objects.filter(pk=flag.pk).update(joined_inspection_at=None)
    assert bucket_at(flag, Quarter(2026, 1).read_at) == "in_progress"
    assert bucket_at(flag, end_of_day(dt.date(2026, 4, 19))) == "overdue_escalated"
    assert flags(cast, 1) == on_the_day
