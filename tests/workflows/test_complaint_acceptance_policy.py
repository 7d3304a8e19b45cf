"""A complaint, first or second round, is accepted within 07 working days of its receipt (Nghị định
124/2020/NĐ-CP Đ.16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10, in force 01/07/2026); a letter
received before that day keeps the 10 days of Luật Khiếu nại 2011 Đ.27 / Đ.36. Migration 0022 puts the rule
in a version in force from 01/07/2026 (a case takes the version in force on its received day), correcting in
place only a version nothing uses that starts on or after that day; the versions in use, their cases and
their clocks keep their rule."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from casework.audit.models import AuditEvent
from casework.cases.selectors import case_deadlines
from casework.cases.services import case_complaint_second, case_notify_result
from casework.org.models import Role
from core import clock
from tests.builders import decided, intake
from tests.factories import UserFactory
from workflows.models import Deadline, DeadlineRule, PolicyVersion
from workflows.policy_cache import reset as policy_reset
from workflows.services.policy import policy_current

pytestmark = pytest.mark.django_db

FIX = import_module("workflows.migrations.0023_complaint_acceptance_in_working_days")
IN_FORCE = dt.date(2026, 7, 1)
NEW_SOURCE = "Nghị định 124/2020/NĐ-CP Đ.16 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10)"


def _accept_rule(version: PolicyVersion, subject: str = "complaint_1") -> DeadlineRule:
    return DeadlineRule.objects.get(version=version, subject=subject, step="accept", variant="normal")


def _acceptance(case) -> Deadline:
    (deadline,) = [d for d in case_deadlines(case=case) if d.step == "accept"]
    return deadline


def _at(day: dt.date) -> None:
    clock.set_now(dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC))  # 09:00 in Hà Nội


def _before_the_fix() -> PolicyVersion:
    """The policy as migration 0022 found it: version 1 alone, with the 10 days of migration 0002."""
    PolicyVersion.objects.filter(number__gt=1).delete()
    policy_reset()
    return PolicyVersion.objects.get(number=1)


def test_the_seeded_policy_accepts_in_seven_working_days_from_the_first_of_july_2026(db):
    v1 = PolicyVersion.objects.get(number=1)
    new = policy_current(on=IN_FORCE)
    assert new.number > 1 and new.effective_from == IN_FORCE
    assert policy_current(on=IN_FORCE - dt.timedelta(days=1)) == v1
    for subject, article in (("complaint_1", "Đ.27"), ("complaint_2", "Đ.36")):
        old, rule = _accept_rule(v1, subject), _accept_rule(new, subject)
        assert (old.days, old.day_unit, old.source) == (10, "calendar", f"Luật Khiếu nại 2011 {article}")
        assert (rule.days, rule.day_unit, rule.source) == (7, "working", NEW_SOURCE)

    # Every other rule is the one version 1 holds.
    def others(version):
        return sorted(
            DeadlineRule.objects.filter(version=version)
            .exclude(subject__in=["complaint_1", "complaint_2"], step="accept", variant="normal")
            .values_list("subject", "step", "variant", "days", "day_unit", "on_breach", "source")
        )

    assert others(new) == others(v1)
    assert _accept_rule(new, "denunciation").day_unit == "working"


def test_a_complaint_received_after_the_first_of_july_is_accepted_in_seven_working_days(cast):
    """Received Friday 28/08/2026: the weekend, the day off of 31/8 and National Day (1-2/9) are not
    counted; the seventh working day is Friday 11/9. Ten days would have ended on Monday 7/9."""
    _at(dt.date(2026, 8, 28))
    case = intake(cast.intake, cast.sector, title="Đơn khiếu nại nhận sau 01/07/2026")
    deadline = _acceptance(case)
    assert case.policy_version.effective_from == IN_FORCE
    assert (deadline.days, deadline.day_unit, deadline.due_on) == (7, "working", dt.date(2026, 9, 11))
    assert deadline.rule.source == NEW_SOURCE


def test_a_second_complaint_received_after_the_first_of_july_is_accepted_in_seven_working_days(cast):
    _at(dt.date(2026, 8, 27))
    first = decided(cast)
    case_notify_result(case=first, actor=cast.officer)
    _at(dt.date(2026, 8, 28))
    intake_officer = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    second = case_complaint_second(first=first, actor=intake_officer, received_on=clock.today(), content="Không đồng ý")
    deadline = _acceptance(second)
    assert (deadline.days, deadline.day_unit, deadline.due_on) == (7, "working", dt.date(2026, 9, 11))
    assert deadline.rule.subject == "complaint_2" and deadline.rule.source == NEW_SOURCE


def test_a_complaint_received_before_the_first_of_july_keeps_ten_days(cast):
    _at(dt.date(2026, 7, 2))
    case = intake(cast.intake, cast.sector, title="Đơn nhận 30/06", received_on=dt.date(2026, 6, 30))
    deadline = _acceptance(case)
    assert case.policy_version.number == 1
    assert (deadline.days, deadline.day_unit, deadline.due_on) == (10, "calendar", dt.date(2026, 7, 10))


def test_a_case_started_under_a_version_in_use_keeps_its_rule_and_later_letters_take_the_new_one(cast):
    v1 = _before_the_fix()
    _at(dt.date(2026, 12, 4))
    # Entered before the fix, received after 01/07/2026: it started under version 1 and keeps its 10 days.
    earlier = intake(cast.intake, cast.sector, title="Đơn nhận 28/08", received_on=dt.date(2026, 8, 28))
    before = _acceptance(earlier)
    assert (earlier.policy_version_id, before.days, before.day_unit) == (v1.pk, 10, "calendar")

    FIX.forwards(apps, None)
    policy_reset()
    assert (_accept_rule(v1).days, _accept_rule(v1).day_unit) == (10, "calendar")
    new = PolicyVersion.objects.get(number=2)
    assert new.effective_from == IN_FORCE
    assert (_accept_rule(new).days, _accept_rule(new).day_unit, _accept_rule(new).source) == (7, "working", NEW_SOURCE)
    assert _accept_rule(new, "complaint_2").day_unit == "working"
    assert DeadlineRule.objects.filter(version=new).count() == DeadlineRule.objects.filter(version=v1).count()
    event = AuditEvent.objects.get(action="policy.copy", target_id=str(new.pk))
    assert event.after["copied_from"] == 1

    earlier.refresh_from_db()
    after = _acceptance(earlier)
    assert (earlier.policy_version_id, after.pk, after.days, after.due_on) == (v1.pk, before.pk, 10, before.due_on)
    # A letter received in the same days and entered now takes the version in force on its received day.
    late = intake(cast.intake, cast.sector, title="Đơn nhận 28/08, vào sổ muộn", received_on=dt.date(2026, 8, 28))
    assert late.policy_version_id == new.pk
    assert (_acceptance(late).day_unit, _acceptance(late).due_on) == ("working", dt.date(2026, 9, 11))
    june = intake(cast.intake, cast.sector, title="Đơn nhận 30/06, vào sổ muộn", received_on=dt.date(2026, 6, 30))
    assert june.policy_version_id == v1.pk

    FIX.forwards(apps, None)  # run again: nothing left to correct
    assert PolicyVersion.objects.count() == 2


def test_a_version_nothing_uses_from_after_the_first_of_july_is_corrected_in_place(cast):
    v1 = _before_the_fix()
    _at(dt.date(2026, 12, 4))
    intake(cast.intake, cast.sector, title="Đơn theo phiên bản 1")  # version 1 in use
    later = PolicyVersion.objects.create(number=2, effective_from=dt.date(2026, 12, 6), note="Bản sao chưa dùng")
    for rule in DeadlineRule.objects.filter(version=v1):
        rule.pk, rule.version = None, later
        rule.save()
    DeadlineRule.objects.filter(version=later, subject="complaint_1", step="accept").update(days=12)  # changed

    FIX.forwards(apps, None)
    policy_reset()
    # Version 2 starts after 01/07/2026 and is unused: its seeded second round is corrected, the first
    # round an administrator changed is left; version 1 decides 01/07 itself, so a version from that day
    # (a copy of the newest) corrects it.
    assert (_accept_rule(later, "complaint_2").days, _accept_rule(later, "complaint_2").day_unit) == (7, "working")
    assert _accept_rule(later).days == 12
    assert (_accept_rule(v1).days, _accept_rule(v1, "complaint_2").days) == (10, 10)
    copy = PolicyVersion.objects.get(number=3)
    assert copy.effective_from == IN_FORCE
    assert _accept_rule(copy).days == 12 and _accept_rule(copy, "complaint_2").day_unit == "working"
    assert policy_current(on=IN_FORCE) == copy


def test_a_new_installation_records_no_copy(db):
    _before_the_fix()
    FIX.forwards(apps, None)
    new = PolicyVersion.objects.get(number=2)
    assert new.effective_from == IN_FORCE and _accept_rule(new).day_unit == "working"
    assert not AuditEvent.objects.filter(action="policy.copy").exists()
