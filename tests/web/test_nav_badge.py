"""The menu's badge: how many open tasks the user has and how many of them are overdue, read by
one selector (workflows.flows.inbox.task_counts) in one query whatever the amount of work, and
never counting a case the user is recused from."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
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
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("cases:list")).content.decode()
    assert 'aria-label="Tasks to do: 2"' in english


PERSONAS = ["intake", "officer", "chair", "leader", "province_leader", "auditor", "subject_rep", "admin", "outsider"]


def _listed(user) -> dict[str, int]:
    """What the task list shows the user: its rows, and its rows under the "quá hạn" filter."""
    return {
        "tasks": task_list_inbox(user=user).count(),
        "overdue": task_list_filtered(user=user, filters={"overdue": True}).count(),
    }


def test_the_badge_counts_what_the_task_list_lists_for_every_role(cast, make_case):
    """Pools of several roles (triage for intake, assignment and approval for the chair and the
    leadership) and a task held by its assignee: the badge and the task list agree, before and after
    the clock passes the deadlines, and the counts are not all nothing."""
    from casework.cases.services import case_accept, case_assign

    make_case()
    assigned = case_accept(
        subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27"
    )
    case_assign(case=assigned, actor=cast.chair, assignee=cast.officer)
    make_case(kind=Kind.DENUNCIATION, subject_unit=cast.sector, subject_person="Ông Nguyễn Văn Bị")
    in_time = {persona: task_counts(user=getattr(cast, persona)) for persona in PERSONAS}
    for persona in PERSONAS:
        assert in_time[persona] == _listed(getattr(cast, persona)), persona
    assert in_time["officer"]["tasks"] >= 1 and not any(counts["overdue"] for counts in in_time.values())
    assert in_time["intake"]["tasks"] >= 2 and in_time["chair"]["tasks"] >= 1
    late = _due_on(assigned)
    clock.set_now(dt.datetime.combine(late + dt.timedelta(days=40), dt.time(3, 0), tzinfo=dt.UTC))
    overdue = {persona: task_counts(user=getattr(cast, persona)) for persona in PERSONAS}
    for persona in PERSONAS:
        assert overdue[persona] == _listed(getattr(cast, persona)), persona
    assert overdue["officer"]["overdue"] >= 1
    assert overdue["intake"]["overdue"] >= 1 and overdue["chair"]["overdue"] >= 1


def test_a_user_holding_no_role_costs_no_query(cast, make_case, django_assert_num_queries):
    """No role today: no pool, and no task within a role's reach; the page's roles, already read for the
    request, say so without counting."""
    from casework.org import role_cache
    from casework.org.selectors import active_assignments

    make_case()
    with role_cache.remembering():
        active_assignments(user=cast.outsider)  # read for the request's menu
        with django_assert_num_queries(0):
            assert task_counts(user=cast.outsider) == {"tasks": 0, "overdue": 0}
            assert list(task_list_inbox(user=cast.outsider)) == []


def _page_queries(client, url: str) -> tuple[list[str], str, int]:
    client.get(url)  # the session and the compiled templates
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return [q["sql"] for q in ctx.captured_queries], response.content.decode(), response.status_code


def test_a_page_with_the_badge_counts_once_and_within_its_query_budget(client, cast, make_case):
    late = make_case()
    clock.set_now(dt.datetime.combine(_due_on(late) + dt.timedelta(days=2), dt.time(3, 0), tzinfo=dt.UTC))
    make_case()  # fresh: in time
    client.force_login(cast.chair)
    queries, body, status = _page_queries(client, reverse("cases:list"))
    assert status == 200 and _badges(client) == ("2", "1")
    counts = [sql for sql in queries if "viewflow_task" in sql]
    assert len(counts) == 1, counts  # the badge: one query, the roles it needs read once for the request
    assert sum("org_roleassignment" in sql for sql in queries) == 1
    # The filter's subject areas, with their versions, read once for the form (casework.areas.forms).
    assert sum('FROM "areas_subjectarea"' in sql for sql in queries) == 1
    # The case list of a committee chair: its session, user, roles, rows, chips, filters, the unread count
    # and the badge.
    assert len(queries) <= 12, "\n".join(queries)


@pytest.mark.parametrize("status", [403, 404])
def test_a_refused_or_missing_page_shows_the_menu_without_counting(client, cast, make_case, status):
    make_case()
    client.force_login(cast.chair if status == 404 else cast.intake)
    url = "/cases/999999/" if status == 404 else reverse("audit:search")
    queries, body, got = _page_queries(client, url)
    assert got == status
    assert not [sql for sql in queries if "viewflow_task" in sql]
    assert not [sql for sql in queries if "notifications_notification" in sql]  # nor the unread count
    # The session, the user, the roles (the view's check and the menu) and the case looked up in vain.
    assert len(queries) <= 4, "\n".join(queries)
    assert 'class="menu"' in body and reverse("tasks") in body  # the menu, in Vietnamese
    assert "Công việc theo quy trình" in body and "nav-badge" not in body


def test_the_server_error_page_reads_nothing_even_with_the_database_down(cast, django_assert_num_queries):
    """A 500 may be the database failing: its page asks it nothing (no menu, no badge, no unread count)
    and still says, in Vietnamese, what happened and where to go."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import OperationalError
    from django.test import RequestFactory
    from django.utils import translation
    from django.utils.functional import SimpleLazyObject

    from casework.web.views import server_error

    def unreachable(*args, **kwargs):
        raise OperationalError("the database is unreachable")

    request = RequestFactory().get("/cases/")
    request.user = SimpleLazyObject(lambda: type(cast.chair).objects.get(pk=cast.chair.pk) or AnonymousUser())
    with connection.execute_wrapper(unreachable), django_assert_num_queries(0):
        response = server_error(request)
        with translation.override("en"):
            english = server_error(request).content.decode()
    assert response.status_code == 500
    body = response.content.decode()
    assert "Lỗi máy chủ" in body and "Hãy thử lại sau ít phút" in body and 'href="/"' in body
    assert "Server error" in english
