"""A leader's extension on a case escalated by hand names one clock: the one the escalation's extension
moves (workflows.services.escalations.escalation_extension_step, which _target_deadline locks) is the one
the case's handler extends and its refusals are read for (casework.cases.escalations.
case_escalation_extension_step), never the case's own default step beside it (extension_step: acceptance
before acceptance, resolution after), which may name a clock that no longer runs."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.audit.models import AuditEvent
from casework.cases.escalations import case_escalation_extension_step
from casework.cases.models import Kind
from casework.cases.services import case_outside_competence
from casework.cases.services.extensions import extension_step
from tests.builders import accepted, case_clock, make_case
from workflows.models import Deadline
from workflows.services.escalations import escalation_decide, escalation_extension_step, escalation_open

pytestmark = pytest.mark.django_db


def test_a_denunciation_outside_competence_escalated_by_hand_names_its_transfer_clock(cast, frozen_clock):
    case = make_case(cast, kind=Kind.DENUNCIATION)
    case = case_outside_competence(case=case, actor=cast.intake, reason="Thuộc thẩm quyền Thanh tra tỉnh")
    escalation = escalation_open(target=case, unit=case.unit, reason="Cần chỉ đạo chuyển đơn", actor=cast.officer)
    assert escalation.deadline_id is None  # raised by hand, on no breach
    # The case's default names the acceptance clock, cancelled when the letter was found outside competence.
    assert extension_step(case) == "accept"
    assert [d.status for d in Deadline.objects.filter(target_id=str(case.pk), step="accept")] == [
        Deadline.Status.CANCELLED
    ]
    assert escalation_extension_step(escalation) == "transfer"
    assert case_escalation_extension_step(escalation, case) == "transfer"


def test_a_petition_escalated_by_hand_is_extended_once_on_the_clock_the_escalation_names(cast, frozen_clock):
    case = accepted(cast, kind=Kind.PETITION, title="Kiến nghị về chế độ bồi dưỡng")
    resolve = case_clock(case, "resolve")
    escalation = escalation_open(target=case, unit=case.unit, reason="Cần thêm thời gian", actor=cast.officer)
    assert escalation_extension_step(escalation) == case_escalation_extension_step(escalation, case) == "resolve"
    new_due_on = resolve.due_on + dt.timedelta(days=10)
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="extend",
        reason="Gia hạn theo đề nghị",
        new_due_on=new_due_on,
    )
    case.refresh_from_db()
    assert case.extensions == 1
    assert case_clock(case, "resolve").due_on == new_due_on
    extended = AuditEvent.objects.get(action="case.extend", target_id=str(case.pk))
    assert extended.after["step"] == "resolve"
    assert AuditEvent.objects.get(action="escalation.extend", target_id=str(case.pk)).after["due"]
