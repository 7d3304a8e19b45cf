"""Leadership ends a flag without inspection only on a ground that holds."""

from __future__ import annotations

import pytest

from casework.inspections import selectors, services
from casework.inspections.models import Flag
from core.errors import ValidationFailed
from tests import builders
from workflows.models import Escalation
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db


# ---- "subject dissolved" while the unit is still there ---------------------------------------------------


def test_leadership_cannot_end_a_flag_as_dissolved_while_its_unit_is_active(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    escalation = services.flag_escalate(flag=flag, actor=cast.inspector, reason="Đề nghị kết thúc")
    with pytest.raises(ValidationFailed) as refused:
        escalation_decide(
            escalation=escalation,
            actor=cast.leader,
            decision="approve",
            reason="Đơn vị đã giải thể",
            ground="subject_dissolved",
        )
    assert "ground" in refused.value.fields
    flag.refresh_from_db()
    escalation.refresh_from_db()
    assert flag.status == Flag.Status.RAISED and escalation.status == Escalation.Status.PENDING


def test_leadership_ends_a_flag_of_a_dissolved_unit(cast, frozen_clock):
    flag = builders.raise_flag(cast)
    escalation = services.flag_escalate(flag=flag, actor=cast.inspector, reason="Đơn vị đã giải thể")
    cast.hospital.is_active = False
    cast.hospital.save(update_fields=["is_active"])
    escalation_decide(
        escalation=escalation, actor=cast.leader, decision="approve", reason="Đã giải thể", ground="subject_dissolved"
    )
    assert selectors.flag_bucket(flag=flag) == "ended_by_leadership"
