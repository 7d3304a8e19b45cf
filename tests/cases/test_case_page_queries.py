"""The case page reads each person's conflict with the case once, and the deciders' and officers' roles
together: more deciders or officers in the case's unit cost no query per person; within a page's reading
(core.reading) a conflict is read once, outside one on each call (a conflict declared is seen at once)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.models import ConflictDeclaration, Delegation, Kind
from casework.cases.selectors import case_conflict_reason
from casework.org.models import Role, User
from core import clock
from core.reading import page_reading
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# The case's answers the page asks again and again (the decisions it offers, each officer and decider it
# names, the forms that skip whoever is recused): read once per page, however many people and rows.
READ_ONCE = {
    "the unit's delegations in force": '"cases_delegation"."kinds" AS "kinds" FROM',
    "the case's conflicts declared": 'FROM "cases_conflictdeclaration" WHERE',
    "the discipline proceedings (the one pending, the ones decided)": (
        'FROM "cases_disciplineproceeding" INNER JOIN "org_unit"'
    ),
    "whoever is recused": '"org_user"."full_name" AS "user__full_name" FROM',
}


def _reads(queries: list[dict], marker: str) -> int:
    return sum(marker in q["sql"] for q in queries)


def test_more_deciders_officers_and_delegations_cost_the_case_page_no_query(
    client, cast, frozen_clock, django_assert_max_num_queries, django_assert_num_queries
):
    # A denunciation about the hospital: the discipline steps and the conflicts with the unit are read too.
    case = builders.assigned(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Trần Thị Bị")
    url = reverse("cases:detail", args=[case.pk])
    client.force_login(cast.chair)
    client.get(url)
    # The written assignment of the verification: its rows, and the officers it may go to (Luật Tố cáo 2018 Đ.31).
    with django_assert_max_num_queries(58) as few:
        assert client.get(url).status_code == 200
    for what, marker in READ_ONCE.items():
        assert _reads(few.captured_queries, marker) == 1, what
    for n in range(3):
        UserFactory(username=f"more_leader{n}", roles=[(Role.BTV_MEMBER, cast.sector)])
        UserFactory(username=f"more_officer{n}", roles=[(Role.CASE_OFFICER, cast.sector)])
    # One of them declared a conflict of interest in the case: named among the conflicted deciders.
    ConflictDeclaration.objects.create(
        case=case, user=User.objects.get(username="more_leader0"), note="em họ người khiếu nại", declared_at=clock.now()
    )
    # More delegations of the unit, one in force for a leader and one expired for the chair.
    Delegation.objects.create(
        unit=cast.sector,
        delegate=User.objects.get(username="more_leader1"),
        kinds=["denunciation"],
        valid_from=dt.date(2020, 1, 1),
        document="NQ 3",
    )
    Delegation.objects.create(
        unit=cast.sector,
        delegate=cast.chair,
        kinds=["complaint"],
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2021, 1, 1),
        document="NQ 4",
    )
    with django_assert_num_queries(len(few.captured_queries)) as more:
        page = client.get(url)
    for what, marker in READ_ONCE.items():
        assert _reads(more.captured_queries, marker) == 1, what
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


def test_a_delegation_is_read_once_per_unit_within_a_page_and_afresh_outside_one(
    cast, frozen_clock, django_assert_num_queries
):
    from casework.cases.permissions import delegation_in_force

    Delegation.objects.filter(unit=cast.sector).delete()
    assert not delegation_in_force(unit_id=cast.sector.pk, user=cast.chair, kind=Kind.COMPLAINT)
    with page_reading():
        assert not delegation_in_force(unit_id=cast.sector.pk, user=cast.chair, kind=Kind.COMPLAINT)
        with django_assert_num_queries(0):
            assert not delegation_in_force(unit_id=cast.sector.pk, user=cast.leader, kind=Kind.DENUNCIATION)
    Delegation.objects.create(
        unit=cast.sector, delegate=cast.chair, kinds=["complaint"], valid_from=dt.date(2020, 1, 1), document="NQ 5"
    )
    assert delegation_in_force(unit_id=cast.sector.pk, user=cast.chair, kind=Kind.COMPLAINT)
