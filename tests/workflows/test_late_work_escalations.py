"""Late work on the leadership queue: each escalation shows its decide clock's due date and the
chip of the one rule (workflows.deadline_status), on time until that clock passes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from tests.workflows.conftest import at
from workflows.models import Deadline
from workflows.services.deadlines import deadline_open
from workflows.services.escalations import ESCALATION_TARGET, escalation_open

pytestmark = pytest.mark.django_db


def test_an_escalation_whose_decide_clock_passed_reads_overdue(client, cast, fake_target):
    clock.set_now(at(2))
    deadline_open(target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition")
    escalation = escalation_open(target=("tests.fake", "1"), unit=cast.sector, reason="Cần chỉ đạo", actor=cast.chair)
    decide = Deadline.objects.get(target_type=ESCALATION_TARGET, target_id=str(escalation.pk), step="decide")
    client.force_login(cast.leader)

    row = client.get(reverse("workflows:list")).context["rows"][0]
    assert row["status"].label in ("trong hạn", "sắp đến hạn") and not row["overdue"]

    clock.set_now(dt.datetime.combine(decide.due_on + dt.timedelta(days=5), dt.time(3, 0), tzinfo=dt.UTC))
    response = client.get(reverse("workflows:list"))
    row = response.context["rows"][0]
    assert row["status"].label == "quá hạn 5 ngày" and row["overdue"]
    assert "quá hạn 5 ngày" in response.content.decode()
