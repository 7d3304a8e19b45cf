"""The follow-up flow gives a denunciation's measure's tasks to the people who may do them when those
the step names cannot: the leadership above reports when every representative is recused (the task
inbox and the home page offer it to them), and the nearest committee chairs verify when the monitor
is away and their substitute is recused from the case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from casework.inspections import selectors, services
from casework.inspections.actions import recommendation_actions
from casework.inspections.models import Recommendation
from casework.org.models import Role, RoleAssignment
from core import clock
from core.errors import TransitionNotAllowed
from tests import builders
from tests.factories import UserFactory
from workflows.flows.inbox import task_list_inbox
from workflows.services.absences import absence_record, absences_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled(cast, frozen_clock):
    return builders.handled_denunciation(cast)


def measure(cast, case, *, monitor=None) -> Recommendation:
    return builders.conclusion_measure(cast, case, monitor=monitor)


def _inbox(user) -> set[int]:
    tasks = task_list_inbox(user=user).filter(process__artifact_content_type__model="recommendation")
    return {int(t.process.artifact_object_id) for t in tasks}


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def _recused_member(cast, username: str, role: str):
    """Someone of the sector's committee who also sits on the hospital's executive committee: recused
    from the denunciations about the hospital."""
    user = UserFactory(username=username, roles=[(role, cast.sector)])
    RoleAssignment.objects.create(user=user, unit=cast.hospital, role=Role.BCH_MEMBER, valid_from=dt.date(2020, 1, 1))
    return user


def test_the_leadership_above_finds_the_report_task_in_its_inbox_and_on_its_home_page(cast, handled):
    # The hospital's only representative sits on its executive committee: recused.
    RoleAssignment.objects.create(
        user=cast.subject_rep, unit=cast.hospital, role=Role.BCH_MEMBER, valid_from=dt.date(2020, 1, 1)
    )
    rec = measure(cast, handled, monitor=cast.inspector)
    # The sector's leader reports (reporters.followup_may_report): the flow offers them the task.
    for user in (cast.leader, cast.province_leader, cast.subject_rep, cast.chair, cast.inspector):
        offered = "report" in recommendation_actions(user=user, recommendation=rec)
        assert (rec.pk in _inbox(user)) == offered, user.username
        assert (rec.pk in {r.pk for r in selectors.recommendations_to_report(user=user)}) == offered, user.username
    assert rec.pk in _inbox(cast.leader)
    page = _home(cast.leader)
    assert f"/inspections/recommendations/{rec.pk}/" in page and "Báo cáo thực hiện kiến nghị" in page
    assert f"/inspections/recommendations/{rec.pk}/" not in _home(cast.province_leader)
    services.followup_report(recommendation=rec, text="CĐCS đã thu hồi đủ", actor=cast.leader)
    # Reported: the task is the monitor's now, and off the leader's lists.
    assert rec.pk not in _inbox(cast.leader)
    assert not selectors.recommendations_to_report(user=cast.leader).filter(pk=rec.pk).exists()
    assert rec.pk in _inbox(cast.inspector)


def test_the_chairs_verify_when_the_substitute_of_an_absent_monitor_is_recused(cast, handled):
    rec = measure(cast, handled, monitor=cast.inspector)
    services.followup_report(recommendation=rec, text="Đã thu hồi đủ", actor=cast.subject_rep)
    substitute = _recused_member(cast, "inspector4", Role.INSPECTOR)
    absence_record(
        actor=cast.chair,
        user=cast.inspector,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=10),
        reason="Nghỉ phép năm",
        substitute=substitute,
    )
    rec.refresh_from_db()
    assert builders.task_holder(rec) is None
    # The task waits for the sector's committee chair, who may verify; not for the other inspectors.
    for user in (cast.chair, cast.inspector2, cast.inspector3, substitute, cast.leader):
        may = "verify" in recommendation_actions(user=user, recommendation=rec)
        assert (rec.pk in _inbox(user)) == may, user.username
        listed = {r.recommendation_id for r in selectors.reports_to_verify(user=user)}
        assert (rec.pk in listed) == may, user.username
    assert rec.pk in _inbox(cast.chair)
    with pytest.raises(TransitionNotAllowed):
        services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.inspector2)
    services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.chair)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ACCEPTED
    assert rec.reports.get().verified_by == cast.chair


def test_the_verify_task_goes_back_to_the_monitor_once_the_absence_is_over(cast, handled):
    rec = measure(cast, handled, monitor=cast.inspector)
    services.followup_report(recommendation=rec, text="Đã thu hồi đủ", actor=cast.subject_rep)
    absence_record(
        actor=cast.chair,
        user=cast.inspector,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=2),
        reason="Công tác",
        substitute=_recused_member(cast, "inspector4", Role.INSPECTOR),
    )
    assert rec.pk in _inbox(cast.chair)
    clock.advance(dt.timedelta(days=3))
    absences_sweep()  # the periodic job hands the tasks back
    rec.refresh_from_db()
    assert builders.task_holder(rec) == cast.inspector
    assert rec.pk in _inbox(cast.inspector)
    assert rec.pk not in _inbox(cast.chair)
    assert "verify" not in recommendation_actions(user=cast.chair, recommendation=rec)
    services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.inspector)
