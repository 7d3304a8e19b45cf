"""Clocks moved before they counted their runs get them from what they recorded (workflows 0032): their
extensions, and each new limit that moved the due day of a clock that ran on after it; the escalation of a
breach after such a limit is renumbered to its run, so the coverage proof finds it and the next breach is
escalated as a new one. A new limit whose due day had gone by when it was set started no run (the clock had
run out under either limit), whatever became of the clock afterwards; one set on a clock paused before that
day did (its resume moves the day on)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import transaction

from core import clock
from tests.workflows.conftest import at
from workflows.models import Deadline, DeadlineChange, Escalation
from workflows.services.deadlines import deadline_extend, deadline_open, deadline_pause, deadline_relimit
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

step = importlib.import_module("workflows.migrations.0032_deadline_cycle")


def _as_before_0032() -> None:
    """The fields 0032 adds, as it adds them: no clock has counted a run, no change started one."""
    Deadline.objects.update(cycle=0)
    DeadlineChange.objects.update(rearmed=False)


def _open(cast, target_id: str) -> Deadline:
    # petition/accept: 10 calendar days from Mon 02/03 → due Thu 12/03.
    return deadline_open(
        target=("tests.fake", target_id), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
    )


def test_the_runs_of_clocks_moved_before_are_counted_from_their_history(cast, fake_target):
    clock.set_now(at(2))
    relimited, stayed, extended = _open(cast, "1"), _open(cast, "2"), _open(cast, "3")
    clock.set_now(at(5))
    with transaction.atomic():  # the services lock the clock: the caller owns the transaction
        deadline_relimit(target=("tests.fake", "1"), step="accept", days=20)  # runs on to Mon 23/03
    clock.set_now(at(13))
    sweep_run()  # the other two run out
    with transaction.atomic():  # the services lock the clock: the caller owns the transaction
        deadline_extend(target=("tests.fake", "3"), step="accept", new_due_on=at(20).date())
    clock.set_now(at(24))
    with transaction.atomic():  # the services lock the clock: the caller owns the transaction
        deadline_relimit(target=("tests.fake", "2"), step="accept", days=15)  # 17/03: gone by, stays breached
    sweep_run()  # the first runs out after its new limit, the extended one after its extension
    # As the clocks stood: runs not counted, escalations numbered by the extensions their clock had.
    _as_before_0032()
    Escalation.objects.filter(deadline=relimited).update(breach_seq=0)

    step._cycles(apps, None)

    cycles = dict(Deadline.objects.values_list("pk", "cycle"))
    assert [cycles[d.pk] for d in (relimited, stayed, extended)] == [1, 0, 1]
    assert list(DeadlineChange.objects.order_by("deadline", "at").values_list("deadline", "kind", "rearmed")) == [
        (relimited.pk, "relimit", True),
        (stayed.pk, "relimit", False),
        (extended.pk, "extend", True),
    ]
    seqs = dict(Escalation.objects.values_list("deadline", "breach_seq"))
    assert seqs[relimited.pk] == 1 and seqs[stayed.pk] == 0
    assert sorted(Escalation.objects.filter(deadline=extended).values_list("breach_seq", flat=True)) == [0, 1]


def test_a_new_limit_gone_by_when_set_starts_no_run_whatever_followed(cast, fake_target):
    clock.set_now(at(2))
    again, paused = _open(cast, "1"), _open(cast, "2")
    clock.set_now(at(5))
    with transaction.atomic():  # the services lock the clock: the caller owns the transaction
        deadline_pause(target=("tests.fake", "2"), step="accept")
    clock.set_now(at(13))
    sweep_run()  # the first runs out
    clock.set_now(at(14))
    with transaction.atomic():  # the services lock the clock: the caller owns the transaction
        deadline_relimit(target=("tests.fake", "1"), step="accept", days=5)  # gone by: stays breached
        deadline_relimit(target=("tests.fake", "2"), step="accept", days=5)  # gone by, but paused before it
        deadline_extend(target=("tests.fake", "1"), step="accept", new_due_on=at(16).date())
    clock.set_now(at(17))
    sweep_run()  # the extended one runs out again: its breach now stands after the new limit
    _as_before_0032()

    step._cycles(apps, None)

    cycles = dict(Deadline.objects.values_list("pk", "cycle"))
    assert [cycles[again.pk], cycles[paused.pk]] == [1, 1]
    rearmed = DeadlineChange.objects.filter(kind="relimit").order_by("deadline").values_list("deadline", "rearmed")
    assert list(rearmed) == [(again.pk, False), (paused.pk, True)]
    assert sorted(Escalation.objects.filter(deadline=again).values_list("breach_seq", flat=True)) == [0, 1]
