"""A chip names the step whose deadline it reads (`DeadlineStatus.step_label`), whatever it says:
on time, overdue, or escalated because another late clock of the same object was escalated."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from workflows.deadline_status import ESCALATED, ON_TIME, OVERDUE, status_of, target_key
from workflows.models import Deadline
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db


def _accept_clock(case) -> Deadline:
    kind, pk = target_key(case)
    return Deadline.objects.get(target_type=kind, target_id=pk, step="accept", status=Deadline.Status.OPEN)


def test_the_chip_names_its_step_on_time_and_overdue(cast, make_case):
    case = make_case()
    chip = status_of(case, clock.now())
    assert (chip.code, chip.step_label) == (ON_TIME, "thụ lý")

    clock.set_now(_accept_clock(case).due_at + dt.timedelta(days=1))
    chip = status_of(case, clock.now())
    assert (chip.code, chip.step_label) == (OVERDUE, "thụ lý")


def test_an_escalated_chip_names_the_step_it_reads(cast, make_case):
    case = make_case()
    accept = _accept_clock(case)
    # An earlier clock of the same case: the chip reads it, and the escalation of the other one.
    deadline_open(
        target=case,
        unit=cast.sector,
        step="resolve",
        subject=case.deadline_subject,
        due_on=accept.due_on - dt.timedelta(days=1),
    )
    clock.set_now(accept.due_at + dt.timedelta(days=1))
    escalation_open(target=case, unit=cast.sector, reason="Quá hạn xử lý", deadline=accept, actor=cast.chair)
    chip = status_of(case, clock.now())
    assert (chip.code, chip.step_label) == (ESCALATED, "giải quyết")
