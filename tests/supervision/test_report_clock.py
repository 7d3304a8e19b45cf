"""A supervision's report runs on the deadline engine: its clock starts with the supervision, is due
the policy's working days after the period's last day, is met by the report, moves with the last day,
and the sweep reminds and breaches it, telling the lead and the committee's chair, never anyone out of
scope or conflicted with the unit supervised."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.inspections.services.teams import conflict_declare
from casework.org.models import Role
from casework.supervision import selectors, services
from casework.supervision.models import SUPERVISION_TARGET, Supervision
from core import clock
from core.errors import TransitionNotAllowed
from notifications.models import Notification
from tests.builders import make_supervision, report_supervision
from tests.factories import UserFactory
from workflows.models import Deadline, DeadlineChange, Escalation
from workflows.services.escalations import escalation_decide
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

# Friday 24/04/2026: the next Monday is the Hùng Kings' day off (observed), Thursday 30/04 and Friday
# 01/05 are holidays. Ten working days after it: 28, 29/04, 04–08/05, 11–13/05.
LAST_DAY = dt.date(2026, 4, 24)
DUE = dt.date(2026, 5, 13)


@pytest.fixture
def started(cast, frozen_clock) -> Supervision:
    supervision = make_supervision(cast, ends_on=LAST_DAY)
    return services.supervision_start(supervision=supervision, actor=cast.inspector)


def _clock(supervision: Supervision) -> Deadline:
    return Deadline.objects.get(target_type=SUPERVISION_TARGET, target_id=str(supervision.pk))


def _told(key: str) -> set[str]:
    return set(Notification.objects.filter(key=key).values_list("user__username", flat=True))


def _to(moment: dt.datetime) -> None:
    """Move the injected clock forward to `moment` (never back)."""
    clock.advance(moment - clock.now())


def _ict(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour - 7, tzinfo=dt.UTC)


def test_starting_opens_the_report_clock_ten_working_days_after_the_last_day_across_weekend_and_holidays(cast, started):
    deadline = _clock(started)
    assert (deadline.step, deadline.status, deadline.starts_on, deadline.due_on) == (
        services.REPORT_STEP,
        Deadline.Status.OPEN,
        LAST_DAY,
        DUE,
    )
    assert (deadline.days, deadline.day_unit, deadline.assignee, deadline.unit) == (
        10,
        "working",
        cast.inspector,
        cast.sector,
    )
    event = AuditEvent.objects.get(action="supervision.start", target_id=str(started.pk))
    assert event.after["due"] == {services.REPORT_STEP: DUE.isoformat()}


def test_a_planned_supervision_runs_no_clock(cast, frozen_clock):
    supervision = make_supervision(cast, ends_on=LAST_DAY)
    assert not Deadline.objects.filter(target_type=SUPERVISION_TARGET, target_id=str(supervision.pk)).exists()


def test_the_sweep_reminds_and_breaches_the_lead_and_chair_never_the_conflicted_or_out_of_scope(
    cast, started, client, api_as
):
    # The chair holds a declared conflict with the hospital: never told, not even as a stand-in.
    conflict_declare(user=cast.chair, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.chair)
    deadline = _clock(started)

    _to(_ict(dt.date(2026, 5, 8), 9))  # Friday before: no reminder is due yet
    assert sweep_run().reminded == 0

    # Three days before the due day is Sunday 10/05: the reminder goes out on Monday at 08:00.
    _to(_ict(dt.date(2026, 5, 11), 9))
    assert sweep_run().reminded == 1
    assert _told(f"deadline:{deadline.pk}:remind:3") == {"inspector"}
    client.force_login(cast.inspector2)
    assert "sắp đến hạn" in client.get(reverse("supervision:detail", args=[started.pk])).content.decode()

    _to(_ict(dt.date(2026, 5, 14), 9))
    result = sweep_run()
    assert (result.breached, result.escalated) == (1, 1)
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.BREACHED
    assert _told(f"deadline:{deadline.pk}:breach") == {"inspector"}
    escalation = Escalation.objects.get(target_type=SUPERVISION_TARGET, target_id=str(started.pk))
    assert (escalation.automatic, escalation.unit, escalation.deadline) == (True, cast.sector, deadline)
    assert "leader" in _told(f"escalation:{escalation.pk}:open")
    assert "chair" not in _told(f"escalation:{escalation.pk}:open")
    assert (
        started.reference in Notification.objects.get(user=cast.inspector, key=f"deadline:{deadline.pk}:breach").title
    )

    # The page and the API read the clock by the rule every page reads.
    page = client.get(reverse("supervision:detail", args=[started.pk])).content.decode()
    assert "đã chuyển lãnh đạo" in page and "13/05/2026" in page
    body = api_as(cast.inspector2).get(f"/api/supervisions/{started.pk}/").json()
    assert [(d["step"], d["status"], d["status_label"], d["late_days"]) for d in body["deadlines"]] == [
        (services.REPORT_STEP, "breached", "quá hạn 1 ngày", 1)
    ]
    late = api_as(cast.inspector2).get("/api/supervisions/", {"deadline": "overdue"}).json()["results"]
    assert [row["id"] for row in late] == [started.pk]
    assert not api_as(cast.inspector2).get("/api/supervisions/", {"deadline": "on_time"}).json()["results"]
    listed = client.get(reverse("supervision:list"), {"deadline": "escalated"}).content.decode()
    assert started.reference in listed and "đã chuyển lãnh đạo" in listed


def test_the_report_meets_the_clock_and_a_late_one_reads_done_late(cast, started, api_as):
    _to(_ict(dt.date(2026, 5, 15), 10))
    sweep_run()
    report_supervision(cast, started)
    deadline = _clock(started)
    assert deadline.status == Deadline.Status.MET and deadline.breached_at is not None
    event = AuditEvent.objects.get(action="supervision.report", target_id=str(started.pk))
    assert event.after["closed"] == [services.REPORT_STEP]
    body = api_as(cast.inspector).get(f"/api/supervisions/{started.pk}/").json()
    assert [d["status_label"] for d in body["deadlines"]] == ["hoàn thành quá hạn 2 ngày"]
    # Nothing is late any more: no chip, not in the overdue list, the sweep leaves its clock alone.
    assert not selectors.supervision_list(user=cast.inspector, filters={"deadline": "overdue"}).exists()
    _to(_ict(dt.date(2026, 6, 1), 10))
    sweep_run()
    assert _clock(started).status == Deadline.Status.MET


def test_a_report_on_time_meets_the_clock_and_closing_leaves_it_met(cast, started):
    report_supervision(cast, started)
    services.supervision_close(supervision=started, actor=cast.chair)
    deadline = _clock(started)
    assert (deadline.status, deadline.breached_at) == (Deadline.Status.MET, None)


def test_moving_the_last_day_moves_the_due_day_with_its_history(cast, started, api_as):
    services.supervision_reschedule(
        supervision=started, actor=cast.chair, ends_on=dt.date(2026, 5, 8), reason="Đơn vị đề nghị lùi lịch"
    )
    deadline = _clock(started)
    assert (deadline.status, deadline.due_on) == (Deadline.Status.OPEN, dt.date(2026, 5, 22))
    change = DeadlineChange.objects.get(deadline=deadline)
    assert (change.kind, change.due_on_before, change.due_on_after) == ("extend", DUE, dt.date(2026, 5, 22))
    started.refresh_from_db()
    assert started.ends_on == dt.date(2026, 5, 8)

    # Through the API, earlier again; a clock already breached runs again to its new due day.
    _to(_ict(dt.date(2026, 5, 25), 9))
    assert sweep_run().breached == 1
    response = api_as(cast.chair).post(
        f"/api/supervisions/{started.pk}/reschedule/", {"ends_on": "2026-05-29", "reason": "Bổ sung"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["deadlines"][0]["due_on"] == "2026-06-12"
    deadline.refresh_from_db()
    assert (deadline.status, deadline.due_on, deadline.extensions) == (Deadline.Status.OPEN, dt.date(2026, 6, 12), 2)


def test_only_the_chair_moves_the_last_day(cast, started):
    with pytest.raises(TransitionNotAllowed):
        services.supervision_reschedule(
            supervision=started, actor=cast.inspector, ends_on=dt.date(2026, 5, 8), reason="Tự lùi"
        )
    assert _clock(started).due_on == DUE


def test_the_chair_moving_the_last_day_past_a_report_run_out_leaves_its_breach_to_leadership(cast, started):
    """Rescheduling is the committee chair's step (supervision_may_reschedule), not a decision of the BTV/BCH:
    the breach it records, of a report clock run out before any pass of the sweep, is escalated once and waits
    on leadership, who are told so, as a pass of the sweep would have left it."""
    _to(_ict(dt.date(2026, 5, 14), 9))
    services.supervision_reschedule(
        supervision=started, actor=cast.chair, ends_on=dt.date(2026, 5, 8), reason="Đơn vị đề nghị lùi lịch"
    )
    deadline = _clock(started)
    assert (deadline.status, deadline.due_on, deadline.cycle) == (Deadline.Status.OPEN, dt.date(2026, 5, 22), 1)
    assert AuditEvent.objects.filter(action="deadline.breach", target_id=str(started.pk)).count() == 1
    (breach,) = Escalation.objects.filter(automatic=True, deadline=deadline)
    assert (breach.status, breach.breach_seq, breach.level) == (Escalation.Status.PENDING, 0, cast.sector)
    assert not AuditEvent.objects.filter(action__in=["escalation.extend", "escalation.approve"]).exists()
    assert "leader" in _told(f"escalation:{breach.pk}:open")
    # Escalated once: a later pass before the new due day raises nothing more.
    _to(_ict(dt.date(2026, 5, 15), 9))
    assert sweep_run().escalated == 0
    assert Escalation.objects.filter(automatic=True, deadline=deadline).count() == 1


def test_leadership_extending_the_late_report_moves_its_clock(cast, started):
    _to(_ict(dt.date(2026, 5, 14), 9))
    sweep_run()
    escalation = Escalation.objects.get(target_type=SUPERVISION_TARGET, target_id=str(started.pk))
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="extend",
        reason="Cho thêm thời gian tổng hợp",
        new_due_on=dt.date(2026, 5, 20),
    )
    deadline = _clock(started)
    assert (deadline.status, deadline.due_on) == (Deadline.Status.OPEN, dt.date(2026, 5, 20))
    assert AuditEvent.objects.filter(action="supervision.leadership_extend", target_id=str(started.pk)).exists()


def test_out_of_scope_nothing_of_the_clock_shows(cast, started, client, api_as):
    e_inspector = UserFactory(username="e_insp", roles=[(Role.INSPECTOR, cast.other_sector)])
    _to(_ict(dt.date(2026, 5, 14), 9))
    sweep_run()
    for user in (e_inspector, cast.other_officer, cast.outsider):
        client.force_login(user)
        assert client.get(reverse("supervision:detail", args=[started.pk])).status_code == 404
        assert (
            started.reference not in client.get(reverse("supervision:list"), {"deadline": "overdue"}).content.decode()
        )
        api = api_as(user)
        assert api.get(f"/api/supervisions/{started.pk}/").status_code == 404
        assert not api.get("/api/supervisions/", {"deadline": "overdue"}).json()["results"]
        assert not Notification.objects.filter(user=user).exists()


def test_the_backfill_opens_the_clock_of_a_supervision_in_progress_once(cast, started):
    Deadline.objects.filter(target_type=SUPERVISION_TARGET).delete()
    backfill = import_module("casework.supervision.migrations.0002_report_clocks_of_supervisions_in_progress")
    planned = make_supervision(cast, ends_on=LAST_DAY)
    backfill.open_report_clocks(apps, None)
    backfill.open_report_clocks(apps, None)
    deadline = _clock(started)
    assert (deadline.due_on, deadline.assignee, deadline.status) == (DUE, cast.inspector, Deadline.Status.OPEN)
    assert not Deadline.objects.filter(target_type=SUPERVISION_TARGET, target_id=str(planned.pk)).exists()
    assert AuditEvent.objects.filter(action="supervision.report_clock_backfill", target_id=str(started.pk)).count() == 1


def test_the_chair_moves_the_last_day_from_the_page(cast, started, client):
    client.force_login(cast.chair)
    page = client.get(reverse("supervision:detail", args=[started.pk])).content.decode()
    assert "Điều chỉnh thời gian giám sát" in page
    response = client.post(
        reverse("supervision:act", args=[started.pk, "reschedule"]), {"ends_on": "2026-05-08", "reason": "Lùi lịch"}
    )
    assert response.status_code == 302
    assert _clock(started).due_on == dt.date(2026, 5, 22)
    client.force_login(cast.inspector)
    refused = client.post(
        reverse("supervision:act", args=[started.pk, "reschedule"]), {"ends_on": "2026-06-08", "reason": "Tự lùi"}
    )
    assert refused.status_code == 404  # not offered to the team
    assert _clock(started).due_on == dt.date(2026, 5, 22)
