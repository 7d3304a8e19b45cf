"""Leadership decisions: every type, the reason rule, concurrency, scope, moving up the tree."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.models import AuditEvent
from casework.org.models import Role
from core import clock
from core.errors import ConcurrentChange, OutOfScope, ValidationFailed
from notifications.models import Notification
from tests.factories import UserFactory
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def breached(cast, fake_target):
    """An automatic escalation at the sector: the fake target's accept step breached on 12/03."""
    clock.set_now(at(2))
    deadline_open(
        target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition", assignee=cast.officer
    )
    clock.set_now(at(13))
    sweep_run()
    return Escalation.objects.get()


def _decide(escalation, actor, decision, reason="Đã xem xét hồ sơ", **kwargs):
    return escalation_decide(escalation=escalation, actor=actor, decision=decision, reason=reason, **kwargs)


def test_approve_calls_the_handler_closes_the_clock_audits_and_notifies(cast, fake_target, breached):
    result = _decide(breached, cast.leader, "approve")
    assert (result.status, result.decision, result.decided_by) == ("decided", "approve", cast.leader)
    call = fake_target.decisions[0]
    assert (call["decision"], call["actor"], call["reason"], call["escalation"].pk) == (
        "approve",
        cast.leader,
        "Đã xem xét hồ sơ",
        breached.pk,
    )
    decide = Deadline.objects.get(target_type="workflows.escalation", target_id=str(breached.pk))
    assert decide.status == Deadline.Status.MET
    event = AuditEvent.objects.get(action="escalation.approve")
    assert (event.actor, event.target_type, event.target_id, event.reason) == (
        cast.leader,
        "tests.fake",
        "1",
        "Đã xem xét hồ sơ",
    )
    assert Notification.objects.filter(user=cast.officer, key__startswith=f"escalation:{breached.pk}:decision").exists()


def test_return_with_instructions(cast, fake_target, breached):
    result = _decide(breached, cast.leader, "return", reason="Bổ sung biên bản xác minh")
    assert (result.status, result.decision_reason) == ("decided", "Bổ sung biên bản xác minh")
    assert fake_target.decisions[0]["decision"] == "return"


def test_extend_moves_the_breached_deadline_and_counts_it(cast, fake_target, breached):
    result = _decide(breached, cast.leader, "extend", new_due_on=dt.date(2026, 3, 27))
    deadline = Deadline.objects.get(target_type="tests.fake", step="accept")
    assert (deadline.status, deadline.due_on, deadline.extensions) == ("open", dt.date(2026, 3, 27), 1)
    assert result.new_due_on == dt.date(2026, 3, 27)
    assert fake_target.decisions[0]["new_due_on"] == dt.date(2026, 3, 27)


def test_extend_needs_a_future_date(cast, fake_target, breached):
    with pytest.raises(ValidationFailed) as err:
        _decide(breached, cast.leader, "extend", new_due_on=dt.date(2026, 3, 1))
    assert "Hạn mới" in err.value.fields["new_due_on"][0]
    breached.refresh_from_db()
    assert breached.status == "pending" and not fake_target.decisions


def test_refer_to_the_superior_union_moves_the_level_up(cast, fake_target, breached):
    result = _decide(breached, cast.leader, "refer", refer_to="superior")
    assert (result.status, result.level, result.moved_up) == ("pending", cast.province, 1)
    running = Deadline.objects.get(target_type="workflows.escalation", target_id=str(breached.pk), status="open")
    assert running.unit == cast.province
    assert Notification.objects.filter(
        user=cast.province_leader, key=f"escalation:{breached.pk}:level:{cast.province.pk}"
    ).exists()
    # the province leadership now decides it
    final = _decide(result, cast.province_leader, "approve")
    assert final.status == "decided"


def test_refer_to_the_authorities_records_the_body(cast, fake_target, breached):
    with pytest.raises(ValidationFailed) as err:
        _decide(breached, cast.leader, "refer", refer_to="authorities")
    assert "referred_body" in err.value.fields
    result = _decide(breached, cast.leader, "refer", refer_to="authorities", referred_body="Công an tỉnh")
    assert (result.status, result.referred_to) == ("referred_out", "Công an tỉnh")


@pytest.mark.parametrize("discipline", ["khien_trach", "canh_cao", "cach_chuc", "khai_tru"])
def test_discipline(cast, fake_target, breached, discipline):
    result = _decide(breached, cast.leader, "discipline", discipline=discipline)
    assert (result.status, result.discipline) == ("decided", discipline)
    assert fake_target.decisions[0]["discipline"] == discipline


def test_discipline_needs_a_form(cast, fake_target, breached):
    with pytest.raises(ValidationFailed) as err:
        _decide(breached, cast.leader, "discipline", discipline="phat_tien")
    assert "kỷ luật" in err.value.fields["discipline"][0]


def test_every_decision_needs_a_reason_and_nothing_changes_without_one(cast, fake_target, breached):
    with pytest.raises(ValidationFailed) as err:
        _decide(breached, cast.leader, "approve", reason="   ")
    assert "Lý do" in err.value.fields["reason"][0]
    breached.refresh_from_db()
    assert (breached.status, breached.decision) == ("pending", "")
    assert not AuditEvent.objects.filter(action__startswith="escalation.approve").exists()


def test_a_handler_that_refuses_rolls_the_whole_decision_back(cast, fake_target, breached):
    def refuse(**kwargs):
        raise ValidationFailed({"decision": "Hồ sơ đã đóng"})

    fake_target.on_decision = refuse
    from workflows import escalations

    escalations.register_escalation_handler("tests.fake", refuse)
    with pytest.raises(ValidationFailed):
        _decide(breached, cast.leader, "approve")
    breached.refresh_from_db()
    assert breached.status == "pending"
    assert Deadline.objects.get(target_type="workflows.escalation", target_id=str(breached.pk)).status == "open"


def test_two_leaders_deciding_from_the_same_page_one_wins(cast, fake_target, breached):
    second_leader = UserFactory(roles=[(Role.BCH_MEMBER, cast.sector)])
    stale = Escalation.objects.get(pk=breached.pk)
    _decide(breached, cast.leader, "approve")
    with pytest.raises(ConcurrentChange):
        _decide(stale, second_leader, "return")
    assert len(fake_target.decisions) == 1


def test_the_leader_of_another_sector_cannot_decide(cast, fake_target, breached):
    other_leader = UserFactory(roles=[(Role.BTV_MEMBER, cast.other_sector)])
    with pytest.raises(OutOfScope):
        _decide(breached, other_leader, "approve")
    with pytest.raises(OutOfScope):
        _decide(breached, cast.officer, "approve")


def test_silent_leadership_sends_the_escalation_up_the_tree(cast, fake_target, breached):
    decide = Deadline.objects.get(target_type="workflows.escalation", target_id=str(breached.pk))
    assert decide.due_on == dt.date(2026, 3, 27)  # 10 working days after 13/03
    clock.set_now(at(28))
    result = sweep_run()
    assert result.moved_up == 1
    breached.refresh_from_db()
    assert (breached.level, breached.status, breached.moved_up) == (cast.province, "pending", 1)
    assert Notification.objects.filter(
        user=cast.province_leader, key=f"escalation:{breached.pk}:level:{cast.province.pk}"
    ).exists()
    assert AuditEvent.objects.filter(action="escalation.move_up", actor__isnull=True).count() == 1
    assert sweep_run().moved_up == 0  # repeated: no second move
    # the province is the top: silence there only tells its leadership again
    clock.set_now(at(20, month=4))
    result = sweep_run()
    breached.refresh_from_db()
    assert (result.moved_up, breached.level) == (0, cast.province)
    assert AuditEvent.objects.filter(action="escalation.overdue").count() == 1


def test_an_escalation_decided_in_time_does_not_move(cast, fake_target, breached):
    _decide(breached, cast.leader, "approve")
    clock.set_now(at(28))
    assert sweep_run().moved_up == 0


def test_an_extension_the_handler_already_made_is_not_counted_twice(cast, fake_target, breached):
    from workflows.services.deadlines import deadline_extend

    def extend_through_domain_service(**kwargs):
        fake_target.decisions.append(kwargs)
        deadline_extend(target=("tests.fake", "1"), step="accept", new_due_on=kwargs["new_due_on"])

    from workflows import escalations

    escalations.register_escalation_handler("tests.fake", extend_through_domain_service)
    _decide(breached, cast.leader, "extend", new_due_on=dt.date(2026, 3, 27))
    deadline = Deadline.objects.get(target_type="tests.fake", step="accept")
    assert (deadline.due_on, deadline.extensions, deadline.status) == (dt.date(2026, 3, 27), 1, "open")


def test_extending_a_target_with_no_clock_and_no_handler_is_refused(cast, fake_target):
    from workflows import escalations
    from workflows.services.escalations import escalation_open

    escalations._escalation_handlers.pop("tests.fake")
    escalation = escalation_open(
        target=("tests.fake", "77"), unit=cast.sector, reason="Cần gia hạn", actor=cast.officer
    )
    clock.set_now(at(3))
    with pytest.raises(ValidationFailed) as err:
        _decide(escalation, cast.leader, "extend", new_due_on=dt.date(2026, 3, 27))
    assert "new_due_on" in err.value.fields
