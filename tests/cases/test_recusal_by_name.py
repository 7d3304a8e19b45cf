"""Recusal by name reads the person denounced or complained about the way letters name them: with a form of
address, a role, a dash or brackets around the name, or two people in one field. Whoever holds a role in the
unit concerned and is named there does not see, is not told of and does not decide the case (Luật Tố cáo 2018
Đ.9 khoản 1 điểm b, Đ.47; Luật Khiếu nại 2011 Đ.9); a colleague who is not named, or whose name only begins
like the one named, still works on it."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.http import Http404

from casework.cases.models import Case, Kind
from casework.cases.recusal import (
    case_recusal_reason,
    case_recused_people,
    cases_recused_user_ids,
    person_keys,
    subject_person_keys_joined,
)
from casework.cases.selectors import case_get_for_user, case_list
from casework.cases.services import case_accept, case_assign, case_propose, case_start_verification
from casework.org.models import Role
from casework.search.selectors import search_everything
from notifications.models import Notification
from tests.builders import explained
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

recompute_keys = import_module("casework.cases.migrations.0037_subject_person_keys_of_every_name").recompute_keys

NAMED = "Nguyễn Văn Bị"
SECOND = "Trần Thị Cố"
FORMS = [
    "ông Nguyễn Văn Bị, Chủ tịch CĐCS",
    "Nguyễn Văn Bị (kế toán)",
    "Nguyễn Văn Bị - thủ quỹ",
    "Nguyễn Văn Bị – thủ quỹ",
    "Nguyễn Văn Bị và Trần Thị Cố",
    "Nguyễn Văn Bị; Trần Thị Cố",
    "Bà Trần Thị Cố/ông Nguyễn Văn Bị",
    "Chủ tịch CĐCS ông Nguyễn Văn Bị",
    "Kế toán: đ/c NGUYỄN VĂN BỊ.",
]
NAME_MATCH = "trùng họ tên"


def _staff(username: str, full_name: str, cast) -> object:
    """A member of the sector's standing committee (reads its cases, decides them, is told of proposals) who
    also holds a role in the hospital, the unit concerned, that is not one of its leaders'."""
    return UserFactory(
        username=username, full_name=full_name, roles=[(Role.BTV_MEMBER, cast.sector), (Role.INSPECTOR, cast.hospital)]
    )


def _visible(user, case) -> bool:
    return case_list(user=user).filter(pk=case.pk).exists()


def _found(user, case) -> bool:
    return case in search_everything(user=user, q="quỹ phúc lợi").cases


@pytest.mark.parametrize("written", FORMS)
def test_the_named_holder_is_recused_however_the_letter_names_them(cast, client, make_case, written):
    named = _staff("named", NAMED, cast)
    colleague = _staff("colleague", "Lê Văn Đồng", cast)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person=written)

    assert not _visible(named, case) and not _found(named, case)
    with pytest.raises(Http404):
        case_get_for_user(user=named, pk=case.pk)
    client.force_login(named)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/").status_code == 404
    assert case.reference not in client.get("/cases/?q=quỹ").content.decode()
    assert NAME_MATCH in case_recusal_reason(case=case, user=named)

    # The colleague in the same two seats, not named, works on it.
    assert _visible(colleague, case) and _found(colleague, case)
    client.force_login(colleague)
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/api/cases/{case.pk}/").status_code == 200
    assert case_recusal_reason(case=case, user=colleague) == ""

    recused = cases_recused_user_ids(cases=[case])[case.pk]
    assert named.pk in recused and colleague.pk not in recused
    people = dict(case_recused_people(case=case))
    assert NAME_MATCH in people[named] and colleague not in people
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="recused"' in page and NAMED in page


@pytest.mark.parametrize("written", ["Nguyễn Văn Bị và Trần Thị Cố", "Nguyễn Văn Bị; Trần Thị Cố"])
def test_both_people_named_in_one_field_are_recused(cast, make_case, written):
    first, second = _staff("first", NAMED, cast), _staff("second", SECOND, cast)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person=written)
    assert not _visible(first, case) and not _visible(second, case)
    assert {first.pk, second.pk} <= cases_recused_user_ids(cases=[case])[case.pk]


def test_the_named_holder_is_never_told_of_the_proposal_their_colleague_is(cast, make_case):
    named = _staff("named", NAMED, cast)
    colleague = _staff("colleague", "Lê Văn Đồng", cast)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Nguyễn Văn Bị (kế toán)")
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = explained(case_start_verification(case=case, actor=cast.officer), cast.officer)
    case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần", outcome="partly")
    assert Notification.objects.filter(user=colleague, title__contains=case.reference).exists()
    assert not Notification.objects.filter(user=named).exists()


def test_a_name_that_only_begins_like_the_one_named_is_not_matched(cast, make_case):
    longer = _staff("longer", "Nguyễn Văn Bịnh", cast)
    shorter = _staff("shorter", "Nguyễn Văn", cast)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Ông Nguyễn Văn Bị, thủ quỹ")
    assert _visible(longer, case) and _visible(shorter, case)
    about_longer = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Nguyễn Văn Bịnh")
    named = _staff("named", NAMED, cast)
    assert _visible(named, about_longer) and not _visible(longer, about_longer)


def test_the_name_is_matched_in_either_tone_style(cast, make_case):
    hoa = _staff("hoa", "Lê Văn Hòa", cast)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Ông Lê Văn Hoà, kế toán")
    assert not _visible(hoa, case)
    assert NAME_MATCH in dict(case_recused_people(case=case))[hoa]


def test_the_named_person_in_another_unit_is_not_recused_by_name(cast, make_case):
    elsewhere = UserFactory(
        username="elsewhere", full_name=NAMED, roles=[(Role.BTV_MEMBER, cast.sector), (Role.INSPECTOR, cast.clinic)]
    )
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Nguyễn Văn Bị (kế toán)")
    assert _visible(elsewhere, case)


def test_changing_the_name_changes_who_is_recused(cast, make_case):
    named = _staff("named", NAMED, cast)
    second = _staff("second", SECOND, cast)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Lê Văn Khác")
    assert _visible(named, case) and _visible(second, case)
    case.subject_person = "Nguyễn Văn Bị - thủ quỹ"
    case.save(update_fields=["subject_person"])
    assert Case.objects.get(pk=case.pk).subject_person_keys == "|nguyễn văn bị|thủ quỹ|"
    assert not _visible(named, case) and _visible(second, case)
    case.subject_person = "Bà Trần Thị Cố"
    case.save()
    assert _visible(named, case) and not _visible(second, case)


def test_the_keys_of_a_field():
    assert person_keys("ông Nguyễn Văn Bị, Chủ tịch CĐCS") == ["chủ tịch cđcs", "nguyễn văn bị"]
    assert person_keys(" Nguyễn  Văn Bị và bà TRẦN THỊ CỐ ") == ["nguyễn văn bị", "trần thị cố"]
    assert person_keys("Đ/c Lê Thị C") == ["lê thị c"]
    # "Anh", "Cô"… are parts of names as well as forms of address: a name is never cut at them.
    assert person_keys("Ông Trần Anh Tuấn") == ["trần anh tuấn"]
    assert subject_person_keys_joined("") == subject_person_keys_joined(" ; ( ) ") == ""
    # The delimiter never enters a key: a name typed with it matches nobody's pair of names.
    assert subject_person_keys_joined("Nguyễn Văn Bị|Trần Thị Cố") == "|nguyễn văn bị trần thị cố|"


def test_a_full_name_with_the_delimiter_or_a_wildcard_matches_nobody(cast, make_case):
    piped = _staff("piped", "Nguyễn Văn Bị|Trần Thị Cố", cast)
    wildcard = _staff("wildcard", "%", cast)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Nguyễn Văn Bị và Trần Thị Cố")
    assert _visible(piped, case) and _visible(wildcard, case)


def test_the_migration_computes_every_case_s_keys(cast, make_case):
    cases = [make_case(kind=Kind.DENUNCIATION, subject_person=written) for written in FORMS]
    expected = {case.pk: subject_person_keys_joined(case.subject_person) for case in cases}
    Case.objects.update(subject_person_keys="")
    recompute_keys(apps, None)
    assert dict(Case.objects.filter(pk__in=expected).values_list("pk", "subject_person_keys")) == expected
    assert all("|nguyễn văn bị|" in keys for keys in expected.values())


def test_saving_a_case_read_without_its_name_neither_reads_it_nor_loses_the_keys(
    cast, make_case, django_assert_num_queries
):
    make_case(kind=Kind.DENUNCIATION, subject_person="Nguyễn Văn Bị (kế toán)")
    case = Case.objects.only("pk", "title", "status").get()
    case.title = "Đơn về quỹ"
    with django_assert_num_queries(1):
        case.save(update_fields=["title"])
    assert Case.objects.get().subject_person_keys == "|kế toán|nguyễn văn bị|"
