"""Who steps in on a measure of a denunciation's conclusion when its people cannot act: the stand-in
for an absent monitor verifies (and finds the report on the home page as in the inbox), and when every
representative of the unit that must act is recused, the leadership of the unit above reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from casework.inspections import selectors, services
from casework.inspections.actions import recommendation_actions
from casework.inspections.models import Recommendation
from casework.inspections.reporters import reporters_above
from casework.org.models import Role, RoleAssignment
from core import clock
from core.errors import OutOfScope
from notifications.models import Notification
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


def _inbox_recommendations(user) -> set[int]:
    tasks = task_list_inbox(user=user).filter(process__artifact_content_type__model="recommendation")
    return {int(t.process.artifact_object_id) for t in tasks}


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


# ---- a monitor away ---------------------------------------------------------------------------------


def test_the_stand_in_for_an_absent_monitor_finds_the_report_on_the_home_page_as_in_the_inbox(cast, handled):
    rec = measure(cast, handled, monitor=cast.inspector)
    services.followup_report(recommendation=rec, text="Đã thu hồi đủ", actor=cast.subject_rep)
    rec.refresh_from_db()
    absence_record(
        actor=cast.chair,
        user=cast.inspector,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=10),
        reason="Nghỉ phép năm",
        substitute=cast.inspector2,
    )
    assert builders.task_holder(rec) == cast.inspector2  # the verify task followed the person
    for user in (cast.inspector, cast.inspector2, cast.inspector3, cast.chair):
        listed = {r.recommendation_id for r in selectors.reports_to_verify(user=user)}
        assert (rec.pk in listed) == ("verify" in recommendation_actions(user=user, recommendation=rec)), user.username
    # The stand-in: in the inbox, on the home list, offered the step; another member: none of them.
    assert rec.pk in _inbox_recommendations(cast.inspector2)
    assert [r.recommendation_id for r in selectors.reports_to_verify(user=cast.inspector2)] == [rec.pk]
    assert rec.pk not in _inbox_recommendations(cast.inspector3)
    assert not selectors.reports_to_verify(user=cast.inspector3).exists()
    page = _home(cast.inspector2)
    assert f"/inspections/recommendations/{rec.pk}/" in page and "Xác minh kết quả thực hiện" in page
    assert f"làm thay {cast.inspector}" in page
    assert f"/inspections/recommendations/{rec.pk}/" not in _home(cast.inspector3)
    services.recommendation_verify(recommendation=rec, verdict="accepted", actor=cast.inspector2)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.ACCEPTED
    assert not selectors.reports_to_verify(user=cast.inspector2).exists()


def test_the_report_goes_back_to_the_monitor_on_both_lists_once_the_absence_is_over(cast, handled):
    rec = measure(cast, handled, monitor=cast.inspector)
    services.followup_report(recommendation=rec, text="Đã thu hồi đủ", actor=cast.subject_rep)
    absence_record(
        actor=cast.chair,
        user=cast.inspector,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=2),
        reason="Công tác",
        substitute=cast.inspector2,
    )
    assert selectors.reports_to_verify(user=cast.inspector2).exists()
    clock.advance(dt.timedelta(days=3))
    absences_sweep()  # the periodic job hands the tasks back
    assert builders.task_holder(Recommendation.objects.get(pk=rec.pk)) == cast.inspector
    assert not selectors.reports_to_verify(user=cast.inspector2).exists()
    assert rec.pk not in _inbox_recommendations(cast.inspector2)
    assert [r.recommendation_id for r in selectors.reports_to_verify(user=cast.inspector)] == [rec.pk]


# ---- every representative recused --------------------------------------------------------------------


@pytest.fixture
def reps_recused(cast):
    """The hospital's only representative sits on its executive committee: recused from its denunciations."""
    RoleAssignment.objects.create(
        user=cast.subject_rep, unit=cast.hospital, role=Role.BCH_MEMBER, valid_from=dt.date(2020, 1, 1)
    )


def test_when_every_representative_is_recused_the_leadership_above_reports(cast, handled, reps_recused, client, api_as):
    rec = measure(cast, handled, monitor=cast.inspector)
    # Nobody of the hospital's union may report: the sector's leadership does (the nearest unit above).
    assert reporters_above([rec]) == {rec.pk: {cast.leader.pk}}
    for user in (cast.subject_rep, cast.province_leader, cast.chair, cast.inspector, cast.officer):
        assert "report" not in recommendation_actions(user=user, recommendation=rec), user.username
    assert recommendation_actions(user=cast.leader, recommendation=rec) == ["report"]
    # The page and the API offer it by the same rule; the leader was told when the measure was recorded.
    client.force_login(cast.leader)
    page = client.get(f"/inspections/recommendations/{rec.pk}/").content.decode()
    assert f"/inspections/recommendations/{rec.pk}/report/" in page
    assert api_as(cast.leader).get(f"/api/recommendations/{rec.pk}/").json()["allowed_actions"] == ["report"]
    assert Notification.objects.filter(user=cast.leader, url=f"/inspections/recommendations/{rec.pk}/").exists()
    assert not Notification.objects.filter(user=cast.subject_rep).exists()
    with pytest.raises(OutOfScope):
        services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.province_leader)
    with pytest.raises(OutOfScope):
        services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.subject_rep)
    done = api_as(cast.leader).post(
        f"/api/recommendations/{rec.pk}/report/", {"text": "CĐCS đã thu hồi đủ, có chứng từ"}, format="json"
    )
    assert done.status_code == 200, done.content
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.REPORTED and rec.reports.get().reported_by == cast.leader
    # The monitor verifies it, as any report.
    assert recommendation_actions(user=cast.inspector, recommendation=rec) == ["verify"]


def test_a_representative_free_to_report_keeps_the_report_with_the_unit(cast, handled, reps_recused):
    rec = measure(cast, handled)
    free = UserFactory(username="rep2", roles=[(Role.SUBJECT_REP, cast.hospital)])
    assert reporters_above([rec]) == {}
    assert recommendation_actions(user=free, recommendation=rec) == ["report"]
    assert recommendation_actions(user=cast.leader, recommendation=rec) == []
    with pytest.raises(OutOfScope):
        services.followup_report(recommendation=rec, text="Đã thực hiện", actor=cast.leader)


def test_the_leadership_above_reports_only_when_not_recused_itself(cast, handled, reps_recused):
    """The sector's only leader also sits on the hospital's committee: the province's leadership reports."""
    RoleAssignment.objects.create(
        user=cast.leader, unit=cast.hospital, role=Role.BCH_MEMBER, valid_from=dt.date(2020, 1, 1)
    )
    rec = Recommendation.objects.create(
        case=handled,
        text="Thu hồi khoản chi sai",
        owner_unit=cast.hospital,
        due_on=builders.later(30),
        created_at=clock.now(),
    )
    assert reporters_above([rec]) == {rec.pk: {cast.province_leader.pk}}
    assert recommendation_actions(user=cast.province_leader, recommendation=rec) == ["report"]
    assert recommendation_actions(user=cast.leader, recommendation=rec) == []
