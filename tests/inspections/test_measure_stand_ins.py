"""Who steps in on a measure of a denunciation's conclusion when its people cannot act: the stand-in
for an absent monitor verifies (and finds the report on the home page as in the inbox), and when every
representative of the unit that must act is recused, the leadership of the unit above reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from casework.cases.models import Kind
from casework.cases.services import case_conclusion_measure_add, case_handle_conclusion
from casework.inspections import selectors, services
from casework.inspections.actions import recommendation_actions
from casework.inspections.models import Recommendation
from casework.org.models import Role
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
    """A denunciation about the hospital's union, concluded and handled by the sector's leader."""
    case = builders.decided(cast, kind=Kind.DENUNCIATION, subject_unit=cast.hospital, title="Tố cáo chi sai quỹ")
    return case_handle_conclusion(case=case, actor=cast.leader, note="Kiến nghị xử lý theo thẩm quyền")


def measure(cast, case, *, monitor=None) -> Recommendation:
    case_conclusion_measure_add(
        case=case,
        actor=cast.leader,
        text="Thu hồi 12.500.000 đồng chi sai",
        owner_unit=cast.hospital,
        due_on=builders.later(30),
        monitor=monitor,
    )
    return Recommendation.objects.filter(case=case).latest("pk")


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
    assert f"/inspections/recommendations/{rec.pk}/" in page and "Xác minh báo cáo của" in page
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
