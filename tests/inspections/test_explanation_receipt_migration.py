"""Inspections whose draft went out, or whose unit explained, before the inspection kept those days get them
(inspections 0018) from the trail: the day the draft went out, the day an explanation sent in the system
was received, and a paper explanation marked as such with who recorded it, its receipt day and number
left blank (the trail kept neither), which the page says."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from casework.audit.services import audit_record
from casework.inspections import services
from casework.inspections.models import Inspection
from core import clock
from tests.builders import open_ad_hoc, raise_flag, walk_to_reporting
from tests.inspections.test_paper_explanation import _draft_out_to_unit_without_account

pytestmark = pytest.mark.django_db

step = importlib.import_module("casework.inspections.migrations.0018_explanation_receipt_from_trail")
# The fields 0017 adds, as it adds them: every inspection has them empty until 0018 fills them.
RECEIPT = {
    "draft_report_sent_on": None,
    "explanation_received_on": None,
    "explanation_on_paper": False,
    "explanation_paper_reference": "",
    "explanation_recorded_by": None,
}


def _as_before_0017() -> None:
    Inspection.objects.update(**RECEIPT)


def test_the_trail_gives_the_days_the_draft_went_out_and_the_explanation_came_in(cast, frozen_clock, client):
    sent_on = clock.today()
    online = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    _flag, paper = _draft_out_to_unit_without_account(cast)
    waiting = walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    clock.advance(dt.timedelta(days=1))
    services.inspection_explain(inspection=online, text="Đơn vị giải trình", actor=cast.subject_rep)
    # A paper explanation as its event read before the inspection kept its receipt.
    with transaction.atomic():
        Inspection.objects.filter(pk=paper.pk).update(status="explained", explanation="Giải trình bằng văn bản")
        audit_record(
            actor=cast.inspector,
            action="inspection.explain",
            target=paper,
            unit=paper.unit,
            before={"status": "reporting"},
            after={"status": "explained", "received_on_paper": True, "documents": 0},
        )
    _as_before_0017()
    clock.advance(dt.timedelta(days=1))

    step.record_draft_and_explanation_days(apps, None)

    online, paper, waiting = (Inspection.objects.get(pk=i.pk) for i in (online, paper, waiting))
    assert [i.draft_report_sent_on for i in (online, paper, waiting)] == [sent_on] * 3
    assert (online.explanation_received_on, online.explanation_on_paper) == (sent_on + dt.timedelta(days=1), False)
    assert (
        paper.explanation_on_paper,
        paper.explanation_recorded_by,
        paper.explanation_received_on,
        paper.explanation_paper_reference,
    ) == (True, cast.inspector, None, "")
    assert (waiting.explanation_received_on, waiting.explanation_on_paper) == (None, False)
    client.force_login(cast.chair)
    assert (
        "không ghi ngày nhận" in client.get(reverse("inspections:inspection_detail", args=[paper.pk])).content.decode()
    )
    # Back and forth (undone, 0017 drops the fields), it reads the same days from the trail again.
    _as_before_0017()
    step.record_draft_and_explanation_days(apps, None)
    assert [Inspection.objects.get(pk=i.pk).draft_report_sent_on for i in (online, paper, waiting)] == [sent_on] * 3
    assert Inspection.objects.get(pk=online.pk).explanation_received_on == sent_on + dt.timedelta(days=1)
