import pytest
from django.db import connection

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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_officers_raising_one_case_at_once_make_one_escalation_and_the_other_is_told(cast, make_case):
    """Raising a case to the leadership locks nothing of the case (the web's button and the API call
    escalation_open as it is): both passed the "already pending" check and two escalations waited."""
    from tests.concurrency import at_once

    case = make_case()

    def raise_it(actor):
        return lambda: escalation_open(target=case, unit=cast.sector, reason="Vượt thẩm quyền", actor=actor)

    outcomes = at_once(raise_it(cast.officer), raise_it(cast.chair))
    assert sorted(type(o).__name__ for o in outcomes) == ["Escalation", "ValidationFailed"]
    refused = next(o for o in outcomes if isinstance(o, ValidationFailed))
    assert refused.fields["reason"] == ["Đối tượng này đã có đề xuất đang chờ lãnh đạo quyết định."]
    assert Escalation.objects.filter(target_type="cases.case", target_id=str(case.pk)).count() == 1


@pytest.mark.django_db
def test_a_pending_escalation_by_hand_does_not_stop_the_breach_escalation(cast, frozen_clock):
    """The sweep escalates a breach even while one raised by hand waits: the constraint keeps one
    pending escalation by hand per target, not one of each kind."""
    escalation_open(target=("cases.case", 7), unit=cast.sector, reason="Vượt thẩm quyền", actor=cast.officer)
    automatic = escalation_open(target=("cases.case", 7), unit=cast.sector, reason="Tự động: quá hạn")
    assert automatic.automatic
    assert Escalation.objects.filter(target_type="cases.case", target_id="7", status="pending").count() == 2
    with pytest.raises(ValidationFailed):
        escalation_open(target=("cases.case", 7), unit=cast.sector, reason="Lần nữa", actor=cast.chair)


@pytest.mark.django_db
def test_the_reminder_of_the_leaderships_decision_names_what_it_decides_and_links_the_escalation(
    cast, frozen_clock, make_case
):
    """The escalation's own decision clock reminds leadership of the matter it brings (the case), linked to the
    escalation's page: never the escalation's internal key ("workflows.escalation #3")."""
    from django.urls import reverse

    from workflows.calendar import WorkingCalendar
    from workflows.services.deadlines import reminder_at, reminder_offsets
    from workflows.sweep import sweep_run

    case = make_case()
    escalation = escalation_open(target=case, unit=cast.sector, reason="Vượt thẩm quyền", actor=cast.officer)
    decide = Deadline.objects.get(target_type="workflows.escalation", target_id=str(escalation.pk), step="decide")
    offsets = reminder_offsets(decide)
    assert offsets
    sweep_run(now=reminder_at(decide, max(offsets), WorkingCalendar.load()))
    note = Notification.objects.get(user=cast.leader, key__startswith=f"deadline:{decide.pk}", key__contains="remind")
    assert case.reference in note.title and "workflows.escalation" not in note.title + note.body
    assert note.url == reverse("workflows:detail", args=[escalation.pk])
