"""What is typed when a denunciation is brought to the leadership, and what the leadership answers,
goes through the case's masks like every other text about it: the escalation, its audit event and the
notices hold "[đã che]", never the denouncer's name or phone. A complaint's stay as typed."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.cases.models import Kind
from casework.cases.redaction import MASK
from notifications.models import Notification
from tests import builders
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Gửi"  # the denouncer of tests.builders.submitter()
REASON = f"Ông {NAME} (0912 345 678) gọi điện hỏi tiến độ nhiều lần"
ANSWER = f"Đề nghị trả lời ông {NAME} trước ngày 15"


def _escalate_and_decide(cast, kind):
    case = builders.make_case(cast, kind=kind)
    escalation = escalation_open(
        target=case, unit=case.unit, reason=REASON, proposal=f"Mời ông {NAME} làm việc", actor=cast.officer
    )
    return case, escalation_decide(escalation=escalation, actor=cast.leader, decision="return", reason=ANSWER)


def _texts(case, escalation) -> list[str]:
    events = AuditEvent.objects.filter(action__startswith="escalation.", target_id=str(case.pk))
    notices = Notification.objects.filter(key__startswith=f"escalation:{escalation.pk}:")
    return [
        escalation.reason,
        escalation.proposal,
        escalation.decision_reason,
        *[e.reason for e in events],
        *[n.body for n in notices],
    ]


def test_a_denunciations_escalation_never_names_the_denouncer(cast, frozen_clock):
    case, escalation = _escalate_and_decide(cast, Kind.DENUNCIATION)
    texts = _texts(case, escalation)
    assert all(NAME not in text and "345 678" not in text for text in texts), texts
    assert MASK in escalation.reason and MASK in escalation.proposal and MASK in escalation.decision_reason
    assert Notification.objects.filter(key__startswith=f"escalation:{escalation.pk}:").exists()


def test_a_complaints_escalation_keeps_what_was_typed(cast, frozen_clock):
    case, escalation = _escalate_and_decide(cast, Kind.COMPLAINT)
    assert (escalation.reason, escalation.decision_reason) == (REASON, ANSWER)
