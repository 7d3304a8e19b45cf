"""Late work in the task inbox: each row shows its object's running due date and status chip,
and the "overdue" filter keeps exactly the rows whose chip says overdue (or escalated)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from workflows.deadline_status import deadline_status, target_key
from workflows.models import Deadline
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db


def _running(case) -> Deadline:
    kind, pk = target_key(case)
    return Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN).order_by("due_at")[0]


def _rows_by_reference(response) -> dict[str, dict]:
    return {row["label"].split(" — ")[0]: row for row in response.context["rows"]}


def test_overdue_escalated_and_fresh_tasks_show_their_chip_and_the_filter_agrees(client, cast, make_case):
    late = make_case(title="Late letter")
    escalated = make_case(title="Escalated letter")
    due_on = _running(late).due_on
    # Three days after the due day ends (the clock is moved, never slept).
    clock.set_now(dt.datetime.combine(due_on + dt.timedelta(days=3), dt.time(3, 0), tzinfo=dt.UTC))
    escalation_open(
        target=escalated, unit=cast.sector, reason="Quá hạn xử lý", deadline=_running(escalated), actor=cast.chair
    )
    fresh = make_case(title="Fresh letter")

    client.force_login(cast.chair)
    rows = _rows_by_reference(client.get(reverse("tasks")))
    assert rows[late.reference]["status"].label == "quá hạn 3 ngày"
    assert rows[late.reference]["due"] == due_on.strftime("%d/%m/%Y")
    assert rows[escalated.reference]["status"].label == "đã chuyển lãnh đạo"
    assert rows[fresh.reference]["status"].label in ("trong hạn", "sắp đến hạn")
    assert rows[fresh.reference]["due"]

    page = client.get(reverse("tasks"))
    body = page.content.decode()
    assert "quá hạn 3 ngày" in body and "đã chuyển lãnh đạo" in body

    chip_overdue = {ref for ref, row in rows.items() if row["status"] and row["status"].overdue}
    filtered = _rows_by_reference(client.get(reverse("tasks"), {"overdue": "on"}))
    assert set(filtered) == chip_overdue == {late.reference, escalated.reference}


def test_a_breached_deadline_still_shows_its_due_date(client, cast, make_case):
    """The sweep marks a passed deadline breached: the task must still show it, not "—"."""
    from workflows.sweep import sweep_run

    case = make_case()
    due_on = _running(case).due_on
    clock.set_now(dt.datetime.combine(due_on + dt.timedelta(days=1), dt.time(3, 0), tzinfo=dt.UTC))
    sweep_run()
    client.force_login(cast.chair)
    row = _rows_by_reference(client.get(reverse("tasks")))[case.reference]
    assert row["due"] == due_on.strftime("%d/%m/%Y")
    assert row["status"].overdue


def test_the_reminder_window_reads_due_soon(cast, make_case):
    case = make_case()
    deadline = _running(case)
    offsets = [int(o) for o in (deadline.rule.reminder_offsets if deadline.rule else [])]
    if not offsets:
        pytest.fail("the seeded policy sets reminders for a case's first step")
    from workflows.calendar import WorkingCalendar
    from workflows.services.deadlines import reminder_at

    window = reminder_at(deadline, max(offsets), WorkingCalendar.load())
    assert deadline_status(deadline, window - dt.timedelta(minutes=1)).label == "trong hạn"
    assert deadline_status(deadline, window).label == "sắp đến hạn"
