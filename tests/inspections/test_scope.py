"""Every read is scoped: another sector's people see nothing, subject units see only what concerns them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections import selectors, services
from casework.org.models import Role
from tests.builders import open_ad_hoc, raise_flag
from tests.factories import UserFactory


@pytest.fixture
def inspector_e(cast):
    return UserFactory(username="insp_e", roles=[(Role.INSPECTOR, cast.other_sector)])


def test_plan_of_sector_s_is_invisible_to_sector_e(client, cast, frozen_clock, inspector_e):
    plan = services.plan_create(unit=cast.sector, period="annual", year=2026, actor=cast.inspector)
    client.force_login(inspector_e)
    assert client.get(reverse("inspections:plan_detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("inspections:plan_act", args=[plan.pk, "submit"]), {"confirm": "on"}).status_code == 404
    assert plan.title not in client.get(reverse("inspections:plan_list")).content.decode()


def test_subject_rep_sees_the_inspection_only_once_notified(cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    assert not selectors.inspection_list(user=cast.subject_rep).filter(pk=inspection.pk).exists()
    services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.inspector)
    assert selectors.inspection_list(user=cast.subject_rep).filter(pk=inspection.pk).exists()
    # ... but never the flags list (flags may come from denunciations).
    assert not selectors.flag_list(user=cast.subject_rep).exists()


def test_clinic_rep_does_not_see_the_hospital_inspection(cast, frozen_clock):
    clinic_rep = UserFactory(username="clinic_rep", roles=[(Role.SUBJECT_REP, cast.clinic)])
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    services.inspection_notify(inspection=inspection, text="Thông báo", actor=cast.inspector)
    assert not selectors.inspection_list(user=clinic_rep).exists()


def test_coverage_counts_only_the_readers_subtree(cast, frozen_clock, inspector_e):
    raise_flag(cast)
    raise_flag(cast, unit=cast.other_grassroots, actor=inspector_e)
    assert selectors.coverage_by_unit(user=cast.inspector)["totals"]["raised"] == 1
    assert selectors.coverage_by_unit(user=inspector_e)["totals"]["raised"] == 1
    assert selectors.coverage_by_unit(user=cast.province_leader)["totals"]["raised"] == 2
    assert selectors.coverage_by_unit(user=cast.outsider)["totals"]["raised"] == 0
