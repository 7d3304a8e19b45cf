"""The flag page names the record a flag was merged into to every reader of the flag, but shows that
record's state now (a flag's coverage bucket, an inspection's status) only to a reader who may read it
(inspections.selectors.flag_endings: flag_list, inspection_list); to another it gives the reference only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from casework.inspections.selectors import BUCKET_LABELS
from casework.org.models import Role
from tests.builders import open_ad_hoc, raise_flag
from tests.factories import UserFactory
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db


def _merged(cast, flag, target: str) -> None:
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason="Trùng nội dung")
    escalation_decide(
        escalation=escalation,
        actor=cast.leader,
        decision="approve",
        ground="merged",
        merged_into=target,
        reason="Cùng nội dung chi sai",
    )


def _ending_on_page(client, user, flag) -> str:
    client.force_login(user)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk]))
    assert page.status_code == 200
    found = re.search(r'<dd id="flag-ending">(.*?)</dd>', page.content.decode(), re.S)
    assert found is not None
    return found.group(1)


@pytest.fixture
def hospital_leader(cast):
    """Leadership of the hospital: reads the hospital's flags, not the clinic's nor the sector's inspections."""
    return UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])


def test_a_reader_outside_the_target_flags_scope_reads_its_reference_not_its_bucket(
    client, cast, hospital_leader, frozen_clock
):
    flag, target = raise_flag(cast), raise_flag(cast, unit=cast.clinic)
    _merged(cast, flag, target.reference)
    bucket = str(BUCKET_LABELS["in_progress"])
    assert _ending_on_page(client, cast.chair, flag) == (
        f'<a href="{reverse("inspections:flag_detail", args=[target.pk])}">gộp vào {target.reference} ({bucket})</a>'
    )
    client.force_login(hospital_leader)
    assert client.get(reverse("inspections:flag_detail", args=[target.pk])).status_code == 404
    assert _ending_on_page(client, hospital_leader, flag) == f"gộp vào {target.reference}"


def test_a_reader_outside_the_target_inspections_scope_reads_its_reference_not_its_status(
    client, cast, hospital_leader, frozen_clock
):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    flag = raise_flag(cast)
    _merged(cast, flag, inspection.decision_number)
    status = inspection.get_status_display()
    assert f"gộp vào {inspection.reference} ({status})</a>" in _ending_on_page(client, cast.chair, flag)
    client.force_login(hospital_leader)
    assert client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).status_code == 404
    assert _ending_on_page(client, hospital_leader, flag) == f"gộp vào {inspection.reference}"
