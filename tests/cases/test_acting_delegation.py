"""The decisions the competent body delegated to its committee's chair (Delegation, "Ủy quyền giải
quyết") pass to the committee's acting chair (quyền Chủ nhiệm UBKT) for the period of the
appointment, in that committee only; the decision's audit event names the appointment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.cases.models import Delegation, Kind, Outcome
from casework.cases.permissions import can_decide, case_deciders
from casework.cases.services import (
    case_approve,
    case_assign,
    case_propose,
    case_send_back,
    case_start_verification,
)
from casework.org.models import Role
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import accepted, dialogued
from tests.factories import UserFactory
from workflows.services.absences import acting_chair_appoint, acting_chair_end

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


def appoint(cast, user=None, *, start=0, end=30, document="QĐ 12/QĐ-UBKT", unit=None):
    return acting_chair_appoint(
        actor=cast.chair,
        unit=unit or cast.sector,
        user=user or cast.inspector,
        valid_from=days(start),
        valid_to=days(end),
        document=document,
    )


def proposed(cast):
    case = case_assign(case=accepted(cast, kind=Kind.COMPLAINT), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    return case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)


def test_the_acting_chair_approves_under_the_chairs_delegation_naming_the_appointment(cast, frozen_clock):
    case = proposed(cast)
    assert not can_decide(case, cast.inspector)
    appoint(cast, document="Quyết định 12/QĐ-UBKT ngày 02/03/2026")
    assert can_decide(case, cast.inspector)
    assert cast.inspector in case_deciders(case)
    # Sending the proposal back is a decision of the body too: it names the appointment as well.
    case = case_send_back(case=case, actor=cast.inspector, reason="Cần xác minh thêm chứng từ.")
    sent_back = AuditEvent.objects.get(action="case.send_back", target_id=str(case.pk))
    assert sent_back.meta["acting_appointment"] == "Quyết định 12/QĐ-UBKT ngày 02/03/2026"
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.inspector)
    event = AuditEvent.objects.get(action="case.approve", target_id=str(case.pk))
    assert event.meta["acting_appointment"] == "Quyết định 12/QĐ-UBKT ngày 02/03/2026"
    # The chair deciding in their own right names no appointment.
    plain = case_send_back(case=proposed(cast), actor=cast.chair, reason="Cần xác minh thêm.")
    assert "acting_appointment" not in AuditEvent.objects.get(action="case.send_back", target_id=str(plain.pk)).meta


def test_the_acting_chair_decides_only_in_the_period_and_unit_of_the_appointment(cast, frozen_clock):
    case = proposed(cast)
    acting = appoint(cast, start=2, end=4)
    assert not can_decide(case, cast.inspector)  # not begun
    clock.advance(dt.timedelta(days=2))
    assert can_decide(case, cast.inspector)
    acting_chair_end(actor=cast.chair, assignment=acting)
    clock.advance(dt.timedelta(days=1))
    assert not can_decide(case, cast.inspector)  # ended early
    # An acting chair of a grassroots committee below takes none of the sector's delegated decisions.
    member = UserFactory(username="hmember", roles=[(Role.INSPECTOR, cast.hospital)])
    appoint(cast, member, unit=cast.hospital, document="QĐ 70")
    assert not can_decide(case, member)
    with pytest.raises(TransitionNotAllowed):
        case_approve(case=case, actor=member)


def test_a_delegation_to_someone_who_never_chaired_the_committee_does_not_pass(cast, frozen_clock):
    case = proposed(cast)
    Delegation.objects.all().delete()
    Delegation.objects.create(
        unit=cast.sector, delegate=cast.leader, kinds=["complaint"], valid_from=days(-10), document="NQ 02"
    )
    appoint(cast)
    assert not can_decide(case, cast.inspector)
    # Nor one for other kinds of case.
    Delegation.objects.create(
        unit=cast.sector, delegate=cast.chair, kinds=["petition"], valid_from=days(-10), document="NQ 03"
    )
    assert not can_decide(case, cast.inspector)


def test_the_case_s_history_names_the_appointment_of_an_acting_chair_s_decision(client, cast, frozen_clock):
    case = proposed(cast)
    appoint(cast, document="Quyết định 12/QĐ-UBKT ngày 02/03/2026")
    case = case_send_back(case=case, actor=cast.inspector, reason="Cần xác minh thêm chứng từ.")
    client.force_login(cast.chair)
    page = client.get(reverse("audit:timeline", args=["cases.case", case.pk])).content.decode()
    assert page.count("giữ quyền theo Quyết định 12/QĐ-UBKT ngày 02/03/2026") == 1
