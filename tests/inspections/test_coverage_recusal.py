"""The coverage report counts every flag of the reader's scope (the unit's figures are the same for
whoever reads or reports them), and, like every list, never lists one the reader is recused from."""

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


def test_the_coverage_report_never_lists_a_flag_to_someone_recused_from_it(client, cast, frozen_clock):
    leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    case = builders.make_case(cast, kind=Kind.DENUNCIATION, subject_user=leader, subject_person=leader.full_name)
    hidden = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi quỹ phúc lợi sai mục đích")
    shown = builders.raise_flag(cast)
    # The unit's figures: the same for the recused leader, the committee, the API and the system.
    for reader in (leader, cast.inspector, None):
        assert selectors.coverage_by_unit(user=reader)["totals"]["in_progress"] == 2
    # The list behind a figure never names the flag to someone recused from it.
    assert list(selectors.coverage_drilldown(user=leader, bucket="in_progress")) == [shown]
    assert set(selectors.coverage_drilldown(user=cast.inspector, bucket="in_progress")) == {hidden, shown}
    client.force_login(leader)
    page = client.get(reverse("inspections:coverage"), {"bucket": "in_progress"}).content.decode()
    assert shown.reference in page and hidden.reference not in page
    assert client.get("/api/reports/coverage/").json()["totals"]["raised"] == 2
