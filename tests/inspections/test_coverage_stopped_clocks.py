"""The coverage proof holds a stopped clock to the trail as it holds a running one: each current clock of
a flag or its inspection that is met or cancelled must have been stopped by a step whose event records it
("closed"); one set so by hand (the admin, the shell) fails the proof, as a due date moved by hand does."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.audit.timeline import changes_of
from casework.inspections import selectors
from casework.inspections.models import Flag
from core import clock
from tests import builders
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def _coverage_command() -> str:
    out = io.StringIO()
    try:
        call_command("coverage_report", stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return f"FAILED {exc} {out.getvalue()}"
    return f"OK {out.getvalue()}"


def _clock(target, step: str) -> Deadline:
    kind = "inspections.flag" if isinstance(target, Flag) else "inspections.inspection"
    return Deadline.objects.filter(target_type=kind, target_id=str(target.pk), step=step).latest("pk")


def _set_by_hand(deadline: Deadline, status: str) -> None:
    """A hand UPDATE of a clock's status, the audit chain untouched."""
    Deadline.objects.filter(pk=deadline.pk).update(status=status, closed_at=clock.now(), next_reminder_at=None)


def _problems() -> dict[str, str]:
    with translation.override("vi"):
        return dict(selectors.coverage_trail_disagreements())


def test_the_clocks_stopped_by_their_own_steps_keep_the_proof(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])  # the flag joined (its clock met), the decision taken
    assert (_clock(flag, "open_inspection").status, _clock(inspection, "decision").status) == ("met", "met")
    assert selectors.flag_bucket(flag=flag) == "in_progress"
    assert _problems() == {} and _coverage_command().startswith("OK")
    joined = AuditEvent.objects.get(action="flag.assign", target_id=str(flag.pk))
    assert joined.after["closed"] == ["open_inspection"]
    with translation.override("vi"):
        change = {c.field: c for c in changes_of(joined)}["closed"]
    assert (change.label, change.after) == ("Thời hạn kết thúc ở bước này", "Mở cuộc kiểm tra")
    # A return with instructions stops the clock and opens the next in one event; joining stops that one.
    returned = builders.raise_flag(cast)
    from casework.inspections.services.flags import flag_return

    flag_return(flag=returned, actor=cast.leader, instructions="Xem lại")
    builders.open_ad_hoc(cast, [returned])
    assert _problems() == {}


@pytest.mark.parametrize("status", [Deadline.Status.MET, Deadline.Status.CANCELLED])
def test_a_flag_clock_stopped_by_hand_fails_the_coverage_proof(cast, frozen_clock, status):
    flag = builders.raise_flag(cast)
    bystander = builders.raise_flag(cast, unit=cast.clinic)
    assert _coverage_command().startswith("OK")
    _set_by_hand(_clock(flag, "open_inspection"), status)
    problem = _problems()[flag.reference]
    assert "Mở cuộc kiểm tra".lower() in problem and "không ghi bước nào kết thúc nó" in problem
    assert bystander.reference not in _problems()
    assert _coverage_command().startswith("FAILED")


def test_a_breach_hidden_by_stopping_the_clock_by_hand_fails_the_coverage_proof(cast, frozen_clock):
    """A flag whose own clock ran out stays late when it joins an inspection: joining stops the clock
    (met late, its breach kept), and the trail records that stop. The forgery that works on the figures
    alone, the clock stopped by hand with its breach erased before the flag joins, reads "in progress"
    under the inspection's running clock, and fails the proof: no step recorded that stop."""
    from workflows.sweep import sweep_run

    honest, forged = builders.raise_flag(cast), builders.raise_flag(cast)
    clock.advance(dt.timedelta(days=40))
    sweep_run()
    assert _clock(honest, "open_inspection").status == _clock(forged, "open_inspection").status == "breached"
    builders.open_ad_hoc(cast, [honest])
    stopped = _clock(honest, "open_inspection")
    assert (stopped.status, stopped.closed_at, stopped.breached_at is not None) == ("met", clock.now(), True)
    assert selectors.flag_bucket(flag=honest) == "overdue_escalated"
    assert _problems() == {}
    _set_by_hand(_clock(forged, "open_inspection"), Deadline.Status.MET)
    Deadline.objects.filter(pk=_clock(forged, "open_inspection").pk).update(breached_at=None)
    builders.open_ad_hoc(cast, [forged])
    assert selectors.flag_bucket(flag=forged) == "in_progress"
    assert selectors.coverage_by_unit(user=None)["complete"]
    assert "không ghi bước nào kết thúc nó" in _problems()[forged.reference]
    assert honest.reference not in _problems()
    assert _coverage_command().startswith("FAILED")


def test_an_inspection_step_clock_stopped_by_hand_fails_the_coverage_proof(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])  # decided: the "notice" clock runs
    _set_by_hand(_clock(inspection, "notice"), Deadline.Status.MET)
    assert "thông báo kiểm tra" in _problems()[flag.reference]
    assert _coverage_command().startswith("FAILED")


def test_clocks_stopped_before_steps_recorded_it_are_recorded_once_and_proven_from_then(cast, frozen_clock):
    from importlib import import_module

    from django.apps import apps

    from workflows.services.deadlines import deadline_close

    record = import_module("casework.inspections.migrations.0012_stopped_clocks_in_trail").record_stopped_clocks
    flag = builders.raise_flag(cast)
    inspection = builders.open_ad_hoc(cast, [flag])
    deadline_close(target=inspection, step="notice")  # stopped by code that recorded no "closed"
    assert "thông báo kiểm tra" in _problems()[flag.reference]
    record(apps, None)
    assert _problems() == {}
    recorded = AuditEvent.objects.filter(action="deadline.recorded")
    assert {(e.target_type, e.target_id, tuple(e.after["closed"])) for e in recorded} == {
        ("inspections.flag", str(flag.pk), ("open_inspection",)),
        ("inspections.inspection", str(inspection.pk), ("decision", "notice")),
    }
    # From then on a clock stopped by hand fails the proof again.
    returned = builders.raise_flag(cast, unit=cast.clinic)
    _set_by_hand(_clock(returned, "open_inspection"), Deadline.Status.CANCELLED)
    assert set(_problems()) == {returned.reference}


def test_the_admin_shows_a_clock_and_never_changes_its_status(client, cast, frozen_clock):
    from django.urls import reverse

    flag = builders.raise_flag(cast)
    deadline = _clock(flag, "open_inspection")
    client.force_login(cast.admin)
    url = reverse("admin:workflows_deadline_change", args=[deadline.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    response = client.post(url, {"status": Deadline.Status.MET, "closed_at_0": "", "closed_at_1": ""})
    assert response.status_code == 403
    assert _clock(flag, "open_inspection").status == Deadline.Status.OPEN
    assert (
        client.post(reverse("admin:workflows_deadline_delete", args=[deadline.pk]), {"post": "yes"}).status_code == 403
    )
    assert Deadline.objects.filter(pk=deadline.pk).exists()
