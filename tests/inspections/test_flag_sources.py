"""Who names a flag's source: a person reports what they found, an abnormal financial report or a
referral (Flag.REPORTED_SOURCES); a case, a denunciation, an inspection's finding or a supervision
raises its flags from its own step, naming itself (Flag.SOURCE_RECORDS). The page, the API and the
service hold the one rule: a linked source typed by hand is refused, with nothing recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.inspections.forms import FlagRaiseForm
from casework.inspections.models import Flag
from casework.inspections.services import flag_raise
from casework.org.models import Role
from core.errors import ValidationFailed
from tests.builders import make_case
from tests.factories import UserFactory
from workflows.models import Deadline

pytestmark = pytest.mark.django_db

LINKED = ["case", "denunciation", "finding", "supervision"]


def _values(cast, **overrides):
    return {
        "unit": cast.hospital.pk,
        "category": "finance_dues",
        "subject_area": "tai_chinh_cong_doan",
        "severity": "high",
        "source": "manual",
        "evidence": "Không nộp đoàn phí 6 tháng",
        **overrides,
    }


def _nothing_recorded():
    assert not Flag.objects.exists()
    assert not AuditEvent.objects.filter(action="flag.raise").exists()
    assert not Deadline.objects.filter(target_type="inspections.flag").exists()


def test_the_reported_sources_are_one_list_for_page_and_api():
    assert Flag.REPORTED_SOURCES == (Flag.Source.MANUAL, Flag.Source.FINANCIAL_REPORT, Flag.Source.REFERRAL)
    assert set(Flag.Source.values) == {*Flag.REPORTED_SOURCES, *Flag.SOURCE_RECORDS}
    form = FlagRaiseForm(units=None)
    assert [value for value, _label in form.fields["source"].choices] == list(Flag.REPORTED_SOURCES)


@pytest.mark.parametrize("source", LINKED)
def test_the_service_refuses_a_linked_source_without_its_record(cast, frozen_clock, source):
    with pytest.raises(ValidationFailed) as refused:
        flag_raise(
            unit=cast.hospital,
            category="charter",
            severity="low",
            evidence="Phát hiện",
            source=source,
            subject_area="khac",
            actor=cast.inspector,
        )
    assert "source" in refused.value.fields
    _nothing_recorded()


def test_the_service_refuses_a_linked_source_naming_a_record_of_another_kind(cast, frozen_clock):
    case = make_case(cast)
    with pytest.raises(ValidationFailed) as refused:
        flag_raise(
            unit=cast.hospital,
            category="charter",
            severity="low",
            evidence="Phát hiện",
            source="supervision",
            source_target=case,
            actor=None,
        )
    assert "source" in refused.value.fields
    _nothing_recorded()


@pytest.mark.parametrize("source", LINKED)
def test_the_api_refuses_a_linked_source_typed_by_hand(cast, frozen_clock, api_as, source):
    response = api_as(cast.inspector).post("/api/flags/", _values(cast, source=source), format="json")
    assert response.status_code == 400 and "source" in response.json()["fields"], response.content
    _nothing_recorded()


@pytest.mark.parametrize("source", LINKED)
def test_the_page_refuses_a_linked_source_typed_by_hand(cast, frozen_clock, client, source):
    client.force_login(cast.inspector)
    response = client.post(reverse("inspections:flag_raise"), _values(cast, source=source))
    assert response.status_code == 200 and 'name="source"' in response.content.decode()
    _nothing_recorded()


@pytest.mark.parametrize("source", ["manual", "financial_report", "referral"])
def test_a_reported_source_is_taken_by_hand_on_page_and_api(cast, frozen_clock, api_as, client, source):
    created = api_as(cast.inspector).post("/api/flags/", _values(cast, source=source), format="json")
    assert created.status_code == 201 and created.json()["source"] == source
    client.force_login(cast.inspector)
    assert client.post(reverse("inspections:flag_raise"), _values(cast, source=source)).status_code == 302
    assert list(Flag.objects.values_list("source", flat=True)) == [source, source]


def test_a_flag_raised_from_a_case_links_the_case_for_its_readers_only(cast, frozen_clock, client, api_as):
    case = make_case(cast)
    flag = flag_raise(
        unit=cast.hospital, category="charter", severity="high", evidence="Có căn cứ", source="case", source_target=case
    )
    client.force_login(cast.chair)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert f'<a href="{reverse("cases:detail", args=[case.pk])}" id="flag-source">{case.reference}</a>' in page
    # The hospital's own inspector reads its flags, not the letters the sector handles: no link, no id.
    reader = UserFactory(username="h_insp", roles=[(Role.INSPECTOR, cast.hospital)])
    client.force_login(reader)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    # Nor its reference: the letter's, a neutral label in its place.
    assert case.reference not in page and 'id="flag-source"' not in page
    assert '<span id="flag-source-unread">hồ sơ nằm ngoài phạm vi của bạn</span>' in page
    body = api_as(reader).get(f"/api/flags/{flag.pk}/").json()
    assert body["source_id"] is None and case.reference not in str(body)
    assert api_as(cast.chair).get(f"/api/flags/{flag.pk}/").json()["source_id"] == str(case.pk)


def test_whoever_is_recused_from_the_case_reads_neither_its_flag_nor_its_reference(cast, frozen_clock, client, api_as):
    """The leaders of the unit denounced (Luật Tố cáo 2018 Đ.47 khoản 1): the flag raised from the case is not
    theirs to open, page or API; a leader of another unit, reading both, follows the link."""
    case = make_case(cast)
    flag = flag_raise(
        unit=cast.hospital, category="charter", severity="high", evidence="Có căn cứ", source="case", source_target=case
    )
    recused = UserFactory(username="h_btv", roles=[(Role.BTV_MEMBER, case.subject_unit), (Role.AUDITOR, cast.sector)])
    client.force_login(recused)
    assert client.get(reverse("inspections:flag_detail", args=[flag.pk])).status_code == 404
    assert api_as(recused).get(f"/api/flags/{flag.pk}/").status_code == 404
    listed = api_as(recused).get("/api/flags/").json()
    assert case.reference not in str(listed) and flag.reference not in str(listed)
    reader = UserFactory(username="s_audit", roles=[(Role.AUDITOR, cast.sector)])
    client.force_login(reader)
    page = client.get(reverse("inspections:flag_detail", args=[flag.pk])).content.decode()
    assert f'<a href="{reverse("cases:detail", args=[case.pk])}" id="flag-source">{case.reference}</a>' in page
