"""The coverage report, like every list, leaves out the flags a reader is recused from."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import Kind
from casework.inspections import selectors
from casework.org.models import Role
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# ---- the coverage report for someone recused from a flag's case ------------------------------------------


def test_the_coverage_report_does_not_show_a_flag_to_someone_recused_from_it(client, cast, frozen_clock):
    leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    case = builders.make_case(cast, kind=Kind.DENUNCIATION, subject_user=leader, subject_person=leader.full_name)
    hidden = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi quỹ phúc lợi sai mục đích")
    shown = builders.raise_flag(cast)
    report = selectors.coverage_by_unit(user=leader)
    assert report["totals"]["raised"] == 1
    assert list(selectors.coverage_drilldown(user=leader, bucket="in_progress")) == [shown]
    client.force_login(leader)
    page = client.get(reverse("inspections:coverage"), {"bucket": "in_progress"}).content.decode()
    assert hidden.reference not in page and shown.reference in page
    assert client.get("/api/reports/coverage/").json()["totals"]["raised"] == 1
    # The committee, and the system's own report, still count both.
    assert selectors.coverage_by_unit(user=cast.inspector)["totals"]["raised"] == 2
    assert selectors.coverage_by_unit(user=None)["totals"]["raised"] == 2
