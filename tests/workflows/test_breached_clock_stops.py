"""A step done after its clock ran out stops that clock: the sweep marked it breached, the step's end
stops it (met late, or cancelled, its `breached_at` kept: workflows.services.deadlines.deadline_close).
From then on nothing reads it running: no chip, list, filter, urgency order, API filter or home row
shows its object overdue for it, and the sweep neither reminds nor escalates it again; the reports
still count the step as done late, and the coverage proof's trail records the stop."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from casework.cases.models import Case
from casework.cases.selectors import case_inbox, case_list
from casework.inspections import selectors as inspection_selectors
from casework.inspections import services as inspection_services
from casework.inspections.models import Flag, Inspection
from casework.reports.selectors import quarterly_report
from core import clock
from notifications.models import Notification
from tests.builders import accepted, conclude, open_ad_hoc, raise_flag, recommend, resolved
from workflows.deadline_status import (
    FILTER_OVERDUE,
    RUNNING,
    deadline_status_q,
    status_of,
    target_key,
    with_urgency,
)
from workflows.models import Deadline, Escalation
from workflows.selectors import deadline_list_mine
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db


def _clock(obj, step: str) -> Deadline:
    kind, pk = target_key(obj)
    return Deadline.objects.filter(target_type=kind, target_id=pk, step=step).latest("pk")


def _breach(*clocks: Deadline) -> None:
    """Time moves a day past the latest due moment and the sweep marks each clock breached."""
    clock.set_now(max(c.due_at for c in clocks) + dt.timedelta(days=1))
    sweep_run()
    for c in clocks:
        c.refresh_from_db()
        assert c.status == Deadline.Status.BREACHED and c.breached_at is not None


def _reads_overdue(obj, now: dt.datetime) -> dict[str, bool]:
    """Whether each reading of the generic rule takes `obj` for overdue at `now`."""
    model = type(obj)
    chip = status_of(obj, now)
    return {
        "chip": bool(chip and chip.overdue),
        "filter": model.objects.filter(deadline_status_q(model, FILTER_OVERDUE, now), pk=obj.pk).exists(),
        "order": with_urgency(model.objects.filter(pk=obj.pk), now).get().urgency_late,
    }


OVERDUE = {"chip": True, "filter": True, "order": True}
NOT_OVERDUE = {"chip": False, "filter": False, "order": False}


def _no_more_from_the_sweep(stopped: Deadline, days: int = 20) -> None:
    """Time moves on and the sweep runs again: nothing more about the stopped clock."""
    notices = Notification.objects.filter(key__startswith=f"deadline:{stopped.pk}:").count()
    clock.advance(dt.timedelta(days=days))
    sweep_run()
    assert Notification.objects.filter(key__startswith=f"deadline:{stopped.pk}:").count() == notices
    assert Escalation.objects.filter(deadline=stopped).count() == 1  # the breach's own, raised once
    stopped.refresh_from_db()
    assert stopped.status == Deadline.Status.MET


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def test_a_case_decided_after_its_resolution_ran_out_is_late_no_more_but_counts_as_resolved_late(
    cast, frozen_clock, client, api_as
):
    case = accepted(cast, title="Đơn giải quyết muộn")
    waiting = accepted(cast, title="Đơn chưa giải quyết")
    _breach(_clock(case, "resolve"), _clock(waiting, "resolve"))
    breached_at = _clock(case, "resolve").breached_at
    assert Escalation.objects.filter(deadline=_clock(case, "resolve")).exists()
    assert _reads_overdue(case, clock.now()) == OVERDUE

    case = resolved(case, cast, officer=cast.officer)
    stopped = _clock(case, "resolve")
    assert (stopped.status, stopped.closed_at, stopped.breached_at) == (Deadline.Status.MET, clock.now(), breached_at)
    now = clock.now()
    assert _reads_overdue(case, now) == NOT_OVERDUE
    assert _reads_overdue(waiting, now) == OVERDUE
    # The decision's sending clock now runs, in time: the chip reads it.
    assert status_of(case, now).step_label == _clock(case, "send_decision").step_label
    # The lists, the inbox, the home page's deadlines and the API.
    client.force_login(cast.chair)
    page = client.get(reverse("cases:list"), {"deadline": FILTER_OVERDUE}).context["page"]
    assert [c.pk for c in page.object_list] == [waiting.pk]
    assert {c.pk: c.overdue for c in case_list(user=cast.chair)} == {case.pk: False, waiting.pk: True}
    assert not case_inbox(user=cast.officer).get(pk=case.pk).overdue
    assert stopped not in deadline_list_mine(user=cast.officer)
    rows = api_as(cast.chair).get("/api/cases/", {"deadline": FILTER_OVERDUE}).json()["results"]
    assert [r["id"] for r in rows] == [waiting.pk]
    # Late it was: the quarter's report counts the resolution as late.
    figures = quarterly_report(unit=cast.sector, year=2026, quarter=_quarter(clock.today()), user=cast.leader).figures
    assert (figures["resolved"], figures["resolved_late"], figures["resolved_on_time"]) == (1, 1, 0)
    _no_more_from_the_sweep(stopped)


def test_an_inspection_notified_after_its_notice_ran_out_and_its_flag(cast, frozen_clock, client, api_as):
    flag = raise_flag(cast)
    inspection = open_ad_hoc(cast, [flag])  # decided: the notice clock runs
    waiting = open_ad_hoc(cast, [raise_flag(cast, category="elections")])
    _breach(_clock(inspection, "notice"), _clock(waiting, "notice"))
    assert _reads_overdue(inspection, clock.now()) == OVERDUE

    inspection = inspection_services.inspection_notify(
        inspection=inspection, text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    stopped = _clock(inspection, "notice")
    assert (stopped.status, stopped.breached_at is not None) == (Deadline.Status.MET, True)
    now = clock.now()
    assert _reads_overdue(inspection, now) == NOT_OVERDUE
    assert _reads_overdue(waiting, now) == OVERDUE
    assert status_of(inspection, now).step_label == _clock(inspection, "fieldwork").step_label
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:inspection_list"), {"deadline": FILTER_OVERDUE}).context["page"]
    assert [i.pk for i in page.object_list] == [waiting.pk]
    rows = api_as(cast.chair).get("/api/inspections/", {"deadline": FILTER_OVERDUE}).json()["results"]
    assert [r["id"] for r in rows] == [waiting.pk]
    # Done late is not in time: its flag stays overdue (and escalated), and the trail records the stop.
    assert inspection_selectors.flag_bucket(flag=flag) == "overdue_escalated"
    with translation.override("vi"):
        assert dict(inspection_selectors.coverage_trail_disagreements()) == {}
    figures = quarterly_report(unit=cast.sector, year=2026, quarter=_quarter(clock.today()), user=cast.chair).figures
    assert figures["flags_overdue_escalated"] == 2 and figures["flags_unaccounted"] == 0
    _no_more_from_the_sweep(stopped, days=2)


def test_a_flag_that_joins_an_inspection_after_its_clock_ran_out(cast, frozen_clock, client, api_as):
    flag, waiting = raise_flag(cast), raise_flag(cast, unit=cast.clinic)
    _breach(_clock(flag, "open_inspection"), _clock(waiting, "open_inspection"))
    assert _reads_overdue(flag, clock.now()) == OVERDUE

    inspection_services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[flag]
    )
    stopped = _clock(flag, "open_inspection")
    assert (stopped.status, stopped.breached_at is not None) == (Deadline.Status.MET, True)
    now = clock.now()
    assert status_of(flag, now) is None  # no clock of its own runs: the inspection's times it
    assert _reads_overdue(flag, now) == NOT_OVERDUE
    assert _reads_overdue(waiting, now) == OVERDUE
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:flag_list"), {"deadline": FILTER_OVERDUE}).context["page"]
    assert [f.pk for f in page.object_list] == [waiting.pk]
    rows = api_as(cast.chair).get("/api/flags/", {"deadline": FILTER_OVERDUE}).json()["results"]
    assert [r["id"] for r in rows] == [waiting.pk]
    assert inspection_selectors.flag_bucket(flag=flag) == "overdue_escalated"
    _no_more_from_the_sweep(stopped, days=2)


def test_a_recommendation_reported_after_its_report_ran_out(cast, frozen_clock, client, api_as):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec, waiting = recommend(cast, inspection, due_in=5), recommend(cast, inspection, due_in=5)
    _breach(_clock(rec, "report"), _clock(waiting, "report"))
    assert _reads_overdue(rec, clock.now()) == OVERDUE

    inspection_services.followup_report(recommendation=rec, text="Đã thu hồi, nộp quỹ", actor=cast.subject_rep)
    stopped = _clock(rec, "report")
    assert (stopped.status, stopped.breached_at is not None) == (Deadline.Status.MET, True)
    now = clock.now()
    assert _reads_overdue(rec, now) == NOT_OVERDUE
    assert _reads_overdue(waiting, now) == OVERDUE
    assert status_of(rec, now).step_label == _clock(rec, "verify").step_label
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:recommendation_list"), {"deadline": FILTER_OVERDUE}).context["page"]
    assert [r.pk for r in page.object_list] == [waiting.pk]
    rows = api_as(cast.chair).get("/api/recommendations/", {"deadline": FILTER_OVERDUE}).json()["results"]
    assert [r["id"] for r in rows] == [waiting.pk]
    _no_more_from_the_sweep(stopped, days=2)


def test_a_case_terminated_after_its_resolution_ran_out_cancels_the_clock_with_its_breach(cast, frozen_clock):
    from casework.cases.services import case_terminate

    case = accepted(cast)
    _breach(_clock(case, "resolve"))
    case = case_terminate(case=case, actor=cast.leader, ground="court", reason="Tòa án đã thụ lý")
    stopped = _clock(case, "resolve")
    assert (stopped.status, stopped.breached_at is not None) == (Deadline.Status.CANCELLED, True)
    assert _reads_overdue(case, clock.now())["filter"] is False


def test_an_escalation_moved_up_and_then_decided_after_its_decision_times_ran_out(cast, frozen_clock, make_case):
    from workflows.services.escalations import escalation_decide, escalation_open

    escalation = escalation_open(target=make_case(), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    sector = _clock(escalation, "decide")
    clock.set_now(sector.due_at + dt.timedelta(days=1))
    sweep_run()  # the sector's leadership stayed silent: moved up to the province, a fresh clock
    sector.refresh_from_db()
    assert (sector.status, sector.breached_at is not None) == (Deadline.Status.CANCELLED, True)
    _breach(_clock(escalation, "decide"))  # nobody above the province: pending, overdue
    assert _reads_overdue(escalation, clock.now()) == OVERDUE
    escalation_decide(
        escalation=Escalation.objects.get(pk=escalation.pk),
        actor=cast.province_leader,
        decision="approve",
        reason="Đồng ý",
    )
    stopped = _clock(escalation, "decide")
    assert (stopped.status, stopped.breached_at is not None) == (Deadline.Status.MET, True)
    assert _reads_overdue(escalation, clock.now()) == NOT_OVERDUE
    mine = Deadline.objects.filter(target_type="workflows.escalation", target_id=str(escalation.pk))
    assert not mine.filter(status__in=RUNNING).exists()


# ---- the clocks a step ended before it stopped breached ones -------------------------------------------


def test_the_migration_stops_the_breached_clocks_of_steps_already_done(cast, frozen_clock, monkeypatch):
    """Clocks left breached by steps that ended them (as steps stopped only open and paused clocks): the
    migration stops each as its step's end does, dated by what the rows record, keeps the breach, and
    records the stops of a flag's or an inspection's clocks in the trail; a running step's breached
    clock stays breached."""
    from casework.audit.models import AuditEvent
    from workflows.calendar import end_of_day
    from workflows.services import deadlines

    migration = import_module("workflows.migrations.0019_stop_breached_clocks_of_ended_steps")
    flag, still = raise_flag(cast), raise_flag(cast, unit=cast.clinic)
    inspection = open_ad_hoc(cast, [raise_flag(cast, category="elections")])
    case = accepted(cast)
    _breach(
        _clock(flag, "open_inspection"),
        _clock(still, "open_inspection"),
        _clock(inspection, "notice"),
        _clock(case, "resolve"),
    )
    with monkeypatch.context() as patched:
        patched.setattr(deadlines, "STOPPABLE", (Deadline.Status.OPEN, Deadline.Status.PAUSED))
        open_ad_hoc(cast, [flag])
        inspection_services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.inspector)
        resolved(case, cast, officer=cast.officer)
    ended = [_clock(flag, "open_inspection"), _clock(inspection, "notice"), _clock(case, "resolve")]
    assert {d.status for d in ended} == {Deadline.Status.BREACHED}
    flag, case = Flag.objects.get(pk=flag.pk), Case.objects.get(pk=case.pk)
    assert _reads_overdue(flag, clock.now()) == OVERDUE
    expected = [flag.joined_inspection_at, _clock(inspection, "fieldwork").created_at, end_of_day(case.decided_on)]
    clock.advance(dt.timedelta(days=3))

    migration.stop_breached_clocks_of_ended_steps(apps, None)

    stopped = [Deadline.objects.get(pk=d.pk) for d in ended]
    assert [(d.status, d.closed_at, d.breached_at) for d in stopped] == [
        (Deadline.Status.MET, at, d.breached_at) for d, at in zip(ended, expected, strict=True)
    ]
    assert _clock(still, "open_inspection").status == Deadline.Status.BREACHED  # its step goes on
    now = clock.now()
    for obj in (flag, Inspection.objects.get(pk=inspection.pk), case):
        assert _reads_overdue(obj, now) == NOT_OVERDUE
    # The trail records the stops (the steps recorded none): the coverage proof holds, the flag still late.
    with translation.override("vi"):
        assert dict(inspection_selectors.coverage_trail_disagreements()) == {}
    assert inspection_selectors.flag_bucket(flag=flag) == "overdue_escalated"
    recorded = {
        (e.target_type, e.target_id, tuple(e.after["closed"]))
        for e in AuditEvent.objects.filter(action="deadline.recorded")
    }
    assert recorded == {
        ("inspections.flag", str(flag.pk), ("open_inspection",)),
        ("inspections.inspection", str(inspection.pk), ("notice",)),
    }
    # Run again: nothing left to stop, nothing more recorded.
    migration.stop_breached_clocks_of_ended_steps(apps, None)
    assert AuditEvent.objects.filter(action="deadline.recorded").count() == 2
