"""The sweep's two reads are answered by the partial indexes on open deadlines."""

from __future__ import annotations

import pytest
from django.db import connection

from core import clock
from tests.workflows.conftest import at
from workflows.models import Deadline


def _plan(qs) -> str:
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway; ask what is possible
        # Nor sorted in memory: on an empty table the planner may sort another index's rows; the index that
        # already yields the order is what a full table uses.
        cur.execute("SET LOCAL enable_sort = off")
    return qs.explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partial index plans are checked on PostgreSQL")
@pytest.mark.django_db
def test_due_and_remind_queries_use_the_partial_indexes():
    now = at(13)
    clock.set_now(now)
    breaches = (
        Deadline.objects.filter(status=Deadline.Status.OPEN, due_at__lt=now).order_by("due_at").values_list("pk")[:500]
    )
    reminders = (
        Deadline.objects.filter(status=Deadline.Status.OPEN, next_reminder_at__lte=now)
        .order_by("next_reminder_at")
        .values_list("pk")[:500]
    )
    assert "wf_deadline_open_due" in _plan(breaches)
    assert "wf_deadline_open_remind" in _plan(reminders)
