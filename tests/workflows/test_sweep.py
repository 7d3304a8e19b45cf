"""The sweep with an injected clock: reminders, office hours, breaches, escalation, idempotency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import translation

from casework.audit.models import AuditEvent
from core import clock
from notifications.models import Notification
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation, step_label_of
from workflows.services.deadlines import deadline_extend, deadline_open, deadline_pause, deadline_resume
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _petition_deadline(cast, target_id="1", **kwargs):
    # petition/accept: 10 calendar days, reminders 3, 1 and 0 days before; started Mon 02/03 → due Thu 12/03.
    return deadline_open(
        target=("tests.fake", target_id),
        unit=cast.sector,
        step="accept",
        subject="petition",
        assignee=cast.officer,
        **kwargs,
    )


def test_time_moved_past_reminders_and_breach(cast, fake_target):
    clock.set_now(at(2))
    deadline = _petition_deadline(cast)
    assert deadline.due_on == dt.date(2026, 3, 12)
    assert sweep_run().reminded == 0

    clock.set_now(at(9, 8, 30))
    result = sweep_run()
    assert result.reminded == 1
    keys = set(Notification.objects.filter(key__contains=":remind:").values_list("user__username", "key"))
    assert keys == {("officer", f"deadline:{deadline.pk}:remind:3"), ("chair", f"deadline:{deadline.pk}:remind:3")}
    assert sweep_run().reminded == 0  # repeated: nothing new

    clock.set_now(at(11, 8, 1))
    assert sweep_run().reminded == 1
    assert Notification.objects.filter(user=cast.officer, key=f"deadline:{deadline.pk}:remind:1").exists()

    clock.set_now(at(13, 9))
    result = sweep_run()
    assert (result.breached, result.escalated) == (1, 1)
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.BREACHED
    escalation = Escalation.objects.get()
    assert (escalation.automatic, escalation.level, escalation.deadline, escalation.raised_by) == (
        True,
        cast.sector,
        deadline,
        None,
    )
    assert Notification.objects.filter(user=cast.leader, key=f"escalation:{escalation.pk}:open").exists()
    assert Notification.objects.filter(user=cast.officer, key=f"deadline:{deadline.pk}:breach").exists()
    breach_event = AuditEvent.objects.get(action="deadline.breach", target_id="1")
    assert breach_event.actor is None and breach_event.target_type == "tests.fake"

    notifications_before = Notification.objects.count()
    again = sweep_run()
    assert (again.breached, again.escalated, again.reminded) == (0, 0, 0)
    assert Escalation.objects.count() == 1
    assert Notification.objects.count() == notifications_before


def test_after_downtime_each_breach_escalates_once_and_stale_reminders_collapse(cast, fake_target):
    clock.set_now(at(2))
    deadlines = [_petition_deadline(cast, target_id=str(n)) for n in range(5)]
    clock.set_now(at(25))  # the scheduler was down for two weeks
    result = sweep_run()
    assert (result.breached, result.escalated, result.reminded) == (5, 5, 0)
    assert Escalation.objects.count() == 5
    assert not Notification.objects.filter(key__contains=":remind:").exists()
    sweep_run()
    sweep_run()
    assert Escalation.objects.count() == 5
    assert {e.deadline_id for e in Escalation.objects.all()} == {d.pk for d in deadlines}


def test_a_reminder_due_on_saturday_waits_for_monday_office_opening(cast, fake_target):
    clock.set_now(at(2))
    deadline = _petition_deadline(cast)
    # Queued for Saturday 07/03 (e.g. left over from Friday evening).
    Deadline.objects.filter(pk=deadline.pk).update(next_reminder_at=at(7, 8))
    clock.set_now(at(7, 9))
    result = sweep_run()
    assert (result.reminded, result.deferred) == (0, 1)
    deadline.refresh_from_db()
    assert deadline.next_reminder_at == at(9, 8)
    assert not Notification.objects.exists()
    clock.set_now(at(8, 12))  # Sunday
    assert sweep_run().reminded == 0
    clock.set_now(at(9, 7, 59))
    assert sweep_run().reminded == 0
    clock.set_now(at(9, 8, 0))
    assert sweep_run().reminded == 1
    assert Notification.objects.filter(user=cast.officer, key=f"deadline:{deadline.pk}:remind:3").exists()


def test_an_evening_reminder_is_queued_until_the_next_morning(cast, fake_target):
    clock.set_now(at(2))
    deadline = _petition_deadline(cast)
    clock.set_now(at(9, 17, 30))  # the 08:00 reminder was missed; 17:30 is after office hours
    assert sweep_run().deferred == 1
    deadline.refresh_from_db()
    assert deadline.next_reminder_at == at(10, 8)
    clock.set_now(at(10, 8, 5))
    assert sweep_run().reminded == 1


def test_paused_deadline_neither_reminds_nor_breaches_and_resume_moves_the_due_date(cast, fake_target):
    clock.set_now(at(2))
    deadline = _petition_deadline(cast)
    clock.set_now(at(5))
    deadline_pause(target=("tests.fake", "1"), step="accept")
    clock.set_now(at(20))
    result = sweep_run()
    assert (result.breached, result.reminded) == (0, 0)
    deadline_resume(target=("tests.fake", "1"), step="accept")
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN
    assert deadline.paused_days == 15
    assert deadline.due_on == dt.date(2026, 3, 27)  # 12/03 + 15 days
    assert sweep_run().breached == 0
    clock.set_now(at(28))
    assert sweep_run().breached == 1


def test_an_extended_breached_deadline_escalates_again_when_it_breaches_again(cast, fake_target):
    clock.set_now(at(2))
    deadline = _petition_deadline(cast)
    clock.set_now(at(13))
    sweep_run()
    deadline_extend(target=("tests.fake", "1"), step="accept", new_due_on=dt.date(2026, 3, 20))
    deadline.refresh_from_db()
    assert (deadline.status, deadline.extensions, deadline.due_on) == ("open", 1, dt.date(2026, 3, 20))
    assert sweep_run().breached == 0
    clock.set_now(at(21))
    assert sweep_run().escalated == 1
    assert list(Escalation.objects.order_by("pk").values_list("breach_seq", flat=True)) == [0, 1]


def test_notify_only_rules_do_not_escalate(cast, fake_target):
    clock.set_now(at(2))
    deadline_open(target=("tests.fake", "9"), unit=cast.sector, step="limitation", subject="complaint")
    clock.set_now(at(2, month=6))
    result = sweep_run()
    assert (result.breached, result.escalated) == (1, 0)


def test_the_command_runs_one_pass_at_the_given_time(cast, fake_target, capsys):
    clock.set_now(at(2))
    _petition_deadline(cast)
    call_command("sweep_deadlines", "--now", "2026-03-13T09:00:00+07:00")
    out = capsys.readouterr().out
    assert "quá hạn: 1" in out and "chuyển lãnh đạo: 1" in out
    assert Escalation.objects.count() == 1


def test_the_automatic_escalation_is_written_in_the_sites_language_whatever_is_active(cast, fake_target):
    clock.set_now(at(2))
    _petition_deadline(cast)
    clock.set_now(at(13))
    with translation.override("en"):
        assert sweep_run().escalated == 1
    with translation.override("vi"):
        step = str(step_label_of("accept"))
    escalation = Escalation.objects.get()
    assert escalation.reason == f"Tự động: bước {step} quá hạn 12/03/2026."
    assert escalation.proposal == "Đề nghị lãnh đạo chỉ đạo xử lý hoặc gia hạn."
