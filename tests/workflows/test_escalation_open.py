import pytest

from casework.audit.selectors import audit_events_for
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from workflows.models import Deadline, Escalation
from workflows.services.escalations import escalation_open


@pytest.mark.django_db
def test_an_officer_escalates_by_hand_with_a_reason(cast, frozen_clock):
    escalation = escalation_open(
        target=("cases.case", 7),
        unit=cast.sector,
        reason="Vượt thẩm quyền",
        proposal="Đề nghị BTV xem xét",
        actor=cast.officer,
    )
    assert (escalation.level, escalation.automatic, escalation.status) == (cast.sector, False, "pending")
    decide = Deadline.objects.get(target_type="workflows.escalation", target_id=str(escalation.pk), step="decide")
    assert decide.status == Deadline.Status.OPEN
    assert Notification.objects.filter(user=cast.leader, key=f"escalation:{escalation.pk}:open").exists()
    assert audit_events_for(target_type="cases.case", target_id=7).filter(action="escalation.open").count() == 1


@pytest.mark.django_db
def test_it_needs_a_reason_and_changes_nothing(cast, frozen_clock):
    with pytest.raises(ValidationFailed) as err:
        escalation_open(target=("cases.case", 7), unit=cast.sector, reason="  ", actor=cast.officer)
    assert "lý do" in err.value.fields["reason"][0].lower()
    assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_a_subject_representative_cannot_escalate(cast, frozen_clock):
    with pytest.raises(TransitionNotAllowed):
        escalation_open(target=("cases.case", 7), unit=cast.hospital, reason="x", actor=cast.subject_rep)
