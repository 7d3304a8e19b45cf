"""The menu's badge: how many open tasks the user has and how many of them are overdue, read by
one selector (workflows.flows.inbox.task_counts) in one query whatever the amount of work, and
never counting a case the user is recused from."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.cases.models import Kind
from casework.org.models import Role
from core import clock
from tests.factories import UserFactory
from workflows.deadline_status import target_key
from workflows.flows.inbox import task_counts, task_list_filtered, task_list_inbox
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def _due_on(case) -> dt.date:
    kind, pk = target_key(case)
    return (
        Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN)
        .order_by("due_at")[0]
        .due_on
    )


def _badges(client) -> tuple[str | None, str | None]:
    body = client.get(reverse("cases:list")).content.decode()
    tasks = re.search(r'class="nav-badge"[^>]*>(\d+)<', body)
    overdue = re.search(r'class="nav-badge nav-badge-overdue"[^>]*>(\d+)<', body)
    return (tasks.group(1) if tasks else None, overdue.group(1) if overdue else None)


def test_a_user_with_tasks_none_overdue_sees_the_task_count_only(client, cast, make_case):
    make_case()
    make_case()
    assert task_counts(user=cast.chair) == {"tasks": 2, "overdue": 0}
    client.force_login(cast.chair)
    assert _badges(client) == ("2", None)


def test_overdue_work_is_counted_as_the_inbox_filter_counts_it(client, cast, make_case):
    late = make_case()
    clock.set_now(dt.datetime.combine(_due_on(late) + dt.timedelta(days=2), dt.time(3, 0), tzinfo=dt.UTC))
    make_case()  # fresh: in time
    counts = task_counts(user=cast.chair)
    assert counts == {
        "tasks": task_list_inbox(user=cast.chair).count(),
        "overdue": task_list_filtered(user=cast.chair, filters={"overdue": True}).count(),
    }
    assert counts == {"tasks": 2, "overdue": 1}
    client.force_login(cast.chair)
    assert _badges(client) == ("2", "1")


def test_a_case_the_user_is_recused_from_is_not_counted_nor_listed(client, cast, make_case):
    mine = make_case()
    # A denunciation of the sector union: its committee chair is recused (a leader of the unit denounced).
    recused = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.sector, subject_person="Ông Nguyễn Văn Bị")
    clock.set_now(dt.datetime.combine(_due_on(recused) + dt.timedelta(days=5), dt.time(3, 0), tzinfo=dt.UTC))
    assert task_counts(user=cast.chair) == {"tasks": 1, "overdue": 1}
    client.force_login(cast.chair)
    assert _badges(client) == ("1", "1")
    body = client.get(reverse("tasks")).content.decode()
    assert mine.reference in body and recused.reference not in body
    # A committee chair higher up is not recused: both count for them (both overdue by now).
    province_chair = UserFactory(username="pchair", roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    assert task_counts(user=province_chair) == {"tasks": 2, "overdue": 2}


def test_a_user_without_work_sees_no_badge(client, cast, make_case):
    make_case()
    client.force_login(cast.outsider)
    assert task_counts(user=cast.outsider) == {"tasks": 0, "overdue": 0}
    assert _badges(client) == (None, None)


def test_the_count_costs_one_query_whatever_the_amount_of_work(cast, make_case):
    make_case()
    late = make_case()
    clock.set_now(dt.datetime.combine(_due_on(late) + dt.timedelta(days=1), dt.time(3, 0), tzinfo=dt.UTC))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            task_counts(user=cast.chair)
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(6):
        make_case()
    assert task_counts(user=cast.chair)["tasks"] == 8
    # One count; outside a request the user's roles are read where a page reads them once.
    assert queries() == few <= 3


def test_the_count_stands_apart_from_the_menu_and_says_what_it_counts(client, cast, make_case):
    """The count is a list item of its own (not inside the group before it, nor read with the group after
    it) and a screen reader hears "2 việc cần làm", not a bare figure next to a menu's name."""
    make_case()
    make_case()
    client.force_login(cast.chair)
    body = client.get(reverse("cases:list")).content.decode()
    counts = re.search(r'<li class="nav-counts">(.*?)</li>', body)
    assert counts, "the counts are a list item of their own"
    assert re.search(r'<a [^>]*class="nav-badge"[^>]*aria-label="2 việc cần làm"[^>]*>2</a>', counts.group(1))
    english = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-label="Tasks to do: 2"' in english
