"""An escalation named in a timeline ("Chuyển lãnh đạo ngày …") carries the day in Hà Nội, not in UTC:
the night's sweep opens escalations after midnight local time, which is still the day before in UTC."""

import datetime as dt

import pytest

from casework.audit.references import object_reference
from workflows.models import Escalation
from workflows.services.escalations import escalation_open


@pytest.mark.django_db
def test_an_escalation_opened_after_midnight_in_hanoi_is_named_by_that_day(cast, frozen_clock):
    escalation = escalation_open(target=("cases.case", 7), unit=cast.sector, reason="Quá hạn", actor=cast.officer)
    # 05:07 on 06/12/2026 in Hà Nội is 22:07 on 05/12/2026 in UTC.
    Escalation.objects.filter(pk=escalation.pk).update(created_at=dt.datetime(2026, 12, 5, 22, 7, tzinfo=dt.UTC))
    assert object_reference("workflows.escalation", escalation.pk).startswith("Chuyển lãnh đạo ngày 06/12/2026: ")
