"""Inspections whose draft report went out before they kept the unit's last day to explain get that day
(inspections 0016), counted from the day the draft went out: the hourly job does not take the unit's time
away on its first run, and a unit whose draft is long past its time is not held up."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from casework.audit.models import AuditEvent
from casework.inspections import services
from casework.inspections.actions import inspection_actions
from casework.inspections.explanation import explanation_due_on_from
from casework.inspections.models import Inspection
from core import clock
from tests.builders import open_ad_hoc, raise_flag, walk_to_reporting

pytestmark = pytest.mark.django_db

step = importlib.import_module("casework.inspections.migrations.0016_explanation_due_on_of_drafts_out")


def _as_before_0015(inspection: Inspection) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(explanation_due_on=None)


def test_a_draft_out_before_the_field_gets_its_last_day_from_the_day_it_went_out(cast, frozen_clock):
    sent_on = clock.today()  # Mon 02/03/2026
    inspection = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    due = inspection.explanation_due_on
    assert due == explanation_due_on_from(sent_on) and due > sent_on + dt.timedelta(days=4)
    _as_before_0015(inspection)
    clock.advance(dt.timedelta(days=2))  # the migration runs while the unit may still explain

    step.record_explanation_due_on(apps, None)

    inspection.refresh_from_db()
    assert inspection.explanation_due_on == due
    event = AuditEvent.objects.get(action="inspection.explanation_due_recorded", target_id=str(inspection.pk))
    assert event.after == {
        "explanation_due_on": due.isoformat(),
        "sent_on": sent_on.isoformat(),
        "from": "report_draft",
    }
    # The job's first run leaves the unit its time; the chair cannot conclude yet.
    assert services.inspection_explanation_lapses() == "hết thời hạn giải trình: 0"
    assert "conclude" not in inspection_actions(user=cast.chair, inspection=inspection)
    assert "explain" in inspection_actions(user=cast.subject_rep, inspection=inspection)
    # Run again (undone, its reverse changes nothing), it changes nothing: the day is set once.
    step.record_explanation_due_on(apps, None)
    assert AuditEvent.objects.filter(action="inspection.explanation_due_recorded").count() == 1


def test_a_draft_long_out_is_past_its_time_and_one_with_no_record_gets_the_whole_time(cast, frozen_clock):
    old = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    old_due = old.explanation_due_on
    # A second inspection in "reporting" with nothing saying when its draft went out.
    bare = open_ad_hoc(cast, [raise_flag(cast)])
    Inspection.objects.filter(pk=bare.pk).update(status="reporting")
    _as_before_0015(old)
    clock.advance(dt.timedelta(days=30))
    today = clock.today()

    step.record_explanation_due_on(apps, None)

    old.refresh_from_db()
    bare.refresh_from_db()
    assert old.explanation_due_on == old_due < today
    assert bare.explanation_due_on == explanation_due_on_from(today)
    assert (
        AuditEvent.objects.get(action="inspection.explanation_due_recorded", target_id=str(bare.pk)).after["from"]
        == "today"
    )
    assert "conclude" in inspection_actions(user=cast.chair, inspection=old)
    assert "conclude" not in inspection_actions(user=cast.chair, inspection=bare)
