"""An administrator (superuser) administers and may do the committee's work, but takes the body's or
its chair's decisions (a case's approval, an escalation's decision, a discipline ballot, an inspection's
decision, a plan's approval) only holding the role like anyone else (`user_holds_role`, docs/roles.md):
refused in the service, not offered on the page nor in the API's allowed actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casework.cases.actions import case_actions
from casework.cases.models import Case, Outcome
from casework.cases.permissions import can_assign, case_deciders
from casework.cases.services import case_approve, case_propose
from casework.inspections import services as inspections
from casework.inspections.actions import inspection_actions, plan_actions
from casework.org.models import Role
from core.errors import TransitionNotAllowed
from tests.builders import accepted, api_client, assigned, raise_flag, verification_started
from tests.factories import UserFactory
from workflows.models import Escalation
from workflows.selectors import escalation_actions
from workflows.services.escalations import escalation_decide, escalation_open

pytestmark = pytest.mark.django_db


def _admin_leader(cast):
    """An administrator who also sits in the sector's standing committee."""
    return UserFactory(
        username="admin_leader", is_staff=True, is_superuser=True, roles=[(Role.BTV_MEMBER, cast.sector)]
    )


def _proposed(cast) -> Case:
    case = verification_started(assigned(cast))
    return case_propose(case=case, actor=cast.officer, proposal="Đúng một phần", outcome=Outcome.FOUNDED)


def test_an_administrator_without_the_role_does_not_decide_a_case_anywhere(cast, frozen_clock, client):
    case = _proposed(cast)
    assert not {"approve", "send_back"} & set(case_actions(user=cast.admin, case=case))
    assert cast.admin not in case_deciders(case)
    with pytest.raises(TransitionNotAllowed):
        case_approve(case=Case.objects.get(pk=case.pk), actor=cast.admin)
    client.force_login(cast.admin)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200  # the administrator reads it
    assert reverse("cases:action", args=[case.pk, "approve"]) not in page.content.decode()
    api = api_client(cast.admin)
    assert "approve" not in api.get(f"/api/cases/{case.pk}/").json()["allowed_actions"]
    refused = api.post(f"/api/cases/{case.pk}/approve/", {}, format="json")
    assert refused.status_code == 409
    assert Case.objects.get(pk=case.pk).status == "proposed"


def test_an_administrator_holding_the_role_decides_like_anyone_else(cast, frozen_clock):
    admin_leader = _admin_leader(cast)
    case = _proposed(cast)
    assert {"approve", "send_back"} <= set(case_actions(user=admin_leader, case=case))
    assert admin_leader in case_deciders(case)
    approved = api_client(admin_leader).post(f"/api/cases/{case.pk}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.content
    assert Case.objects.get(pk=case.pk).status == "approved"


def test_an_administrators_administration_and_work_stay(cast, frozen_clock, client):
    """Assigning a case, the admin site, reading every unit: not decisions of the body."""
    case = accepted(cast)
    assert can_assign(case, cast.admin) and "assign" in case_actions(user=cast.admin, case=case)
    client.force_login(cast.admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_an_escalation_is_decided_by_an_administrator_only_holding_the_leadership_role(cast, frozen_clock):
    case = _proposed(cast)
    escalation = escalation_open(target=case, unit=case.unit, reason="Quá hạn", actor=cast.officer)
    assert escalation_actions(user=cast.admin, escalation=escalation) == []
    refused = api_client(cast.admin).post(
        f"/api/escalations/{escalation.pk}/decide/", {"decision": "return", "reason": "Làm lại"}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert "Ban Thường vụ" in refused.json()["detail"]
    assert api_client(cast.admin).get(f"/api/escalations/{escalation.pk}/").json()["allowed_actions"] == []
    with pytest.raises(TransitionNotAllowed):
        escalation_decide(escalation=escalation, actor=cast.admin, decision="return", reason="Làm lại")
    assert Escalation.objects.get(pk=escalation.pk).status == Escalation.Status.PENDING
    admin_leader = _admin_leader(cast)
    assert escalation_actions(user=admin_leader, escalation=escalation) == ["decide"]
    escalation_decide(escalation=escalation, actor=admin_leader, decision="return", reason="Làm lại")
    assert Escalation.objects.get(pk=escalation.pk).status != Escalation.Status.PENDING


def test_an_inspection_is_signed_and_a_plan_approved_by_an_administrator_only_holding_the_role(cast, frozen_clock):
    inspection = inspections.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    inspections.inspection_team_set(
        inspection=inspection,
        members=[cast.inspector2, cast.inspector3],
        lead=cast.inspector,
        actor=cast.inspector,
    )
    assert "decide" not in inspection_actions(user=cast.admin, inspection=inspection)
    with pytest.raises(TransitionNotAllowed):
        inspections.inspection_decide(inspection=inspection, actor=cast.admin)
    admin_chair = UserFactory(username="admin_chair", is_superuser=True, roles=[(Role.COMMITTEE_CHAIR, cast.sector)])
    assert "decide" in inspection_actions(user=admin_chair, inspection=inspection)
    assert inspections.inspection_decide(inspection=inspection, actor=admin_chair).status == "decided"
    plan = inspections.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    inspections.plan_item_add(
        plan=plan,
        subject_unit=cast.hospital,
        topics=["finance_books"],
        starts_on=dt.date(2026, 3, 10),
        ends_on=dt.date(2026, 3, 20),
        team_lead=cast.inspector,
        actor=cast.inspector,
    )
    plan = inspections.plan_submit(plan=plan, actor=cast.inspector)
    assert "approve" not in plan_actions(user=cast.admin, plan=plan)
    with pytest.raises(TransitionNotAllowed):
        inspections.plan_approve(plan=plan, actor=cast.admin)
    admin_leader = _admin_leader(cast)
    assert "approve" in plan_actions(user=admin_leader, plan=plan)
    assert inspections.plan_approve(plan=plan, actor=admin_leader).approved_by == admin_leader
