"""One letter across levels: the same letter reaches the grassroots union, the sector union and the
provincial federation; intake finds it across the tree, names the handling unit (never a denouncer
across units), links the new letter to the one being handled, and the figures count one case."""

from __future__ import annotations

import pytest

from casework.cases.models import Kind, Status
from casework.cases.selectors import case_duplicates, case_get_in_user_trees
from casework.cases.services import case_merge
from casework.org.models import Role, Unit
from casework.reports.selectors import quarterly_report
from core.errors import ValidationFailed
from tests.builders import intake, submitter
from tests.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db

LETTER = "Ban chấp hành CĐCS Bệnh viện chi quỹ phúc lợi năm 2025 sai quy chế, không công khai với đoàn viên."


def letter(actor, unit, *, kind=Kind.COMPLAINT, subject_unit=None):
    """The same letter, sent by the same person, received by `actor` at `unit`."""
    return intake(
        actor,
        unit,
        kind=kind,
        title="Đơn về quỹ phúc lợi",
        content=LETTER,
        submitters=[submitter(full_name="Phạm Văn Nam", phone="0987654321", address="")],
        subject_unit=subject_unit,
        subject_person="",
    )


@pytest.fixture
def three_levels(cast, frozen_clock):
    h_intake = UserFactory(username="h_intake", roles=[(Role.INTAKE_OFFICER, cast.hospital)])
    p_intake = UserFactory(username="p_intake", roles=[(Role.INTAKE_OFFICER, cast.province)])
    at_sector = letter(cast.intake, cast.sector, subject_unit=cast.hospital)
    at_province = letter(p_intake, cast.province, subject_unit=cast.hospital)
    at_hospital = letter(h_intake, cast.hospital, subject_unit=cast.hospital)
    return h_intake, at_hospital, at_sector, at_province


def test_the_same_letter_is_found_at_the_three_levels_with_its_handling_unit(cast, three_levels):
    h_intake, at_hospital, at_sector, at_province = three_levels
    found = {d.case.pk: d for d in case_duplicates(case=at_hospital, user=h_intake)}
    assert set(found) == {at_sector.pk, at_province.pk}
    assert found[at_sector.pk].case.unit == cast.sector
    # The hospital's officer may not open the higher levels' cases: only their reference and unit are shown.
    assert not found[at_sector.pk].visible and not found[at_province.pk].visible
    assert {d.case.pk for d in case_duplicates(case=at_province, user=cast.province_leader) if d.visible} == {
        at_sector.pk,
        at_hospital.pk,
    }


def test_a_denouncer_is_never_named_as_the_reason_across_units(cast, frozen_clock):
    h_intake = UserFactory(username="h_intake", roles=[(Role.INTAKE_OFFICER, cast.hospital)])
    at_sector = letter(cast.intake, cast.sector, kind=Kind.DENUNCIATION, subject_unit=cast.hospital)
    at_hospital = letter(h_intake, cast.hospital, kind=Kind.DENUNCIATION, subject_unit=cast.hospital)
    [duplicate] = case_duplicates(case=at_hospital, user=h_intake)
    assert duplicate.case == at_sector
    assert "người gửi" not in duplicate.reason and str(cast.sector) in duplicate.reason


def test_a_letter_is_linked_to_the_case_handled_at_another_level_and_counted_once(cast, three_levels):
    h_intake, at_hospital, at_sector, at_province = three_levels
    before = quarterly_report(unit=cast.province, year=2026, quarter=1, user=cast.province_leader).figures
    into = case_get_in_user_trees(user=h_intake, pk=at_sector.pk)
    merged = case_merge(case=at_hospital, into=into, actor=h_intake, reason="Đơn đã gửi Công đoàn ngành")
    assert merged.status == Status.MERGED and merged.merged_into == at_sector
    after = quarterly_report(unit=cast.province, year=2026, quarter=1, user=cast.province_leader).figures
    assert after["received_total"] == before["received_total"] - 1 == 2


def test_a_case_of_another_union_tree_is_neither_found_nor_linked(cast, frozen_clock):
    other_province = make_unit(name="LĐLĐ tỉnh khác", kind=Unit.Kind.PROVINCIAL, code="P2")
    o_intake = UserFactory(username="o_intake", roles=[(Role.INTAKE_OFFICER, other_province)])
    theirs = letter(o_intake, other_province)
    ours = letter(cast.intake, cast.sector)
    assert case_duplicates(case=ours, user=cast.intake) == []
    with pytest.raises(ValidationFailed):
        case_merge(case=ours, into=theirs, actor=cast.intake)
    assert ours.status == Status.RECEIVED
