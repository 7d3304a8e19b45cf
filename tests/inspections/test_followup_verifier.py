"""A follow-up report is verified by the inspecting committee, never by the unit that reports on it."""

from __future__ import annotations

import pytest

from casework.inspections import selectors, services
from casework.inspections.actions import recommendation_actions
from casework.inspections.models import FollowupReport, Recommendation
from casework.org.models import Role
from core.errors import TransitionNotAllowed
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# ---- follow-up verified by the unit that reports on it ------------------------------------------------


@pytest.fixture
def reported(cast, frozen_clock):
    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    rec = builders.recommend(cast, inspection)
    return rec


def test_the_person_who_reported_cannot_verify_their_own_report(cast, reported):
    both = UserFactory(username="both", roles=[(Role.INSPECTOR, cast.sector), (Role.SUBJECT_REP, cast.hospital)])
    services.followup_report(recommendation=reported, text="Đã thu hồi", actor=both)
    reported.refresh_from_db()
    assert "verify" not in recommendation_actions(user=both, recommendation=reported)
    assert not selectors.reports_to_verify(user=both).exists()
    with pytest.raises(TransitionNotAllowed):
        services.recommendation_verify(recommendation=reported, verdict="accepted", actor=both)
    reported.refresh_from_db()
    assert reported.status == Recommendation.Status.REPORTED
    assert FollowupReport.objects.get(recommendation=reported).verdict == ""


def test_a_member_of_the_unit_that_must_act_cannot_verify_its_report(cast, reported):
    insider = UserFactory(username="insider", roles=[(Role.INSPECTOR, cast.sector), (Role.BCH_MEMBER, cast.hospital)])
    services.followup_report(recommendation=reported, text="Đã thu hồi", actor=cast.subject_rep)
    reported.refresh_from_db()
    assert "verify" not in recommendation_actions(user=insider, recommendation=reported)
    assert "verify" in recommendation_actions(user=cast.inspector2, recommendation=reported)
    with pytest.raises(TransitionNotAllowed):
        services.recommendation_verify(recommendation=reported, verdict="accepted", actor=insider)
    reported.refresh_from_db()
    assert reported.status == Recommendation.Status.REPORTED
    # An inspector with no tie to the unit verifies it.
    services.recommendation_verify(recommendation=reported, verdict="accepted", actor=cast.inspector2)
    reported.refresh_from_db()
    assert reported.status == Recommendation.Status.ACCEPTED


def test_the_list_to_verify_hides_reports_of_units_the_inspector_is_conflicted_with(cast, reported):
    """The home list follows followup_verifier_conflict: a role in the unit that must act, or a declared
    conflict with it or a unit above it, hides its report; one list query however many reports."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    insider = UserFactory(username="insider", roles=[(Role.INSPECTOR, cast.sector), (Role.BCH_MEMBER, cast.hospital)])
    declared = UserFactory(username="declared", roles=[(Role.INSPECTOR, cast.sector)])
    services.conflict_declare(user=declared, unit=cast.sector, reason="Em ruột là chủ tịch", actor=declared)
    services.followup_report(recommendation=reported, text="Đã thu hồi", actor=cast.subject_rep)
    reported.refresh_from_db()
    report = FollowupReport.objects.get(recommendation=reported)
    for user in (insider, declared, cast.inspector2, cast.admin):
        waiting = [r.pk for r in selectors.reports_to_verify(user=user)]
        may_verify = "verify" in recommendation_actions(user=user, recommendation=reported)
        assert (report.pk in waiting) == may_verify, user.username
    assert [r.pk for r in selectors.reports_to_verify(user=cast.inspector2)] == [report.pk]
    assert not selectors.reports_to_verify(user=insider).exists()
    assert not selectors.reports_to_verify(user=declared).exists()
    with CaptureQueriesContext(connection) as queries:
        list(selectors.reports_to_verify(user=insider))
    assert len(queries) <= 4  # their scope, their roles, their declarations, the list: never one per report
