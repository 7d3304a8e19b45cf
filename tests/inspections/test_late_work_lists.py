"""Late work on the flag, inspection and recommendation lists: each row's running due date and
chip from the one rule (workflows.deadline_status); an escalated flag never reads as new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend
from workflows.deadline_status import status_of, target_key
from workflows.models import Deadline
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _due_on(obj) -> dt.date:
    kind, pk = target_key(obj)
    return (
        Deadline.objects.filter(target_type=kind, target_id=pk, status=Deadline.Status.OPEN)
        .order_by("due_at")[0]
        .due_on
    )


def _past(due_on: dt.date, days: int) -> None:
    clock.set_now(dt.datetime.combine(due_on + dt.timedelta(days=days), dt.time(3, 0), tzinfo=dt.UTC))


def test_the_flag_list_shows_overdue_and_escalated_flags(client, cast, frozen_clock):
    escalated = raise_flag(cast)
    clock.advance(dt.timedelta(days=35))
    sweep_run()  # the flag had no inspection in time: the sweep escalates it
    late = raise_flag(cast)
    _past(_due_on(late), 4)
    client.force_login(cast.chair)
    response = client.get(reverse("inspections:flag_list"))
    rows = {flag.reference: flag.deadline_status for flag in response.context["page"]}
    assert rows[late.reference].label == "quá hạn 4 ngày"
    assert rows[escalated.reference].label == "đã chuyển lãnh đạo"
    body = response.content.decode()
    assert "quá hạn 4 ngày" in body
    row = body.split(escalated.reference, 1)[1].split("</tr>", 1)[0]
    assert "đã chuyển lãnh đạo" in row and "Mới phát hiện" not in row


def test_the_inspection_list_shows_an_overdue_inspection(client, cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    _past(_due_on(inspection), 2)
    client.force_login(cast.chair)
    response = client.get(reverse("inspections:inspection_list"))
    rows = {i.pk: i.deadline_status for i in response.context["page"]}
    assert rows[inspection.pk].label == "quá hạn 2 ngày"
    assert "quá hạn 2 ngày" in response.content.decode()


def test_the_recommendation_list_marks_an_overdue_recommendation(client, cast, frozen_clock):
    rec = recommend(cast, conclude(cast, open_ad_hoc(cast, [raise_flag(cast)])), due_in=10)
    assert status_of(rec, clock.now()) is not None
    _past(_due_on(rec), 3)
    client.force_login(cast.chair)
    response = client.get(reverse("inspections:recommendation_list"))
    rows = {r.pk: r.deadline_status for r in response.context["page"]}
    assert rows[rec.pk].label == "quá hạn 3 ngày"
    body = response.content.decode()
    assert 'class="overdue"' in body and "quá hạn 3 ngày" in body
