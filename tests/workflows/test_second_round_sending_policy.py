"""The second-round decision's sending limit is 07 days (Luật Khiếu nại 2011 Đ.41 khoản 1), corrected as the
project changes policy (workflows migration 0020): in place on a version nothing uses yet, else in a new
version in force from the next day, the versions in use and their cases keeping their rule. And the clocks
stopped late before the sweep marked them get their due moment as their breach (migration 0021)."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from casework.audit.models import AuditEvent
from core import clock
from tests.builders import accepted
from workflows.models import Deadline, DeadlineRule, PolicyVersion
from workflows.policy_cache import reset as policy_reset
from workflows.services.policy import policy_current

pytestmark = pytest.mark.django_db

FIX = import_module("workflows.migrations.0020_second_round_decision_sent_in_days")
BACKFILL = import_module("workflows.migrations.0021_stopped_late_clocks_dated")


def _rule(version: PolicyVersion, subject: str = "complaint_2") -> DeadlineRule:
    return DeadlineRule.objects.get(version=version, subject=subject, step="send_decision", variant="normal")


def _as_seeded(version: PolicyVersion) -> None:
    """The rule as migration 0012 seeded it, in the policy as it stood before migration 0022 (version 1 alone)."""
    PolicyVersion.objects.filter(number__gt=version.number).delete()
    DeadlineRule.objects.filter(pk=_rule(version).pk).update(day_unit="working", source="Luật Khiếu nại 2011 Đ.41")
    policy_reset()


def test_the_seeded_policy_sends_the_second_round_decision_in_days_and_the_first_in_working_days(db):
    version = PolicyVersion.objects.get(number=1)
    second, first = _rule(version), _rule(version, "complaint_1")
    assert (second.days, second.day_unit, second.source) == (7, "calendar", "Luật Khiếu nại 2011 Đ.41 khoản 1")
    assert (first.days, first.day_unit, first.source) == (3, "working", "Luật Khiếu nại 2011 Đ.32")


def test_a_version_nothing_uses_is_corrected_in_place(db):
    version = PolicyVersion.objects.get(number=1)
    _as_seeded(version)
    FIX.forwards(apps, None)
    assert _rule(version).day_unit == "calendar"
    assert PolicyVersion.objects.count() == 1


def test_a_version_in_use_keeps_its_rule_and_a_new_version_from_tomorrow_corrects_it(cast, frozen_clock):
    version = PolicyVersion.objects.get(number=1)
    _as_seeded(version)
    case = accepted(cast)
    assert case.policy_version_id == version.pk
    rules_before = DeadlineRule.objects.filter(version=version).count()
    FIX.forwards(apps, None)
    assert _rule(version).day_unit == "working"  # the cases started under it keep it
    new = PolicyVersion.objects.get(number=2)
    assert new.effective_from == clock.today() + dt.timedelta(days=1)
    assert (_rule(new).days, _rule(new).day_unit, _rule(new).source) == (
        7,
        "calendar",
        "Luật Khiếu nại 2011 Đ.41 khoản 1",
    )
    copied = DeadlineRule.objects.filter(version=new)
    assert copied.count() == rules_before
    assert _rule(new, "complaint_1").day_unit == "working"
    event = AuditEvent.objects.get(action="policy.copy", target_id=str(new.pk))
    assert event.after["copied_from"] == 1
    policy_reset()
    assert policy_current(on=clock.today()).number == 1
    assert policy_current(on=clock.today() + dt.timedelta(days=1)).number == 2
    FIX.forwards(apps, None)  # run again: nothing left to correct
    assert PolicyVersion.objects.count() == 2


def test_clocks_stopped_past_their_due_moment_get_it_as_their_breach(cast, frozen_clock):
    late = Deadline.objects.get(target_id=str(accepted(cast).pk), step="resolve")
    paused_in_time = Deadline.objects.get(target_id=str(accepted(cast, title="Đơn tạm dừng").pk), step="resolve")
    in_time = Deadline.objects.get(target_id=str(accepted(cast, title="Đơn đúng hạn").pk), step="resolve")

    def after(deadline: Deadline) -> dt.datetime:
        return deadline.due_at + dt.timedelta(days=2)

    Deadline.objects.filter(pk=late.pk).update(status="met", closed_at=after(late), breached_at=None)
    Deadline.objects.filter(pk=paused_in_time.pk).update(
        status="cancelled", closed_at=after(paused_in_time), paused_at=clock.now(), breached_at=None
    )
    Deadline.objects.filter(pk=in_time.pk).update(status="met", closed_at=clock.now(), breached_at=None)
    BACKFILL.date_late_stops(apps, None)
    for deadline in (late, paused_in_time, in_time):
        deadline.refresh_from_db()
    assert late.breached_at == late.due_at
    assert (paused_in_time.breached_at, in_time.breached_at) == (None, None)
