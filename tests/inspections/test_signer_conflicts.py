"""The chair who signs an inspection's decision and approves its conclusion is never conflicted with
the unit inspected (a role held in it, or a declared conflict): the same rule as the team's and the
escalation deciders' (teams.decider_conflict). The service refuses with nothing changed, and the
page, the API and the chair's home list offer nothing to sign."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casework.audit.models import AuditEvent
from casework.inspections import selectors, services
from casework.inspections.actions import inspection_actions
from casework.inspections.models import Flag, Inspection
from casework.org.models import Role
from core.errors import TransitionNotAllowed
from tests.builders import explanation_time_over, raise_flag, walk_to_reporting
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _opened_with_team(cast) -> Inspection:
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    return services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )


def _offered(client, user, inspection) -> tuple[set[str], set[str]]:
    inspection.refresh_from_db()
    client.force_login(user)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    api = APIClient()
    api.force_authenticate(user)
    in_api = set(api.get(f"/api/inspections/{inspection.pk}/").json()["allowed_actions"])
    return set(re.findall(r'id="action-(\w+)"', page)), in_api


@pytest.fixture
def chair_of_hospital(cast):
    """The sector's committee chair who also sits on the hospital union's executive committee."""
    return UserFactory(
        username="chair_bch", roles=[(Role.COMMITTEE_CHAIR, cast.sector), (Role.BCH_MEMBER, cast.hospital)]
    )


def test_a_chair_holding_a_role_in_the_unit_cannot_sign_the_decision(cast, frozen_clock, client, chair_of_hospital):
    inspection = _opened_with_team(cast)
    assert "decide" in inspection_actions(user=cast.chair, inspection=inspection)
    assert "decide" not in inspection_actions(user=chair_of_hospital, inspection=inspection)
    on_page, in_api = _offered(client, chair_of_hospital, inspection)
    assert "decide" not in on_page | in_api
    assert not selectors.inspection_list_mine(user=chair_of_hospital).filter(pk=inspection.pk).exists()
    assert selectors.inspection_list_mine(user=cast.chair).filter(pk=inspection.pk).exists()
    events = AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed) as refused:
        services.inspection_decide(inspection=inspection, actor=chair_of_hospital)
    assert "CĐCS Bệnh viện" in refused.value.message
    inspection.refresh_from_db()
    assert (inspection.status, inspection.decision_number) == (Inspection.Status.OPENED, "")
    assert AuditEvent.objects.count() == events
    # The posted form is refused the same way, nothing signed.
    client.force_login(chair_of_hospital)
    client.post(reverse("inspections:inspection_act", args=[inspection.pk, "decide"]), {"confirm": "on"})
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.OPENED


def test_a_chair_who_declared_a_conflict_cannot_approve_the_conclusion(cast, frozen_clock, client):
    inspection = walk_to_reporting(
        cast, services.inspection_decide(inspection=_opened_with_team(cast), actor=cast.chair)
    )
    explanation_time_over(inspection)  # the conflict is then the one thing in the way
    services.conflict_declare(user=cast.chair, unit=cast.hospital, reason="Vợ là kế toán CĐCS", actor=cast.chair)
    assert "conclude" not in inspection_actions(user=cast.chair, inspection=inspection)
    on_page, in_api = _offered(client, cast.chair, inspection)
    assert "conclude" not in on_page | in_api
    with pytest.raises(TransitionNotAllowed) as refused:
        services.inspection_conclude(inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=cast.chair)
    assert "Vợ là kế toán CĐCS" in refused.value.message
    inspection.refresh_from_db()
    assert (inspection.status, inspection.outcome) == (Inspection.Status.REPORTING, "")
    assert not Flag.objects.filter(inspection=inspection, status=Flag.Status.INSPECTED).exists()
    # A chair with no tie to the unit approves it.
    other_chair = UserFactory(username="chair2", roles=[(Role.COMMITTEE_CHAIR, cast.sector)])
    assert "conclude" in inspection_actions(user=other_chair, inspection=inspection)
    services.inspection_conclude(inspection=inspection, outcome="partly", text="Vi phạm một phần", actor=other_chair)
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CONCLUDED
