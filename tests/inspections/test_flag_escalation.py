"""A flag with no inspection after its deadline escalates; leadership's decision ends or restarts it."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import clock
from casework.inspections import selectors
from casework.inspections.models import Flag
from tests.inspections.conftest import open_ad_hoc, raise_flag
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run


def _breach(flag):
    clock.advance(dt.timedelta(days=35))
    sweep_run()
    return Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk))


def _bucket(flag):
    return selectors.flag_bucket(flag=flag)


def test_overdue_flag_is_unaccounted_until_the_sweep_escalates_it(cast, frozen_clock):
    flag = raise_flag(cast)
    assert _bucket(flag) == "in_progress"
    clock.advance(dt.timedelta(days=35))
    assert _bucket(flag) == "unaccounted"
    sweep_run()
    assert _bucket(flag) == "overdue_escalated"
    assert selectors.coverage_by_unit(user=None)["complete"] is True


def test_approve_decides_the_flag_with_the_leadership_reason(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="approve", reason="Đơn vị đã tự khắc phục"
    )
    flag.refresh_from_db()
    assert (flag.status, flag.escalation_id) == (Flag.Status.DECIDED, escalation.pk)
    assert flag.decision_reason == "Đơn vị đã tự khắc phục"
    assert _bucket(flag) == "ended_by_leadership"


def test_return_restarts_the_clock_with_instructions(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="return", reason="Mở ngay cuộc kiểm tra"
    )
    flag.refresh_from_db()
    assert (flag.status, flag.instructions) == (Flag.Status.RAISED, "Mở ngay cuộc kiểm tra")
    running = Deadline.objects.filter(target_type="inspections.flag", target_id=str(flag.pk), status="open")
    assert running.count() == 1
    assert _bucket(flag) == "in_progress"
    # The fresh clock breaches too: escalated again, never silently overdue.
    clock.advance(dt.timedelta(days=35))
    assert _bucket(flag) == "unaccounted"
    sweep_run()
    assert _bucket(flag) == "overdue_escalated"


def test_extend_moves_the_deadline(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    new_due = clock.today() + dt.timedelta(days=10)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="extend", reason="Gia hạn", new_due_on=new_due
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED
    assert Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk)).due_on == new_due
    assert _bucket(flag) == "in_progress"


@pytest.mark.parametrize(
    "decision,extra",
    [
        ("refer", {"refer_to": "authorities", "referred_body": "Thanh tra tỉnh"}),
        ("discipline", {"discipline": "canh_cao"}),
    ],
)
def test_refer_and_discipline_decide_the_flag(cast, frozen_clock, decision, extra):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision=decision, reason="Quyết định", **extra
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DECIDED


def test_flag_assigned_after_breach_stays_accounted(cast, frozen_clock):
    flag = raise_flag(cast)
    _breach(flag)
    open_ad_hoc(cast, [flag])
    assert _bucket(flag) in ("overdue_escalated", "in_progress")


def test_refer_to_the_superior_union_keeps_the_flag_open_and_escalated(cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = _breach(flag)
    escalation_decide(
        escalation=escalation, actor=cast.province_leader, decision="refer", reason="Lên cấp trên", refer_to="superior"
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RAISED
    assert _bucket(flag) == "overdue_escalated"
