"""The inbox's filter is built once per request from the user's roles (org.role_cache.derived); a write in
the same request that its rule reads besides the roles (a delegation from the body, an acting appointment,
an absence and its substitute) is seen by the parts of the page built after it."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Delegation, Kind, Outcome
from casework.cases.services import case_assign, case_conflict_declare, case_propose, case_start_verification
from casework.inspections.services.teams import conflict_declare
from casework.org import role_cache
from core import clock
from tests.builders import accepted, acting_chair_appointed, dialogued
from workflows.flows import inbox
from workflows.services.absences import absence_record

pytestmark = pytest.mark.django_db


def _proposed(cast, **kw):
    case = case_assign(case=accepted(cast, kind=Kind.COMPLAINT, **kw), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    return case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)


def _held(user, case) -> bool:
    """The case has an open task in the user's inbox (its list and its badge read the same filter)."""
    return inbox.task_list_inbox(user=user).filter(process__artifact_object_id=str(case.pk)).exists()


def _in_request(view) -> None:
    """Run `view` as the middleware runs a request: with a fresh role memory."""
    role_cache.RoleCacheMiddleware(lambda request: view())(None)


def test_a_delegation_written_in_the_request_reaches_the_acting_chairs_inbox(cast, frozen_clock):
    case = _proposed(cast)
    Delegation.objects.all().delete()
    acting_chair_appointed(cast)
    seen = {}

    def view() -> None:
        seen["before"] = _held(cast.inspector, case)
        delegation = Delegation.objects.create(
            unit=cast.sector, delegate=cast.chair, kinds=["complaint"], valid_from=clock.today(), document="NQ 05"
        )
        seen["delegated"] = _held(cast.inspector, case)
        delegation.delete()
        seen["withdrawn"] = _held(cast.inspector, case)

    _in_request(view)
    assert seen == {"before": False, "delegated": True, "withdrawn": False}


def test_an_acting_appointment_written_in_the_request_reaches_the_inbox(cast, frozen_clock):
    case = _proposed(cast)
    seen = {}

    def view() -> None:
        seen["before"] = _held(cast.inspector, case)
        acting_chair_appointed(cast)
        seen["acting"] = _held(cast.inspector, case)

    _in_request(view)
    assert seen == {"before": False, "acting": True}


def test_an_absence_written_in_the_request_reaches_the_substitutes_inbox(cast, frozen_clock):
    case = case_assign(case=accepted(cast, kind=Kind.COMPLAINT), actor=cast.chair, assignee=cast.officer)
    seen = {}

    def view() -> None:
        seen["before"] = _held(cast.officer2, case)
        absence_record(
            actor=cast.officer,
            user=cast.officer,
            starts_on=clock.today(),
            ends_on=clock.today() + dt.timedelta(days=5),
            substitute=cast.officer2,
            reason="Nghỉ phép",
        )
        seen["away"] = _held(cast.officer2, case)

    _in_request(view)
    assert seen == {"before": False, "away": True}


def test_a_conflict_declared_on_the_case_in_the_request_leaves_the_inbox(cast, frozen_clock):
    case = _proposed(cast)
    seen = {}

    def view() -> None:
        seen["before"] = _held(cast.chair, case)
        case_conflict_declare(case=case, actor=cast.chair, note="Người khiếu nại là người thân")
        seen["declared"] = _held(cast.chair, case)

    _in_request(view)
    assert seen == {"before": True, "declared": False}


def test_a_conflict_declared_with_the_unit_in_the_request_leaves_the_inbox(cast, frozen_clock):
    case = _proposed(cast, subject_unit=cast.hospital)
    seen = {}

    def view() -> None:
        seen["before"] = _held(cast.chair, case)
        conflict_declare(user=cast.chair, unit=case.subject_unit, reason="Vợ công tác tại đơn vị", actor=cast.chair)
        seen["declared"] = _held(cast.chair, case)

    _in_request(view)
    assert seen == {"before": True, "declared": False}


def test_each_part_of_a_page_gets_its_own_copy_of_the_inbox_filter(cast, frozen_clock):
    """The filter is built once per request, but no part reads rows another part evaluated: a part that
    lists the tasks keeps its list, and a part after a write sees the task the write opened, at no query
    beyond the rows it reads."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = accepted(cast, kind=Kind.COMPLAINT)
    seen = {}

    def view() -> None:
        first = inbox._open_tasks(cast.officer)
        seen["first"] = {task.pk for task in first}  # evaluated in place
        case_assign(case=case, actor=cast.chair, assignee=cast.officer)
        with CaptureQueriesContext(connection) as built:
            second = inbox._open_tasks(cast.officer)
        seen["queries to build"] = len(built.captured_queries)
        seen["same object"] = second is first
        seen["opened"] = {task.pk for task in second} - seen["first"]
        seen["first still"] = {task.pk for task in first} == seen["first"]
        seen["narrowed"] = second.filter(pk__in=[]).exists()
        seen["second after a part narrowed it"] = {task.pk for task in second} - seen["first"]

    _in_request(view)
    assert len(seen["opened"]) == 1, "the officer's task on the case assigned, opened after the first part read"
    assert seen == {
        "first": seen["first"],
        "queries to build": 0,
        "same object": False,
        "opened": seen["opened"],
        "first still": True,
        "narrowed": False,
        "second after a part narrowed it": seen["opened"],
    }
