"""An inspection's and a recommendation's page offer the same actions as the API
(casework.inspections.actions), and verifying a follow-up through either acts on the same report:
the one waiting for a verdict."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from casework.inspections import services
from casework.inspections.actions import inspection_actions, recommendation_actions
from casework.inspections.models import FollowupReport, Inspection, Recommendation
from casework.inspections.views import ACTION_TITLES
from tests.builders import conclude, open_ad_hoc, raise_flag, recommend, walk_to_reporting

pytestmark = pytest.mark.django_db

PAGE_ACTIONS = set(ACTION_TITLES) | {"check"}


@pytest.fixture
def rec(cast, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    inspection = services.inspection_conclusion_notify(inspection=inspection, actor=cast.inspector)
    return recommend(cast, inspection)


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _same_on_both_sides(client, user, rec) -> set[str]:
    rec.refresh_from_db()
    client.force_login(user)
    page = client.get(reverse("inspections:recommendation_detail", args=[rec.pk])).content.decode()
    on_page = set(re.findall(r'id="action-(\w+)"', page))
    response = _api(user).get(f"/api/recommendations/{rec.pk}/")
    assert response.status_code == 200, response.content
    in_api = set(response.json()["allowed_actions"])
    assert on_page == in_api, f"{user.username}: page {sorted(on_page)} vs API {sorted(in_api)}"
    assert in_api == set(recommendation_actions(user=user, recommendation=rec))
    return in_api


def test_each_user_sees_the_same_actions_at_each_step(cast, rec, client):
    people = [cast.subject_rep, cast.inspector2, cast.chair, cast.auditor]
    assert _same_on_both_sides(client, cast.subject_rep, rec) == {"report"}
    # Whoever follows it may record the unit's report received on paper (services.followup_report_paper).
    assert _same_on_both_sides(client, cast.inspector2, rec) == {"report_paper"}
    services.followup_report(recommendation=rec, text="Đã thu hồi một phần", actor=cast.subject_rep)
    seen = {user.username: _same_on_both_sides(client, user, rec) for user in people}
    assert seen[cast.inspector2.username] == {"verify"}
    assert seen[cast.subject_rep.username] == set()
    assert seen[cast.auditor.username] == set()


def _returned_then_reported_again(cast, rec) -> tuple[FollowupReport, FollowupReport]:
    first = services.followup_report(recommendation=rec, text="Báo cáo lần 1", actor=cast.subject_rep)
    services.recommendation_verify(
        recommendation=rec, verdict="returned", reason="Thiếu chứng từ", actor=cast.inspector2
    )
    # Same clock reading as the first report: only the verdict tells which one waits.
    second = services.followup_report(recommendation=rec, text="Báo cáo lần 2", actor=cast.subject_rep)
    return first, second


def test_the_api_verifies_the_report_waiting_for_a_verdict(cast, rec):
    first, second = _returned_then_reported_again(cast, rec)
    response = _api(cast.inspector2).post(
        f"/api/recommendations/{rec.pk}/verify/", {"verdict": "accepted"}, format="json"
    )
    assert response.status_code == 200, response.content
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.verdict, second.verdict) == ("returned", "accepted")
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.ACCEPTED


def test_the_page_verifies_the_same_report(cast, rec, client):
    first, second = _returned_then_reported_again(cast, rec)
    client.force_login(cast.inspector2)
    url = reverse("inspections:recommendation_act", args=[rec.pk, "verify"])
    assert client.post(url, {"verdict": "accepted", "confirm": "on"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.verdict, second.verdict) == ("returned", "accepted")


def test_verifying_with_nothing_waiting_is_refused_with_the_allowed_actions(cast, rec):
    response = _api(cast.inspector2).post(
        f"/api/recommendations/{rec.pk}/verify/", {"verdict": "accepted"}, format="json"
    )
    assert response.status_code == 409
    # Nothing to verify: only recording the unit's report received on paper is theirs.
    assert response.json()["allowed_actions"] == ["report_paper"]
    assert not FollowupReport.objects.filter(recommendation=rec).exists()


def _page_and_api(client, user, inspection) -> set[str]:
    inspection.refresh_from_db()
    client.force_login(user)
    response = client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    if response.status_code == 404:  # not theirs to see (yet): the API hides it too
        assert _api(user).get(f"/api/inspections/{inspection.pk}/").status_code == 404
        return set()
    page = response.content.decode()
    check_url = reverse("inspections:inspection_act", args=[inspection.pk, "check"])
    on_page = set(re.findall(r'id="action-(\w+)"', page)) | ({"check"} if f'action="{check_url}"' in page else set())
    response = _api(user).get(f"/api/inspections/{inspection.pk}/")
    assert response.status_code == 200, response.content
    # Actions with no form on this page (e.g. escalate, assign_rep) are compared on the page's own names only.
    in_api = set(response.json()["allowed_actions"]) & PAGE_ACTIONS
    assert on_page == in_api, f"{user.username}: page {sorted(on_page)} vs API {sorted(in_api)}"
    assert in_api == set(inspection_actions(user=user, inspection=inspection)) & PAGE_ACTIONS
    return in_api


def test_an_inspection_offers_the_same_actions_on_both_sides_at_each_step(cast, client, frozen_clock):
    people = [cast.inspector, cast.inspector2, cast.chair, cast.subject_rep, cast.auditor]
    seen = {}

    def compare(inspection):
        for user in people:
            seen[(inspection.status, user.username)] = _page_and_api(client, user, inspection)

    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    compare(inspection)
    inspection = services.inspection_notify(
        inspection=inspection, text="Đề nghị chuẩn bị sổ sách", actor=cast.inspector
    )
    compare(inspection)
    compare(services.inspection_acknowledge(inspection=inspection, actor=cast.subject_rep))
    compare(walk_to_reporting(cast, open_ad_hoc(cast, [raise_flag(cast, category="finance_books")])))
    assert "notify" in seen[(Inspection.Status.DECIDED, cast.inspector.username)]
    assert "acknowledge" in seen[(Inspection.Status.NOTIFIED, cast.subject_rep.username)]
    assert "finding" in seen[(Inspection.Status.FIELDWORK, cast.inspector.username)]
    assert "explain" in seen[(Inspection.Status.REPORTING, cast.subject_rep.username)]
    assert all(not actions for (status, name), actions in seen.items() if name == cast.auditor.username)
