"""A supervision starts on the first day of the period its decision set: before it the team is neither
offered nor allowed to start it; the committee's chair may, giving the reason, which the trail records."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.models import AuditEvent
from casework.supervision import services
from casework.supervision.actions import supervision_actions
from casework.supervision.models import Supervision
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.builders import api_client, make_supervision

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_week(cast, frozen_clock) -> Supervision:
    start = clock.today() + dt.timedelta(days=7)
    return make_supervision(cast, starts_on=start, ends_on=start + dt.timedelta(days=14))


def test_the_team_starts_it_only_from_its_first_day(cast, next_week):
    assert "start" not in supervision_actions(user=cast.inspector, supervision=next_week)
    with pytest.raises(TransitionNotAllowed):
        services.supervision_start(supervision=next_week, actor=cast.inspector, reason="Đơn vị đề nghị")
    response = api_client(cast.inspector).post(f"/api/supervisions/{next_week.pk}/start/", {}, format="json")
    assert response.status_code == 409  # not an action open to them now
    next_week.refresh_from_db()
    assert next_week.status == Supervision.Status.PLANNED

    clock.set_now(clock.now() + dt.timedelta(days=7))
    assert "start" in supervision_actions(user=cast.inspector, supervision=next_week)
    started = services.supervision_start(supervision=next_week, actor=cast.inspector)
    assert started.status == Supervision.Status.IN_PROGRESS
    event = AuditEvent.objects.get(action="supervision.start")
    assert event.reason == "" and "starts_on" not in event.after


def test_the_chair_starts_it_earlier_with_a_reason_recorded(cast, next_week):
    assert "start" in supervision_actions(user=cast.chair, supervision=next_week)
    with pytest.raises(ValidationFailed) as err:
        services.supervision_start(supervision=next_week, actor=cast.chair, reason="  ")
    assert set(err.value.fields) == {"reason"}
    response = api_client(cast.chair).post(f"/api/supervisions/{next_week.pk}/start/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    assert not AuditEvent.objects.filter(action="supervision.start").exists()

    response = api_client(cast.chair).post(
        f"/api/supervisions/{next_week.pk}/start/", {"reason": "Đơn vị đề nghị giám sát sớm"}, format="json"
    )
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(action="supervision.start")
    assert event.reason == "Đơn vị đề nghị giám sát sớm"
    assert event.after["starts_on"] == next_week.starts_on.isoformat()
