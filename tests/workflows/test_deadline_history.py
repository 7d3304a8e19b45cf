"""What moves a clock is kept as its history (DeadlineChange), appended by the deadline services:
extensions, new limits, pauses (one row per clock paused) and resumes with the interval paused.
Starting and stopping a clock write none. The admin shows the history, read-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.urls import reverse

from core import clock
from tests.concurrency import at_once
from tests.workflows.conftest import at
from workflows.models import Deadline, DeadlineChange
from workflows.services.deadlines import (
    deadline_close,
    deadline_extend,
    deadline_open,
    deadline_pause,
    deadline_relimit,
    deadline_resume,
)

TARGET = ("tests.fake", "1")


def _open(cast, step: str) -> Deadline:
    # petition/accept: 10 calendar days, petition/resolve: 30; started Mon 02/03.
    return deadline_open(target=TARGET, unit=cast.sector, step=step, subject="petition", assignee=cast.officer)


def _history(deadline: Deadline) -> list[tuple]:
    return list(
        DeadlineChange.objects.filter(deadline=deadline).values_list(
            "kind", "due_on_before", "due_on_after", "paused_from", "paused_until"
        )
    )


@pytest.mark.django_db
def test_each_move_of_a_clock_is_appended_with_the_due_day_before_and_after(cast, fake_target):
    clock.set_now(at(2))
    accept = _open(cast, "accept")
    resolve = _open(cast, "resolve")
    assert DeadlineChange.objects.count() == 0  # starting a clock writes nothing

    clock.set_now(at(5))
    assert deadline_pause(target=TARGET) == 2  # one row per clock paused, at the same moment
    assert _history(accept) == [("pause", dt.date(2026, 3, 12), dt.date(2026, 3, 12), at(5), None)]
    assert _history(resolve) == [("pause", dt.date(2026, 4, 1), dt.date(2026, 4, 1), at(5), None)]
    assert deadline_pause(target=TARGET) == 0  # nothing running: nothing written
    assert DeadlineChange.objects.count() == 2

    clock.set_now(at(9))
    deadline_resume(target=TARGET, step="accept")
    accept.refresh_from_db()
    assert accept.due_on == dt.date(2026, 3, 16)  # 12/03 + 4 days paused
    assert _history(accept)[1] == ("resume", dt.date(2026, 3, 12), dt.date(2026, 3, 16), at(5), at(9))

    clock.set_now(at(10))
    deadline_extend(target=TARGET, step="accept", new_due_on=dt.date(2026, 3, 20))
    deadline_relimit(target=TARGET, step="accept", days=15)
    accept.refresh_from_db()
    assert [row[:3] for row in _history(accept)[2:]] == [
        ("extend", dt.date(2026, 3, 16), dt.date(2026, 3, 20)),
        ("relimit", dt.date(2026, 3, 20), accept.due_on),
    ]
    assert DeadlineChange.objects.filter(deadline=accept).values_list("at", flat=True)[3] == at(10)

    deadline_close(target=TARGET)  # stopping writes nothing either
    assert DeadlineChange.objects.count() == 5


@pytest.mark.django_db
def test_a_pause_leaving_out_a_step_records_only_the_clocks_it_paused(cast, fake_target):
    clock.set_now(at(2))
    accept = _open(cast, "accept")
    resolve = _open(cast, "resolve")
    deadline_pause(target=TARGET, except_steps=["accept"])
    assert _history(accept) == []
    assert [row[0] for row in _history(resolve)] == ["pause"]
    # A clock already paused is not paused again.
    clock.set_now(at(3))
    assert deadline_pause(target=TARGET, step="resolve") == 0
    assert DeadlineChange.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_pauses_at_the_same_moment_record_the_clock_paused_once(policy_v1, cast, fake_target):
    clock.set_now(at(2))
    resolve = _open(cast, "resolve")
    clock.set_now(at(5))

    def pause() -> int:
        with transaction.atomic():
            return deadline_pause(target=TARGET)

    results = at_once(pause, pause)
    assert sorted(results) == [0, 1]
    assert [row[0] for row in _history(resolve)] == ["pause"]


@pytest.mark.django_db
def test_the_admin_shows_a_clocks_history_read_only(client, cast, fake_target):
    clock.set_now(at(2))
    accept = _open(cast, "accept")
    clock.set_now(at(4))
    deadline_extend(target=TARGET, step="accept", new_due_on=dt.date(2026, 3, 27))
    client.force_login(cast.admin)
    page = client.get(reverse("admin:workflows_deadline_change", args=[accept.pk])).content.decode()
    history = page[page.index('id="changes-group"') :]
    assert "Lịch sử thay đổi thời hạn" in history
    for shown in ("<p>gia hạn</p>", "<p>12/03/2026</p>", "<p>27/03/2026</p>"):
        assert shown in history
    # Shown, never edited nor added to: no input for its fields, no empty form to add a row.
    assert 'name="changes-0-due_on_after"' not in history
    assert 'value="0" id="id_changes-MAX_NUM_FORMS"' in history
    assert "changes-empty" not in history


@pytest.mark.django_db
def test_an_extension_of_a_paused_clock_keeps_it_paused_and_its_resume_adds_the_pause(cast, fake_target):
    clock.set_now(at(2))
    resolve = _open(cast, "resolve")  # due 01/04
    clock.set_now(at(5))
    deadline_pause(target=TARGET)
    deadline_extend(target=TARGET, step="resolve", new_due_on=dt.date(2026, 4, 20))
    resolve.refresh_from_db()
    assert (resolve.status, resolve.due_on, resolve.paused_at) == ("paused", dt.date(2026, 4, 20), at(5))
    assert resolve.next_reminder_at is None
    clock.set_now(at(9))
    deadline_resume(target=TARGET)
    resolve.refresh_from_db()
    assert (resolve.status, resolve.due_on) == ("open", dt.date(2026, 4, 24))  # 20/04 + the 4 days paused
    assert [row[0] for row in _history(resolve)] == ["pause", "extend", "resume"]
