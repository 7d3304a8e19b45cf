"""Inspections whose draft went out, or whose unit explained, before the inspection kept those days get them
(inspections 0018) from the trail: the day the draft went out, the day an explanation sent in the system
was received, and a paper explanation marked as such with who recorded it, its receipt day and number
left blank (the trail kept neither), which the page says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from casework.audit.services import audit_record
from casework.inspections import services
from casework.inspections.models import Inspection
from core import clock
from tests.builders import open_ad_hoc, raise_flag, walk_to_reporting
from tests.inspections.test_paper_explanation import _draft_out_to_unit_without_account

BEFORE = ("inspections", "0016_explanation_due_on_of_drafts_out")
AFTER = ("inspections", "0018_explanation_receipt_from_trail")
RECEIPT = {
    "draft_report_sent_on": None,
    "explanation_received_on": None,
    "explanation_on_paper": False,
    "explanation_paper_reference": "",
    "explanation_recorded_by": None,
}


def _migrate(target: tuple[str, str]) -> None:
    MigrationExecutor(connection).migrate([target])


def _migrate_to_latest() -> None:
    """Every migration since `AFTER` too: the models the test reads with are the current ones."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
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
    Inspection.objects.filter(pk__in=[online.pk, paper.pk, waiting.pk]).update(**RECEIPT)
    _migrate(BEFORE)
    clock.advance(dt.timedelta(days=1))

    _migrate(AFTER)
    _migrate_to_latest()

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
    # Back and forth, it reads the same days from the trail again.
    _migrate(BEFORE)
    _migrate(AFTER)
    _migrate_to_latest()
    assert [Inspection.objects.get(pk=i.pk).draft_report_sent_on for i in (online, paper, waiting)] == [sent_on] * 3
    assert Inspection.objects.get(pk=online.pk).explanation_received_on == sent_on + dt.timedelta(days=1)
