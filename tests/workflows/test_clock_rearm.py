"""A clock runs towards its due moment in runs (its `cycle`): an extension, or a new limit that moves the
due day of a clock that runs on, starts a new run (deadline_rearm), reminded again and, run out, breached and
escalated again under keys of its own; a pause and its resume do not (the clock goes on with the time it had
left). The history records which change started a run, and a day past reads the run in force then."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.models import AuditEvent
from core import clock
from notifications.models import Notification
from tests.workflows.conftest import at
from workflows.automatic_reasons import STEP_NAME, STEP_OVERDUE
from workflows.clock_history import clock_cycle_at
from workflows.models import Deadline, DeadlineChange, Escalation
from workflows.services.deadlines import (
    deadline_extend,
    deadline_open,
    deadline_pause,
    deadline_relimit,
    deadline_resume,
)
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

TARGET = ("tests.fake", "1")


def _open(cast) -> Deadline:
    # petition/accept: 10 calendar days, reminders 3, 1 and 0 days before; started Mon 02/03 → due Thu 12/03.
    return deadline_open(target=TARGET, unit=cast.sector, step="accept", subject="petition", assignee=cast.officer)


def _keys(user, deadline: Deadline) -> set[str]:
    return set(
        Notification.objects.filter(user=user, key__startswith=f"deadline:{deadline.pk}:").values_list("key", flat=True)
    )


def _cycle_at(deadline: Deadline, instant: dt.datetime) -> int:
    return Deadline.objects.annotate(then=clock_cycle_at(instant)).get(pk=deadline.pk).then


def test_a_new_limit_then_an_extension_each_start_a_run_reminded_breached_and_escalated_again(cast, fake_target):
    clock.set_now(at(2))
    deadline = _open(cast)
    clock.set_now(at(9, 8, 30))
    assert sweep_run().reminded == 1
    clock.set_now(at(10))

    deadline_relimit(target=TARGET, step="accept", days=20)

    deadline.refresh_from_db()
    # 20 days end on Sunday 22/03, carried to Monday 23/03.
    assert (deadline.due_on, deadline.cycle, deadline.extensions, deadline.reminders_sent) == (
        dt.date(2026, 3, 23),
        1,
        0,
        [],
    )
    clock.set_now(at(20, 8, 30))  # 3 days before the new due day: reminded again, under the run's key
    assert sweep_run().reminded == 1
    assert _keys(cast.officer, deadline) == {f"deadline:{deadline.pk}:remind:3", f"deadline:{deadline.pk}:x1:remind:3"}
    clock.set_now(at(24))
    assert (sweep_run().escalated, sweep_run().escalated) == (1, 0)
    assert Notification.objects.filter(user=cast.chair, key=f"deadline:{deadline.pk}:x1:breach").exists()

    clock.set_now(at(25))
    deadline_extend(target=TARGET, step="accept", new_due_on=dt.date(2026, 3, 27))
    deadline.refresh_from_db()
    assert (deadline.cycle, deadline.extensions) == (2, 1)
    clock.set_now(at(28))
    assert sweep_run().escalated == 1
    assert sweep_run().escalated == 0
    escalations = Escalation.objects.filter(deadline=deadline).order_by("pk")
    assert list(escalations.values_list("breach_seq", "status")) == [(1, "pending"), (2, "pending")]
    assert Notification.objects.filter(user=cast.officer, key=f"deadline:{deadline.pk}:x2:breach").exists()
    assert list(DeadlineChange.objects.filter(deadline=deadline).values_list("kind", "rearmed")) == [
        ("relimit", True),
        ("extend", True),
    ]
    # A day past reads the run in force then, as the escalation of that run's breach names it.
    assert [_cycle_at(deadline, at(day)) for day in (9, 11, 24, 26)] == [0, 1, 1, 2]


def test_an_extended_clock_keeps_the_keys_it_always_had(cast, fake_target):
    clock.set_now(at(2))
    deadline = _open(cast)
    clock.set_now(at(13))
    sweep_run()
    deadline_extend(target=TARGET, step="accept", new_due_on=dt.date(2026, 3, 20))
    clock.set_now(at(21))
    sweep_run()
    deadline.refresh_from_db()
    assert (deadline.cycle, deadline.extensions) == (1, 1)
    assert {f"deadline:{deadline.pk}:breach", f"deadline:{deadline.pk}:x1:breach"} <= _keys(cast.officer, deadline)


def test_a_new_limit_that_leaves_the_due_day_where_it_is_starts_no_run(cast, fake_target):
    clock.set_now(at(2))
    deadline = _open(cast)
    clock.set_now(at(9, 8, 30))
    sweep_run()

    deadline_relimit(target=TARGET, step="accept", days=10)

    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.cycle, deadline.reminders_sent) == (dt.date(2026, 3, 12), 0, [3])
    assert not DeadlineChange.objects.get(deadline=deadline).rearmed
    assert sweep_run().reminded == 0


def test_a_resumed_clock_goes_on_in_its_run_its_reminders_sent_stay_sent(cast, fake_target):
    clock.set_now(at(2))
    deadline = _open(cast)
    clock.set_now(at(9, 8, 30))
    sweep_run()
    clock.set_now(at(10))
    deadline_pause(target=TARGET, step="accept")
    clock.set_now(at(16, 7))

    deadline_resume(target=TARGET, step="accept")

    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.cycle, deadline.reminders_sent) == (dt.date(2026, 3, 18), 0, [3])
    clock.set_now(at(16, 9))  # 3 days before 18/03 falls on Sunday 15/03, due Monday: told on the 9th
    assert sweep_run().reminded == 0
    clock.set_now(at(17, 8, 30))
    assert sweep_run().reminded == 1
    assert _keys(cast.officer, deadline) == {f"deadline:{deadline.pk}:remind:3", f"deadline:{deadline.pk}:remind:1"}
    assert not DeadlineChange.objects.filter(deadline=deadline, rearmed=True).exists()


@pytest.mark.parametrize("swept_first", [True, False])
def test_a_new_limit_gone_by_is_the_same_breach_whether_or_not_the_sweep_came_first(cast, fake_target, swept_first):
    """A clock run out, given a new limit whose due day has gone by too, ran out under either limit: one
    breach, of the limit in force when it ran out and in its run as it stood, recorded by the sweep or, when
    no pass had come round, by the new limit itself; no pass records it again."""
    clock.set_now(at(2))
    deadline = _open(cast)
    if swept_first:
        clock.set_now(at(13))
        assert sweep_run().escalated == 1
    clock.set_now(at(14))
    deadline_relimit(target=TARGET, step="accept", days=5)  # Sat 07/03, carried to Mon 09/03: gone by
    clock.set_now(at(14, 10))
    assert (sweep_run().breached, sweep_run().escalated) == (0, 0)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.cycle, deadline.due_on) == (Deadline.Status.BREACHED, 0, dt.date(2026, 3, 9))
    escalation = Escalation.objects.get(deadline=deadline)
    assert (escalation.breach_seq, escalation.reason_params["due_on"]) == (0, "2026-03-12")
    assert Notification.objects.filter(user=cast.officer, key=f"deadline:{deadline.pk}:breach").count() == 1
    clock.set_now(at(15))
    deadline_extend(target=TARGET, step="accept", new_due_on=dt.date(2026, 3, 20))
    clock.set_now(at(21))
    assert sweep_run().escalated == 1

    deadline.refresh_from_db()
    assert deadline.cycle == 1
    assert list(DeadlineChange.objects.filter(deadline=deadline).values_list("kind", "rearmed")) == [
        ("relimit", False),
        ("extend", True),
    ]
    escalations = Escalation.objects.filter(deadline=deadline).order_by("pk")
    assert list(escalations.values_list("breach_seq", flat=True)) == [0, 1]
    breaches = Notification.objects.filter(key__startswith=f"deadline:{deadline.pk}", key__endswith=":breach")
    for user in (cast.officer, cast.chair):
        assert sorted(breaches.filter(user=user).values_list("key", flat=True)) == [
            f"deadline:{deadline.pk}:breach",
            f"deadline:{deadline.pk}:x1:breach",
        ]


def test_a_clock_paused_before_its_new_due_day_runs_on_after_a_new_limit(cast, fake_target):
    clock.set_now(at(2))
    deadline = _open(cast)
    clock.set_now(at(5))
    deadline_pause(target=TARGET, step="accept")
    clock.set_now(at(14))

    deadline_relimit(target=TARGET, step="accept", days=5)  # 09/03: gone by, but the pause holds it

    deadline.refresh_from_db()
    assert (deadline.status, deadline.cycle) == (Deadline.Status.PAUSED, 1)
    assert DeadlineChange.objects.get(deadline=deadline, kind="relimit").rearmed


def _paused_past_its_due(cast) -> Deadline:
    """A clock (due Thu 12/03) standing paused since Fri 13/03 09:00, after it ran out, with no breach recorded:
    a state deadline_pause does not make (it records the breach instead), which a resume and a new limit
    still read right."""
    clock.set_now(at(2))
    deadline = _open(cast)
    Deadline.objects.filter(pk=deadline.pk).update(
        status=Deadline.Status.PAUSED, paused_at=at(13), next_reminder_at=None
    )
    DeadlineChange.objects.create(
        deadline=deadline,
        at=at(13),
        kind=DeadlineChange.Kind.PAUSE,
        due_on_before=deadline.due_on,
        due_on_after=deadline.due_on,
        paused_from=at(13),
    )
    return deadline


def test_a_pause_after_the_due_moment_records_the_breach_and_pauses_nothing(cast, fake_target):
    clock.set_now(at(2))
    deadline = _open(cast)
    clock.set_now(at(13))

    assert deadline_pause(target=TARGET, step="accept") == 0

    deadline.refresh_from_db()
    assert (deadline.status, deadline.breached_at, deadline.paused_at) == (Deadline.Status.BREACHED, at(13), None)
    assert list(Escalation.objects.filter(deadline=deadline).values_list("breach_seq", flat=True)) == [0]
    assert not DeadlineChange.objects.filter(deadline=deadline).exists()
    clock.set_now(at(20))
    assert deadline_resume(target=TARGET, step="accept") == []
    assert sweep_run().breached == 0


def test_a_clock_paused_after_it_ran_out_is_breached_at_its_pause_when_resumed_not_moved_on(cast, fake_target):
    deadline = _paused_past_its_due(cast)
    clock.set_now(at(20))

    assert deadline_resume(target=TARGET, step="accept") == []

    deadline.refresh_from_db()
    assert (
        deadline.status,
        deadline.due_on,
        deadline.paused_days,
        deadline.breached_at,
        deadline.next_reminder_at,
    ) == (
        Deadline.Status.BREACHED,
        dt.date(2026, 3, 12),
        0,
        at(13),
        None,
    )
    # Its pause ends in its history, its due day where it was.
    assert list(
        DeadlineChange.objects.filter(deadline=deadline).values_list("kind", "due_on_after", "paused_until")
    ) == [
        ("pause", dt.date(2026, 3, 12), None),
        ("resume", dt.date(2026, 3, 12), at(20)),
    ]
    assert list(Escalation.objects.filter(deadline=deadline).values_list("breach_seq", "status")) == [(0, "pending")]
    assert Notification.objects.filter(user=cast.officer, key=f"deadline:{deadline.pk}:breach").exists()
    assert sweep_run().breached == 0


def test_a_new_limit_on_a_clock_paused_after_it_ran_out_records_that_breach_then_starts_a_run(cast, fake_target):
    deadline = _paused_past_its_due(cast)
    clock.set_now(at(16))

    deadline_relimit(target=TARGET, step="accept", days=20)

    deadline.refresh_from_db()
    # As the clock the sweep had marked before its pause: breached (a pause holds no breached clock), then
    # run again by the new limit, the breach of its first run escalated.
    assert (deadline.status, deadline.due_on, deadline.cycle, deadline.breached_at) == (
        Deadline.Status.OPEN,
        dt.date(2026, 3, 23),
        1,
        None,
    )
    assert list(Escalation.objects.filter(deadline=deadline).values_list("breach_seq", flat=True)) == [0]
    assert list(DeadlineChange.objects.filter(deadline=deadline).values_list("kind", "rearmed")) == [
        ("pause", False),
        ("resume", False),
        ("relimit", True),
    ]


def _breach_record(deadline: Deadline) -> dict:
    """The clock, and what the trail, the notices and leadership's queue hold of its breaches."""
    deadline.refresh_from_db()
    return {
        "clock": (
            deadline.status,
            deadline.due_on,
            deadline.cycle,
            deadline.extensions,
            deadline.breached_at,
            deadline.reminders_sent,
            deadline.next_reminder_at,
        ),
        "history": list(DeadlineChange.objects.filter(deadline=deadline).values_list("kind", "rearmed")),
        "breaches": [
            e.after["reason_params"]["due_on"]
            for e in AuditEvent.objects.filter(action="deadline.breach", target_type=TARGET[0], target_id=TARGET[1])
        ],
        "escalations": list(
            Escalation.objects.filter(deadline=deadline)
            .order_by("pk")
            .values_list("breach_seq", "status", "reason_code", "reason_params")
        ),
        "told": sorted(
            Notification.objects.filter(
                key__startswith=f"deadline:{deadline.pk}:", key__endswith=":breach"
            ).values_list("user__username", "key")
        ),
    }


@pytest.mark.parametrize("swept_first", [True, False], ids=["swept-first", "not-swept"])
def test_an_extension_after_the_due_moment_leaves_the_breach_whether_or_not_the_sweep_came_first(
    cast, fake_target, swept_first
):
    """Due Thu 12/03, extended on the morning of 13/03 to 20/03, before or after the sweep's pass: the breach of
    the first run is recorded, told and escalated once either way; the clock then runs towards 20/03 in a run
    of its own, reminded again, and breached past it as a new breach."""
    clock.set_now(at(2))
    deadline = _open(cast)
    clock.set_now(at(13, 8))
    if swept_first:
        assert sweep_run().escalated == 1
    clock.set_now(at(13, 10))

    deadline_extend(target=TARGET, step="accept", new_due_on=dt.date(2026, 3, 20))

    record = _breach_record(deadline)
    assert record == {
        "clock": (
            Deadline.Status.OPEN,
            dt.date(2026, 3, 20),
            1,
            1,
            None,
            [],
            at(17, 8),  # 3 days before the new due day, at the office's opening
        ),
        "history": [("extend", True)],
        "breaches": ["2026-03-12"],
        "escalations": [(0, "pending", STEP_OVERDUE, {STEP_NAME: "accept", "due_on": "2026-03-12"})],
        "told": sorted(
            [
                (cast.officer.username, f"deadline:{deadline.pk}:breach"),
                (cast.chair.username, f"deadline:{deadline.pk}:breach"),
            ]
        ),
    }
    # In the trail the breach comes before the extension's new due day.
    breach = AuditEvent.objects.get(action="deadline.breach", target_id=TARGET[1])
    assert breach.at <= DeadlineChange.objects.get(deadline=deadline).at
    # The sweep afterwards records that breach no second time.
    clock.set_now(at(13, 11))
    swept = sweep_run()
    assert (swept.breached, swept.escalated) == (0, 0)
    assert _breach_record(deadline) == record
    # The new run, run out, is a breach of its own.
    clock.set_now(at(21))
    assert sweep_run().escalated == 1
    assert list(Escalation.objects.filter(deadline=deadline).values_list("breach_seq", flat=True)) == [0, 1]


def test_an_extension_of_a_clock_paused_after_it_ran_out_records_that_breach_then_runs_on(cast, fake_target):
    deadline = _paused_past_its_due(cast)
    clock.set_now(at(16))

    deadline_extend(target=TARGET, step="accept", new_due_on=dt.date(2026, 3, 20))

    deadline.refresh_from_db()
    # Breached as of its pause (a pause holds no clock run out), then given more time: it runs on.
    assert (deadline.status, deadline.due_on, deadline.cycle, deadline.breached_at) == (
        Deadline.Status.OPEN,
        dt.date(2026, 3, 20),
        1,
        None,
    )
    assert AuditEvent.objects.get(action="deadline.breach", target_id=TARGET[1]).after["reason_params"] == {
        "due_on": "2026-03-12"
    }
    assert list(Escalation.objects.filter(deadline=deadline).values_list("breach_seq", flat=True)) == [0]
    assert list(DeadlineChange.objects.filter(deadline=deadline).values_list("kind", "rearmed")) == [
        ("pause", False),
        ("resume", False),
        ("extend", True),
    ]
