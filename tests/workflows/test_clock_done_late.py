"""A clock stopped after its breach reads as done late, with the days it ran over, wherever an object's
clocks are listed: the case, inspection, flag and recommendation pages and the case API
(workflows.deadline_status.clock_state, one rule)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from casework.cases.services import case_terminate
from casework.inspections import services as inspection_services
from core import clock
from tests.builders import accepted, conclude, open_ad_hoc, raise_flag, recommend, resolved
from workflows.deadline_status import clock_state, target_key
from workflows.models import Deadline
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _clock(obj, step: str) -> Deadline:
    kind, pk = target_key(obj)
    return Deadline.objects.filter(target_type=kind, target_id=pk, step=step).latest("pk")


def _breach(deadline: Deadline, *, days_after: int = 1) -> None:
    """Time moves `days_after` days past the due moment; the sweep marks the clock breached."""
    clock.set_now(deadline.due_at + dt.timedelta(days=days_after))
    sweep_run()
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.BREACHED


def _rows(html: str) -> list[str]:
    return [row for row in html.split("<tr") if "quá hạn" in row or "hoàn thành" in row]


def test_the_rule_states_a_clock_met_or_cancelled_after_its_breach_with_its_days_late(cast, frozen_clock):
    case = accepted(cast)
    resolve = _clock(case, "resolve")
    assert clock_state(resolve, clock.now()).label == "đang chạy"
    _breach(resolve, days_after=2)
    running = clock_state(resolve, clock.now())
    assert (running.label, running.late_days, running.overdue) == ("quá hạn 2 ngày", 2, True)
    clock.advance(dt.timedelta(days=1))  # the step is done a day after the breach: three days late in all
    resolved(case, cast, officer=cast.officer)
    resolve.refresh_from_db()
    later = clock.now() + dt.timedelta(days=30)  # counted to the day it stopped, not to today
    done = clock_state(resolve, later)
    assert (done.label, done.late_days, done.overdue) == ("hoàn thành quá hạn 3 ngày", 3, False)
    with translation.override("en"):
        assert clock_state(resolve, later).label == "done 3 days late"
    on_time = _clock(accepted(cast, title="Đơn thụ lý đúng hạn"), "accept")
    assert on_time.status == Deadline.Status.MET and on_time.breached_at is None
    assert (clock_state(on_time, later).label, clock_state(on_time, later).late_days) == ("đã hoàn thành", 0)


def test_a_clock_cancelled_after_its_breach_says_so(cast, frozen_clock):
    case = accepted(cast)
    _breach(_clock(case, "resolve"))
    case_terminate(case=case, actor=cast.leader, ground="court", reason="Tòa án đã thụ lý")
    stopped = _clock(case, "resolve")
    assert stopped.status == Deadline.Status.CANCELLED
    assert clock_state(stopped, clock.now()).label == "đã hủy sau khi quá hạn 1 ngày"


def test_the_case_page_and_the_api_show_the_resolution_done_late(cast, frozen_clock, client, api_as):
    case = accepted(cast)
    _breach(_clock(case, "resolve"), days_after=3)
    case = resolved(case, cast, officer=cast.officer)
    due_on = _clock(case, "resolve").due_on
    days = (timezone.localdate(clock.now()) - due_on).days
    assert days == 3
    client.force_login(cast.chair)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    (row,) = [row for row in _rows(page) if "hoàn thành quá hạn" in row]
    assert f"{due_on:%d/%m/%Y}" in row and "hoàn thành quá hạn 3 ngày" in row and 'class="overdue"' not in row
    body = api_as(cast.chair).get(f"/api/cases/{case.pk}/").json()
    (resolve,) = [d for d in body["deadlines"] if d["step"] == "resolve"]
    assert (resolve["status"], resolve["status_label"], resolve["late_days"]) == ("met", "hoàn thành quá hạn 3 ngày", 3)
    (sending,) = [d for d in body["deadlines"] if d["step"] == "send_decision"]
    assert (sending["status_label"], sending["late_days"]) == ("đang chạy", 0)


def test_the_inspection_flag_and_recommendation_pages_show_their_steps_done_late(cast, frozen_clock, client):
    flag = raise_flag(cast)
    _breach(_clock(flag, "open_inspection"), days_after=2)
    inspection = open_ad_hoc(cast, [flag])
    _breach(_clock(inspection, "notice"))
    inspection = inspection_services.inspection_notify(
        inspection=inspection, text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    client.force_login(cast.chair)
    flag_page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert "hoàn thành quá hạn 2 ngày" in flag_page
    inspection_page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert "hoàn thành quá hạn 1 ngày" in inspection_page

    rec = recommend(cast, conclude(cast, open_ad_hoc(cast, [raise_flag(cast, category="elections")])), due_in=5)
    _breach(_clock(rec, "report"), days_after=4)
    inspection_services.followup_report(recommendation=rec, text="Đã thu hồi, nộp quỹ", actor=cast.subject_rep)
    rec_page = client.get(reverse("inspections:recommendation_detail", args=[rec.pk])).content.decode()
    (row,) = [row for row in _rows(rec_page) if "hoàn thành quá hạn" in row]
    assert "hoàn thành quá hạn 4 ngày" in row and 'class="overdue"' not in row
