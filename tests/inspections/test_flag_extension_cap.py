"""A leadership extension of a flag's clock to open an inspection gives at most the days of the policy's
rule "flag/extend" (a committee value, cited on the row; QĐ 684/QĐ-TLĐ sets no figure), read from the
policy version the clock counts under, the way each extension of a denunciation is capped (Luật Tố cáo 2018
Đ.30): from its due day, or from the day of the decision for a clock already run out. A new due day past it
is refused before the confirmation, on the page and in the API, with nothing written; the decision refuses
it again under its lock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.inspections import services as inspections
from casework.inspections.models import Flag
from core import clock
from core.errors import ValidationFailed
from tests.builders import api_client, raise_flag
from workflows.calendar import WorkingCalendar
from workflows.models import Deadline, DeadlineRule, Escalation
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db

REASON = "Cần thêm thời gian thu thập tài liệu."


def _clock(flag: Flag) -> Deadline:
    return Deadline.objects.get(target_type="inspections.flag", target_id=str(flag.pk), step="open_inspection")


def _latest(start: dt.date, days: int = 30) -> dt.date:
    """The last day `days` calendar days after `start` (Bộ luật Dân sự 2015 Đ.148: a last day that is a
    holiday or a weekend moves to the next working day)."""
    return WorkingCalendar.load().due_date(start, days, "calendar")


def _extend(escalation: Escalation, new_due_on: dt.date, actor) -> Escalation:
    return escalation_decide(
        escalation=escalation, actor=actor, decision="extend", reason=REASON, new_due_on=new_due_on
    )


def test_the_cap_is_a_cited_policy_row_of_every_version(cast, frozen_clock):
    rows = DeadlineRule.objects.filter(subject="flag", step="extend")
    assert rows.exists()
    assert all((r.days, r.day_unit) == (30, "calendar") and "UBKT" in r.source for r in rows)
    rows.first().full_clean()  # a cap, no clock: the rule on flag clocks' breaches does not apply to it


def test_an_extension_past_the_cap_is_refused_before_the_confirmation(client, cast, frozen_clock):
    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    due = _clock(flag).due_on
    client.force_login(cast.leader)
    events = AuditEvent.objects.count()
    latest = _latest(due)
    too_far = latest + dt.timedelta(days=1)
    page = client.post(
        reverse("workflows:detail", args=[escalation.pk]),
        {"decision": "extend", "reason": REASON, "new_due_on": too_far.isoformat(), "version": escalation.version},
    )
    text = page.content.decode()
    assert page.status_code == 400 and 'name="confirmed"' not in text
    assert f"Hạn mới không được muộn hơn {latest:%d/%m/%Y}" in text
    answer = api_client(cast.leader).post(
        f"/api/escalations/{escalation.pk}/decide/",
        {"decision": "extend", "reason": REASON, "new_due_on": too_far.isoformat()},
        format="json",
    )
    assert answer.status_code == 400 and "new_due_on" in str(answer.json())
    with pytest.raises(ValidationFailed):
        _extend(escalation, too_far, cast.leader)
    assert AuditEvent.objects.count() == events
    assert (_clock(flag).due_on, _clock(flag).extensions) == (due, 0)
    # At the cap: taken, and the clock moves.
    _extend(escalation, latest, cast.leader)
    assert (_clock(flag).due_on, _clock(flag).extensions) == (latest, 1)


def test_the_cap_follows_the_policy_row(cast, frozen_clock):
    flag = raise_flag(cast)
    row = DeadlineRule.objects.get(version=_clock(flag).rule.version, subject="flag", step="extend")
    row.days = 10
    row.save()
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    due = _clock(flag).due_on
    latest = _latest(due, 10)
    assert latest < _latest(due)
    with pytest.raises(ValidationFailed) as refused:
        _extend(escalation, latest + dt.timedelta(days=1), cast.leader)
    assert "tối đa 10 ngày" in refused.value.fields["new_due_on"][0]
    _extend(escalation, latest, cast.leader)
    assert _clock(flag).due_on == latest


def test_a_clock_run_out_is_extended_from_the_day_of_the_decision(cast, frozen_clock):
    from workflows.sweep import sweep_run

    flag = raise_flag(cast)
    due = _clock(flag).due_on
    clock.advance(dt.timedelta(days=75))
    sweep_run()
    escalation = Escalation.objects.get(target_type="inspections.flag", target_id=str(flag.pk), automatic=True)
    today = clock.today()
    assert today > _latest(due)
    with pytest.raises(ValidationFailed):
        _extend(escalation, _latest(today) + dt.timedelta(days=1), cast.province_leader)
    _extend(escalation, _latest(today), cast.province_leader)
    assert _clock(flag).due_on == _latest(today)


def test_two_leaders_extending_at_once_move_the_clock_once_within_the_cap(cast, frozen_clock):
    """The second leader's page was read before the first decision: the post is told the escalation was
    decided, and the clock keeps the one extension."""
    from core.errors import ConcurrentChange

    flag = raise_flag(cast)
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason=REASON)
    due = _clock(flag).due_on
    seen = escalation.version
    _extend(escalation, due + dt.timedelta(days=20), cast.leader)
    with pytest.raises(ConcurrentChange):
        escalation_decide(
            escalation=escalation,
            actor=cast.province_leader,
            decision="extend",
            reason=REASON,
            new_due_on=due + dt.timedelta(days=30),
            expected_version=seen,
        )
    assert (_clock(flag).due_on, _clock(flag).extensions) == (due + dt.timedelta(days=20), 1)
