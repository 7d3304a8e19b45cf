"""A flag raised from a case follows the case's recusal: the person denounced and the leaders of the
unit denounced find it nowhere (list, page, search, API, leadership queue, notices)."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import Kind
from casework.inspections import selectors
from casework.inspections.services import flag_escalate
from casework.org.models import Role
from casework.search.selectors import search_everything
from tests import builders
from tests.factories import UserFactory
from workflows.escalations import target_excluded
from workflows.selectors import escalation_list_for_user

pytestmark = pytest.mark.django_db

EVIDENCE = "Chi quỹ phúc lợi sai mục đích tại bệnh viện"


@pytest.fixture
def flags(cast, frozen_clock):
    """The hospital's chair of the union (BTV) is denounced; a flag comes from that denunciation,
    another one is raised by hand on the hospital."""
    leader = UserFactory(username="hospital_btv", roles=[(Role.BTV_MEMBER, cast.hospital)])
    case = builders.make_case(cast, kind=Kind.DENUNCIATION, subject_user=leader, subject_person=leader.full_name)
    from_case = flag_raise_from_case(case=case, unit=cast.hospital, evidence=EVIDENCE)
    by_hand = builders.raise_flag(cast)
    return leader, from_case, by_hand


def test_a_person_recused_from_the_case_does_not_find_its_flag(client, cast, flags):
    leader, from_case, by_hand = flags
    assert list(selectors.flag_list(user=leader)) == [by_hand]
    with pytest.raises(Http404):
        selectors.flag_get(user=leader, pk=from_case.pk)
    assert search_everything(user=leader, q="chi quy phuc loi sai muc dich").flags == []
    client.force_login(leader)
    assert client.get(reverse("inspections:flag_detail", args=[from_case.pk])).status_code == 404
    listed = client.get("/api/flags/").json()
    ids = {row["id"] for row in (listed["results"] if isinstance(listed, dict) else listed)}
    assert ids == {by_hand.pk}


def test_the_committee_still_sees_both_flags(cast, flags):
    _leader, from_case, by_hand = flags
    assert set(selectors.flag_list(user=cast.inspector)) == {from_case, by_hand}
    assert search_everything(user=cast.inspector, q="chi quy phuc loi sai muc dich").flags == [from_case]


def test_the_flags_escalation_is_hidden_from_them_and_they_are_never_told(cast, flags):
    leader, from_case, by_hand = flags
    flag_escalate(flag=from_case, actor=cast.inspector, reason="Chậm mở cuộc kiểm tra")
    shown = flag_escalate(flag=by_hand, actor=cast.inspector, reason="Chậm mở cuộc kiểm tra")
    assert list(escalation_list_for_user(user=leader)) == [shown]
    assert leader.pk in target_excluded("inspections.flag", from_case.pk)
    assert leader.pk not in target_excluded("inspections.flag", by_hand.pk)
