"""An inspection's steps reserved to a role (the team's work, the lead's or chair's record of a notice
delivered, a recommendation's verification, the unit inspected's own steps) are an administrator's only
holding the role or the place like anyone else (docs/roles.md): refused in the service, not offered on the
page nor in the API's `allowed_actions`, nor listed as waiting on them; a holder is offered and does them.
Designating the unit's representative gives a role in a unit: administration, which stays theirs."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.inspections import selectors, services
from casework.inspections.actions import inspection_actions, recommendation_actions
from casework.inspections.models import Inspection, Recommendation
from casework.inspections.views import ACTION_TITLES
from casework.org.models import Role
from core import clock
from core.errors import OutOfScope, TransitionNotAllowed
from tests.builders import api_client, conclude, open_ad_hoc, raise_flag, recommend
from tests.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db

PAGE_ACTIONS = set(ACTION_TITLES) | {"verify", "report"}


def _offered(client, user, page_url: str, api_url: str) -> set[str]:
    """The actions the API offers `user`, after checking that the page offers the same (those with
    a form on the page: escalate and assign_rep have none there)."""
    client.force_login(user)
    page = client.get(page_url)
    assert page.status_code == 200  # an administrator reads every unit
    on_page = set(re.findall(r'id="action-(\w+)"', page.content.decode()))
    in_api = set(api_client(user).get(api_url).json()["allowed_actions"])
    assert on_page == in_api & PAGE_ACTIONS, f"{user.username}: page {sorted(on_page)} vs API {sorted(in_api)}"
    return in_api


def _inspection_offered(client, user, inspection: Inspection) -> set[str]:
    inspection = Inspection.objects.get(pk=inspection.pk)
    page = reverse("inspections:inspection_detail", args=[inspection.pk])
    offered = _offered(client, user, page, f"/api/inspections/{inspection.pk}/")
    assert offered == set(inspection_actions(user=user, inspection=inspection))
    return offered


def _admin_chair(cast):
    return UserFactory(username="admin_chair", is_superuser=True, roles=[(Role.COMMITTEE_CHAIR, cast.sector)])


def test_the_teams_work_is_not_an_administrators(cast, frozen_clock, client):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])  # decided: the team sends the notice
    assert "notify" not in _inspection_offered(client, cast.admin, inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.admin)
    refused = api_client(cast.admin).post(
        f"/api/inspections/{inspection.pk}/notify/", {"text": "Thông báo"}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert Inspection.objects.get(pk=inspection.pk).status == Inspection.Status.DECIDED
    assert inspection.pk not in [i.pk for i in selectors.inspection_list_mine(user=cast.admin)]
    admin_chair = _admin_chair(cast)
    for holder in (cast.inspector, admin_chair):  # the team lead; the chair (an administrator too)
        assert "notify" in _inspection_offered(client, holder, inspection), holder.username
    notified = services.inspection_notify(inspection=inspection, text="Thông báo", actor=admin_chair)
    assert notified.status == Inspection.Status.NOTIFIED


def test_the_record_of_a_notice_delivered_is_the_lead_or_the_chairs(cast, frozen_clock, client):
    no_account = make_unit(parent=cast.sector, name="CĐCS Trạm y tế xã", code="TYT")
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=no_account, actor=cast.inspector, flags=[raise_flag(cast, unit=no_account)]
    )
    services.inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.inspector
    )
    inspection = services.inspection_decide(inspection=inspection, actor=cast.chair)
    inspection = services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.inspector)
    receipt = SimpleUploadedFile("ky-nhan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert "deliver_notice" not in _inspection_offered(client, cast.admin, inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_notice_delivered(
            inspection=inspection, actor=cast.admin, delivered_on=clock.today(), means="hand", uploads=[receipt]
        )
    assert Inspection.objects.get(pk=inspection.pk).status == Inspection.Status.NOTIFIED
    for holder in (cast.chair, cast.inspector, _admin_chair(cast)):
        assert "deliver_notice" in _inspection_offered(client, holder, inspection), holder.username


def test_the_unit_inspecteds_steps_are_its_representatives(cast, frozen_clock, client):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    inspection = services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.inspector)
    offered = _inspection_offered(client, cast.admin, inspection)
    assert "acknowledge" not in offered and "documents" not in offered
    assert "assign_rep" in inspection_actions(user=cast.admin, inspection=inspection)  # administration
    with pytest.raises(OutOfScope):
        services.inspection_acknowledge(inspection=inspection, actor=cast.admin)
    assert {"acknowledge", "documents"} <= _inspection_offered(client, cast.subject_rep, inspection)


@pytest.fixture
def reported(cast, frozen_clock) -> Recommendation:
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    inspection = services.inspection_conclusion_notify(inspection=inspection, actor=cast.inspector)
    rec = recommend(cast, inspection)
    assert selectors.recommendations_to_report(user=cast.subject_rep).filter(pk=rec.pk).exists()
    assert not selectors.recommendations_to_report(user=cast.admin).exists()
    assert "report" not in recommendation_actions(user=cast.admin, recommendation=rec)
    with pytest.raises(OutOfScope):
        services.followup_report(recommendation=rec, text="Đã thu hồi", actor=cast.admin)
    services.followup_report(recommendation=rec, text="Đã thu hồi", actor=cast.subject_rep)
    return Recommendation.objects.get(pk=rec.pk)


def _rec_offered(client, user, rec: Recommendation) -> set[str]:
    offered = _offered(
        client, user, reverse("inspections:recommendation_detail", args=[rec.pk]), f"/api/recommendations/{rec.pk}/"
    )
    assert offered == set(recommendation_actions(user=user, recommendation=rec))
    return offered


def test_a_recommendation_is_verified_by_the_committee_not_by_an_administrator(cast, reported, client):
    assert "verify" not in _rec_offered(client, cast.admin, reported)
    assert not selectors.reports_to_verify(user=cast.admin).exists()
    with pytest.raises(TransitionNotAllowed):
        services.recommendation_verify(recommendation=reported, verdict="accepted", actor=cast.admin)
    refused = api_client(cast.admin).post(
        f"/api/recommendations/{reported.pk}/verify/", {"verdict": "accepted"}, format="json"
    )
    assert refused.status_code == 409, refused.content
    assert Recommendation.objects.get(pk=reported.pk).status == Recommendation.Status.REPORTED
    admin_inspector = UserFactory(username="admin_inspector", is_superuser=True, roles=[(Role.INSPECTOR, cast.sector)])
    for holder in (cast.inspector2, admin_inspector):
        assert "verify" in _rec_offered(client, holder, reported), holder.username
        assert [r.recommendation_id for r in selectors.reports_to_verify(user=holder)] == [reported.pk]
    services.recommendation_verify(recommendation=reported, verdict="accepted", actor=admin_inspector)
    assert Recommendation.objects.get(pk=reported.pk).status == Recommendation.Status.ACCEPTED
