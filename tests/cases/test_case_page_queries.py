"""The case page reads each person's conflict with the case once, and the deciders' and officers' roles
together: more deciders or officers in the case's unit cost no query per person; within a page's reading
(core.reading) a conflict is read once, outside one on each call (a conflict declared is seen at once)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import ConflictDeclaration, Kind
from casework.cases.selectors import case_conflict_reason
from casework.org.models import Role, User
from core import clock
from core.reading import page_reading
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_more_deciders_and_officers_cost_the_case_page_no_query(
    client, cast, frozen_clock, django_assert_max_num_queries
):
    case = builders.accepted(cast)
    url = reverse("cases:detail", args=[case.pk])
    client.force_login(cast.chair)
    client.get(url)
    with django_assert_max_num_queries(80) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        UserFactory(username=f"more_leader{n}", roles=[(Role.BTV_MEMBER, cast.sector)])
        UserFactory(username=f"more_officer{n}", roles=[(Role.CASE_OFFICER, cast.sector)])
    # One of them declared a conflict of interest in the case: named among the conflicted deciders.
    ConflictDeclaration.objects.create(
        case=case, user=User.objects.get(username="more_leader0"), note="em họ người khiếu nại", declared_at=clock.now()
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert [user.username for user, _why in page.context["conflicted_deciders"]] == ["more_leader0"]
    assign = next(a["form"] for a in page.context["actions"] if a["name"] == "assign")
    offered = {int(pk) for pk, _label in assign.fields["assignee"].choices if pk}
    assert {
        u.pk for u in User.objects.filter(username__in=["more_officer0", "more_officer1", "more_officer2"])
    } <= offered


def test_a_conflict_is_read_once_within_a_page_and_afresh_outside_one(cast, make_case, django_assert_num_queries):
    case = make_case()
    assert case_conflict_reason(case=case, user=cast.leader) == ""
    with page_reading():
        assert case_conflict_reason(case=case, user=cast.leader) == ""
        with django_assert_num_queries(0):
            assert case_conflict_reason(case=case, user=cast.leader) == ""
    ConflictDeclaration.objects.create(
        case=case, user=cast.leader, note="anh ruột của người khiếu nại", declared_at=clock.now()
    )
    assert "anh ruột của người khiếu nại" in case_conflict_reason(case=case, user=cast.leader)


def test_the_case_actions_read_the_clocks_awaited_and_the_stand_in_once_per_page(cast, frozen_clock):
    """The notices and sendings to make (notice of acceptance, to the person denounced, the conclusion,
    each decision) are read from one reading of the case's awaited clocks, and the assignee's stand-in
    once, within a page's reading; outside one, a notice sent a moment ago is seen at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.cases.actions import case_actions
    from casework.cases.services.triage import accept_notice_pending
    from workflows.services.deadlines import deadline_close

    case = builders.assigned(cast, kind=Kind.DENUNCIATION)
    with page_reading(), CaptureQueriesContext(connection) as ctx:
        actions = case_actions(user=cast.chair, case=case)
    assert "accept_notice" in actions
    read = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "workflows_deadline"' in sql and '"status" IN' in sql for sql in read) == 1, read
    assert sum('FROM "org_absence"' in sql for sql in read) <= 1
    assert accept_notice_pending(case)
    deadline_close(target=case, step="notify_accept")
    assert not accept_notice_pending(case)
