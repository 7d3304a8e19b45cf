"""Forming an inspection's team leaves its status where it was: the trail records the team, not a
status change from "Đang chuẩn bị" to "Đang chuẩn bị"; a step that moves the status records the move."""

from __future__ import annotations

import pytest

from casework.audit.selectors import audit_events_for
from casework.audit.timeline import timeline_entries
from casework.inspections import services
from casework.inspections.models import Inspection
from tests.builders import raise_flag

pytestmark = pytest.mark.django_db


def test_forming_the_team_records_no_status_change(cast, frozen_clock):
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    services.inspection_decide(inspection=inspection, actor=cast.chair)
    events = audit_events_for(target_type="inspections.inspection", target_id=inspection.pk)
    team = events.get(action="inspection.team_set")
    assert "status" not in team.before and "status" not in team.after
    assert team.after["lead"] == cast.inspector.pk
    (entry,) = [e for e in timeline_entries(events) if e.event.pk == team.pk]
    assert "status" not in {c.field for c in entry.changes}
    decided = events.get(action="inspection.decide")
    assert (decided.before["status"], decided.after["status"]) == (Inspection.Status.OPENED, Inspection.Status.DECIDED)
