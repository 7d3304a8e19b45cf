"""The inbox page ("Việc của tôi") costs the same number of queries whatever the amount of work,
and at most 13 (the inbox_queries target of `make bench`): the user's roles are read once per request,
every section reads its rows, their deadlines and their targets' summaries in bulk, and the menu's
task badge is one count.

The per-request role memory must never show a role that is gone or hide one just granted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework.cases.services import case_accept, case_assign
from casework.org import role_cache
from casework.org.models import Role, RoleAssignment
from casework.org.selectors import user_has_role
from casework.org.services import role_assign, role_revoke
from core import clock
from workflows.services.escalations import escalation_open

pytestmark = pytest.mark.django_db

PERSONAS = ["intake", "officer", "chair", "leader", "auditor", "subject_rep", "admin"]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/")  # warm the session and the compiled templates
    return client


def _home_queries(client: Client) -> tuple[int, str]:
    """The queries of a home page asked again by a client already past its first page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _add_work(cast, make_case, n: int) -> None:  # noqa: F811
    """n cases of each kind of work: waiting for triage, assigned to the officer (with their
    deadline and task), and escalated to the sector's leadership (with its decide clock)."""
    for _ in range(n):
        make_case()
        case = case_accept(
            subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27"
        )
        case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
        escalation_open(target=case, unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)


def test_inbox_queries_do_not_grow_with_work(cast, make_case):  # noqa: F811
    _add_work(cast, make_case, 1)
    clients = {persona: _signed_in(getattr(cast, persona)) for persona in PERSONAS}
    few = {persona: _home_queries(clients[persona]) for persona in PERSONAS}
    _add_work(cast, make_case, 5)
    many = {persona: _home_queries(clients[persona]) for persona in PERSONAS}
    for persona in PERSONAS:
        few_q, many_q = few[persona][0], many[persona][0]
        assert few_q == many_q, f"{persona}: {few_q} queries with one item of each work, {many_q} with six"
        # A superuser gets every home section (audit, cases, inspections, reports, deadlines, the
        # leadership queue, tasks), one query or two each, and the menu's badge: 15 is its ceiling.
        limit = 15 if persona == "admin" else 13
        assert many_q <= limit, f"{persona}: {many_q} queries on the inbox page"
    officer_page = many["officer"][1]
    assert officer_page.count("/cases/") >= 6  # the rows are really there, not an empty page
    assert "Cần chỉ đạo" not in officer_page
    assert many["leader"][1].count("/escalations/") >= 6


def test_the_officer_inbox_shows_each_case_next_due_day(cast, make_case):  # noqa: F811
    _add_work(cast, make_case, 2)
    client = Client()
    client.force_login(cast.officer)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    from casework.cases.selectors import case_inbox, case_next_due

    for case in case_inbox(user=cast.officer):
        due = case_next_due(case=case)
        assert case.next_due_on == (due.due_on if due else None)
        if due:
            assert due.due_on.strftime("%d/%m/%Y") in page


def _in_request(view) -> None:
    """Run `view` as the middleware runs a request: with a fresh role memory."""
    role_cache.RoleCacheMiddleware(lambda request: view())(None)


def test_roles_are_read_once_per_request(cast, django_assert_num_queries):
    def view() -> None:
        with django_assert_num_queries(1):
            for _ in range(5):
                assert user_has_role(user=cast.officer, roles=[Role.CASE_OFFICER])
                assert not user_has_role(user=cast.officer, roles=[Role.AUDITOR])

    _in_request(view)


def test_a_role_granted_during_the_request_is_seen(cast):
    seen = {}

    def view() -> None:
        seen["before"] = user_has_role(user=cast.officer, roles=[Role.AUDITOR])
        RoleAssignment.objects.create(user=cast.officer, unit=cast.sector, role=Role.AUDITOR, valid_from=clock.today())
        seen["after"] = user_has_role(user=cast.officer, roles=[Role.AUDITOR])

    _in_request(view)
    assert seen == {"before": False, "after": True}


def test_the_role_services_forget_the_roles_themselves(cast):
    """Even without the save signal (bulk paths, a disconnected receiver), granting and ending a
    role through org.services is seen by the rest of the request."""
    seen = {}

    def view() -> None:
        seen["before"] = user_has_role(user=cast.officer, roles=[Role.AUDITOR], unit=cast.hospital)
        assignment = role_assign(
            user=cast.officer,
            unit=cast.sector,
            role=Role.AUDITOR,
            valid_from=clock.today() - dt.timedelta(days=10),
            actor=cast.admin,
        )
        seen["granted"] = user_has_role(user=cast.officer, roles=[Role.AUDITOR], unit=cast.hospital)
        role_revoke(assignment=assignment, until=clock.today() - dt.timedelta(days=1), actor=cast.admin)
        seen["ended"] = user_has_role(user=cast.officer, roles=[Role.AUDITOR], unit=cast.hospital)

    assert post_save.disconnect(sender=RoleAssignment, dispatch_uid="org_role_cache_save")
    try:
        _in_request(view)
    finally:
        from casework.org.role_cache import forget_on_change

        post_save.connect(forget_on_change, sender=RoleAssignment, dispatch_uid="org_role_cache_save")
    assert seen == {"before": False, "granted": True, "ended": False}


def test_nothing_is_remembered_from_one_request_to_the_next(cast):
    """A role written without any signal or service (a bulk insert) is seen by the next request."""
    client = Client()
    client.force_login(cast.officer)
    assert b"/audit/" not in client.get("/").content
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=cast.officer, unit=cast.sector, role=Role.AUDITOR, valid_from=clock.today())]
    )
    assert b"/audit/" in client.get("/").content


def test_nothing_is_remembered_outside_a_request(cast):
    assert not user_has_role(user=cast.officer, roles=[Role.AUDITOR])
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=cast.officer, unit=cast.sector, role=Role.AUDITOR, valid_from=clock.today())]
    )
    assert user_has_role(user=cast.officer, roles=[Role.AUDITOR])


def test_the_memory_does_not_outlive_the_request(cast):
    def view() -> None:
        assert user_has_role(user=cast.officer, roles=[Role.CASE_OFFICER])

    _in_request(view)
    assert role_cache._active.get() is None


def test_the_memory_follows_the_clock(cast, frozen_clock):
    """An assignment ending today is not held tomorrow, even within one (long) request."""
    ra = RoleAssignment.objects.get(user=cast.officer, role=Role.CASE_OFFICER)
    RoleAssignment.objects.filter(pk=ra.pk).update(valid_to=clock.today())
    seen = {}

    def view() -> None:
        seen["today"] = user_has_role(user=cast.officer, roles=[Role.CASE_OFFICER])
        clock.set_now(clock.now() + dt.timedelta(days=1))
        seen["tomorrow"] = user_has_role(user=cast.officer, roles=[Role.CASE_OFFICER])

    _in_request(view)
    assert seen == {"today": True, "tomorrow": False}


def test_the_inbox_filter_is_built_once_per_request_and_again_for_new_roles(cast, make_case, monkeypatch):
    """The badge, the task list and the reports to verify share one filter per request
    (org.role_cache.derived): its rule is built once, and again once the user's roles change."""
    from workflows.flows import inbox

    make_case()
    built = []
    build = inbox._refused_q
    monkeypatch.setattr(inbox, "_refused_q", lambda user: built.append(user.pk) or build(user))
    # Which units the user is conflicted with, read of a case's or an inspection's subject unit: once for
    # the cases' decision rule, once for both signers' rules (each asks which inspections are free of it).
    from casework.inspections import selectors as inspection_selectors

    unconflicted = []
    conflicted_q = inspection_selectors.units_conflicted_q

    def counted(*, user, prefix=""):
        unconflicted.extend([user.pk] if prefix == "subject_unit__" else [])
        return conflicted_q(user=user, prefix=prefix)

    monkeypatch.setattr(inspection_selectors, "units_conflicted_q", counted)
    seen = {}

    def view() -> None:
        seen["badge"] = inbox.task_counts(user=cast.chair)["tasks"]
        seen["list"] = inbox.task_list_inbox(user=cast.chair).count()
        seen["held"] = list(inbox.task_objects_held(user=cast.chair, label="cases.case"))
        seen["built"] = len(built)
        seen["unconflicted"] = len(unconflicted)
        # A role ended in the request: the chair's pool is no longer theirs, and the filter says so.
        RoleAssignment.objects.filter(user=cast.chair).delete()
        seen["after"] = inbox.task_counts(user=cast.chair)["tasks"]

    _in_request(view)
    assert seen == {"badge": 1, "list": 1, "held": [], "built": 1, "unconflicted": 2, "after": 0}
    # Outside a request nothing is kept: each question builds its own filter.
    inbox.task_list_inbox(user=cast.officer).count()
    inbox.task_list_inbox(user=cast.officer).count()
    assert len(built) == 3
