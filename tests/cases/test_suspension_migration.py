"""Cases suspended under the rule that paused every clock get their notice and sending clocks running
again: a suspension stops only the resolution limit (Luật Tố cáo 2018 Đ.34 khoản 2)."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from casework.cases.models import Kind, SuspensionGround
from casework.cases.services import case_accept, case_assign, case_start_verification, case_suspend
from core import clock
from workflows.models import Deadline
from workflows.sweep import sweep_deadlines

pytestmark = pytest.mark.django_db

run_paused_clocks = import_module("casework.cases.migrations.0019_suspension_pauses_only_resolution").run_paused_clocks


def _clock(case, step: str) -> Deadline:
    return Deadline.objects.get(target_type="cases.case", target_id=str(case.pk), step=step)


def test_a_case_suspended_under_the_old_rule_has_its_notice_clocks_running_again(cast, make_case, frozen_clock):
    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Căn cứ thụ lý"
    )
    case = case_start_verification(
        case=case_assign(case=case, actor=cast.chair, assignee=cast.officer), actor=cast.officer
    )
    case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_OTHER_BODY, reason="Chờ Thanh tra")
    notice = _clock(case, "notify_denounced")
    assert notice.status == Deadline.Status.OPEN  # the current rule leaves it running
    due_on = notice.due_on
    # What the old rule left behind: every clock of the suspended case paused.
    Deadline.objects.filter(pk=notice.pk).update(
        status=Deadline.Status.PAUSED, paused_at=clock.now(), next_reminder_at=None
    )
    make_case(kind=Kind.COMPLAINT)  # another case, whose clocks are not touched
    untouched = set(Deadline.objects.exclude(target_id=str(case.pk)).values_list("pk", "status", "due_on"))

    run_paused_clocks(apps, None)

    notice.refresh_from_db()
    assert (notice.status, notice.paused_at, notice.due_on) == (Deadline.Status.OPEN, None, due_on)
    assert _clock(case, "resolve").status == Deadline.Status.PAUSED  # the resolution limit stays stopped
    assert set(Deadline.objects.exclude(target_id=str(case.pk)).values_list("pk", "status", "due_on")) == untouched
    # Running again on its own due date: past it, the sweep marks it breached like any running clock.
    clock.set_now(clock.now() + dt.timedelta(days=30))
    sweep_deadlines()
    notice.refresh_from_db()
    assert notice.status == Deadline.Status.BREACHED
