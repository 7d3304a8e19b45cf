"""Two team members report the same supervision at the same instant: one report wins, the other is
told it came second; only the winner's signs become flags (PostgreSQL: real row locks)."""

from __future__ import annotations

import pytest
from django.db import connection

from casework.audit.models import AuditEvent
from casework.inspections.models import Flag
from casework.supervision import services
from casework.supervision.models import Supervision
from tests.builders import SIGN, make_supervision
from tests.concurrency import at_once


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_one_wins(cast, api_as, frozen_clock):
    supervision = services.supervision_start(supervision=make_supervision(cast), actor=cast.inspector)
    url = f"/api/supervisions/{supervision.pk}/report/"

    def report_as(user, category):
        client = api_as(user)
        body = {"findings": f"Báo cáo của {user.username}", "assessment": "shortcomings"}
        return lambda: client.post(url, {**body, "signs": [{**SIGN, "category": category}]}, format="json")

    responses = at_once(report_as(cast.inspector, "charter"), report_as(cast.inspector2, "elections"))
    assert sorted(r.status_code for r in responses) == [200, 409]
    winner = next(r for r in responses if r.status_code == 200).json()
    assert next(r for r in responses if r.status_code == 409).json()["code"] in ("conflict", "transition_not_allowed")
    supervision.refresh_from_db()
    assert supervision.status == Supervision.Status.REPORTED and supervision.findings == winner["findings"]
    assert list(Flag.objects.values_list("pk", flat=True)) == winner["flags"]
    reports = AuditEvent.objects.filter(action="supervision.report", target_id=str(supervision.pk))
    assert reports.count() == 1
