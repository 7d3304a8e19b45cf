"""A flag ended by leadership as merged names the record it was merged into: its reference to every reader
of the flag (a fact of the flag, as the flag page shows it), its id only to a reader who may open it
(inspections.selectors.flag_endings, the one visibility rule of the page's link): never to a reader outside
its scope, nor to one recused from it."""

from __future__ import annotations

import pytest

from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import Kind
from casework.inspections import services as inspections
from casework.org.models import Role
from tests import builders
from tests.builders import api_client, open_ad_hoc, raise_flag
from tests.factories import UserFactory
from workflows.services.escalations import escalation_decide

pytestmark = pytest.mark.django_db


def _merged(cast, flag, target: str, actor=None) -> None:
    escalation = inspections.flag_escalate(flag=flag, actor=cast.chair, reason="Trùng nội dung")
    escalation_decide(
        escalation=escalation,
        actor=actor or cast.leader,
        decision="approve",
        ground="merged",
        merged_into=target,
        reason="Cùng nội dung chi sai",
    )


def _read(user, flag) -> tuple[dict, dict]:
    """The flag as `user` reads it through the API: its detail and its row of the list."""
    client = api_client(user)
    detail = client.get(f"/api/flags/{flag.pk}/")
    assert detail.status_code == 200, detail.content
    listed = client.get("/api/flags/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    return detail.json(), next(row for row in rows if row["id"] == flag.pk)


def _merge_fields(row: dict) -> tuple:
    return row["merged_into_flag"], row["merged_into_inspection"], row["merged_into_reference"]


def test_a_reader_outside_the_target_flags_scope_reads_its_reference_not_its_id(cast, frozen_clock):
    flag, target = raise_flag(cast), raise_flag(cast, unit=cast.clinic)
    _merged(cast, flag, target.reference)
    # Leadership of the hospital reads the hospital's flag, not the clinic's.
    hospital_leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    assert api_client(hospital_leader).get(f"/api/flags/{target.pk}/").status_code == 404
    for row in _read(hospital_leader, flag):
        assert _merge_fields(row) == (None, None, target.reference)
    for row in _read(cast.chair, flag):
        assert _merge_fields(row) == (target.pk, None, target.reference)


def test_a_reader_recused_from_the_target_flag_reads_no_id(cast, frozen_clock):
    denounced = UserFactory(username="denounced_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    case = builders.make_case(cast, kind=Kind.DENUNCIATION, subject_user=denounced, subject_person=denounced.full_name)
    hidden = flag_raise_from_case(case=case, unit=cast.hospital, evidence="Chi quỹ sai mục đích")
    flag = raise_flag(cast)
    _merged(cast, flag, hidden.reference)
    assert api_client(denounced).get(f"/api/flags/{hidden.pk}/").status_code == 404
    for row in _read(denounced, flag):
        assert _merge_fields(row) == (None, None, hidden.reference)
    for row in _read(cast.inspector, flag):
        assert _merge_fields(row) == (hidden.pk, None, hidden.reference)


def test_an_inspection_merged_into_is_given_by_id_only_to_its_readers(cast, frozen_clock):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    flag = raise_flag(cast)
    _merged(cast, flag, inspection.decision_number)
    for row in _read(cast.chair, flag):
        assert _merge_fields(row) == (None, inspection.pk, inspection.reference)
    # Whoever reads the flag gets the inspection's id exactly when the inspection's own API opens it to them.
    hospital_leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    opens = api_client(hospital_leader).get(f"/api/inspections/{inspection.pk}/").status_code == 200
    for row in _read(hospital_leader, flag):
        assert _merge_fields(row) == (None, inspection.pk if opens else None, inspection.reference)


def test_a_flag_not_merged_names_nothing(cast, frozen_clock):
    flag = raise_flag(cast)
    for row in _read(cast.chair, flag):
        assert _merge_fields(row) == (None, None, "")
