"""A sweep pass does the same work for the same due rows, however many deadlines are open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import clock
from notifications.models import Notification, OutboxMessage
from tests.workflows.conftest import at
from workflows.models import Deadline, Escalation
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import ESCALATION_TARGET
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _open(cast, prefix: str, n: int) -> list[Deadline]:
    # petition/accept: 10 calendar days from the clock's day.
    return [
        deadline_open(
            target=("tests.fake", f"{prefix}{i}"),
            unit=cast.sector,
            step="accept",
            subject="petition",
            assignee=cast.officer,
        )
        for i in range(n)
    ]


def _pass_queries(now) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        result = sweep_run(now=now)
    return str(result), [q["sql"] for q in ctx.captured_queries]


def test_a_pass_issues_the_same_queries_with_ten_times_more_open_deadlines(cast, fake_target):
    clock.set_now(at(2))
    due = _open(cast, "due-", 3)  # due Thu 12/03
    clock.set_now(at(10))
    _open(cast, "far-", 5)  # due 20/03, no reminder before 17/03
    state = {d.pk: (d.next_reminder_at, d.reminders_sent) for d in due}
    before = {m: m.objects.count() for m in (Escalation, Notification, OutboxMessage)}

    few = _pass_queries(at(13))
    assert few[0].startswith("nhắc hạn: 0") and "quá hạn: 3" in few[0]

    # Put the due rows back and remove what the pass made, then open ten times more.
    Escalation.objects.all().delete()
    Deadline.objects.filter(target_type=ESCALATION_TARGET).delete()
    Notification.objects.all().delete()
    OutboxMessage.objects.all().delete()
    for pk, (next_reminder_at, sent) in state.items():
        Deadline.objects.filter(pk=pk).update(
            status=Deadline.Status.OPEN, breached_at=None, next_reminder_at=next_reminder_at, reminders_sent=sent
        )
    assert {m: m.objects.count() for m in before} == before
    clock.set_now(at(10))
    _open(cast, "more-", 45)
    assert Deadline.objects.filter(status=Deadline.Status.OPEN).count() == 3 + 50

    many = _pass_queries(at(13))
    assert many[0] == few[0]
    assert len(many[1]) == len(few[1])
