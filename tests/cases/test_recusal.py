"""Recusal: the person denounced and the leaders of the unit denounced are excluded from the case.

For them the case does not exist (404 on every edge, never in a list, never told), and nobody
recused or conflicted may take a decision on it (approve, extend, decide an escalation).
"""

from __future__ import annotations

import pytest

from casework.cases.models import Kind
from casework.cases.recusal import case_recusal_reason, person_key
from casework.cases.selectors import case_get_for_user, case_inbox, case_list
from casework.cases.services import (
    case_accept,
    case_approve,
    case_assign,
    case_conflict_declare,
    case_extend,
    case_propose,
    case_start_verification,
)
from casework.org.models import Role
from core.errors import TransitionNotAllowed, ValidationFailed
from notifications.models import Notification
from tests.builders import explained
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def vice_chair(cast):
    """A BTV member of the sector union who also chairs the hospital union, which is denounced."""
    return UserFactory(
        username="vice",
        full_name="Trần Văn Phó",
        roles=[(Role.BTV_MEMBER, cast.sector), (Role.BCH_MEMBER, cast.hospital)],
    )


@pytest.fixture
def about_vice_chair(cast, make_case, vice_chair):
    return make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="Ông Trần Văn Phó")


def _visible(user, case) -> bool:
    return case_list(user=user).filter(pk=case.pk).exists()


def test_person_key_ignores_case_spacing_and_forms_of_address():
    assert person_key("  Ông  TRẦN văn   Phó ") == person_key("trần văn phó") == "trần văn phó"
    assert person_key("Đ/c Lê Thị C") == "lê thị c"


def test_the_person_denounced_matched_by_name_and_unit_does_not_see_the_case(cast, client, make_case):
    accused = UserFactory(username="insp", full_name="Trần Văn Phó", roles=[(Role.INSPECTOR, cast.sector)])
    namesake = UserFactory(username="namesake", full_name="Trần Văn Phó", roles=[(Role.INSPECTOR, cast.province)])
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.sector, subject_person="Ông Trần  văn Phó")
    assert not _visible(accused, case)
    with pytest.raises(Exception) as err:
        case_get_for_user(user=accused, pk=case.pk)
    assert type(err.value).__name__ == "Http404"
    client.force_login(accused)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/").status_code == 404
    assert case.reference not in client.get("/cases/?q=quỹ").content.decode()
    assert client.get(f"/audit/timeline/cases.case/{case.pk}/").status_code == 404
    # The same name in another unit is not the person denounced; a plain officer still reads it.
    assert _visible(namesake, case)
    assert _visible(cast.officer, case)
    # Every leader of the unit denounced is recused, the committee chair included.
    assert not _visible(cast.leader, case) and not _visible(cast.chair, case)


def test_the_person_denounced_linked_as_a_user_is_recused_wherever_they_sit(cast, make_case):
    accused = UserFactory(username="accused", full_name="Tên Khác Hẳn", roles=[(Role.CASE_OFFICER, cast.sector)])
    case = make_case(kind=Kind.COMPLAINT, subject_user=accused, subject_person="")
    assert not _visible(accused, case)
    assert "người bị khiếu nại" in case_recusal_reason(case=case, user=accused)


def test_a_leader_of_the_unit_denounced_is_recused_but_other_staff_are_not(cast, make_case):
    hospital_chair = UserFactory(username="hchair", roles=[(Role.BCH_MEMBER, cast.hospital)])
    grant(hospital_chair, Role.CASE_OFFICER, cast.sector)  # also works at the sector: would see the case
    hospital_staff = UserFactory(username="hstaff", roles=[(Role.CASE_OFFICER, cast.sector)])
    grant(hospital_staff, Role.SUBJECT_REP, cast.hospital)
    case = make_case(kind=Kind.DENUNCIATION, subject_unit=cast.hospital, subject_person="")
    assert not _visible(hospital_chair, case)
    assert _visible(hospital_staff, case)
    assert "lãnh đạo" in case_recusal_reason(case=case, user=hospital_chair)


def test_superusers_are_recused_too(cast, make_case):
    boss = UserFactory(username="boss", is_superuser=True, full_name="Phạm Văn Sếp")
    case = make_case(kind=Kind.COMPLAINT, subject_user=boss)
    assert not _visible(boss, case)
    assert _visible(cast.admin, case)


def test_the_recused_leader_cannot_approve_or_extend_and_gets_no_inbox_row_or_notification(
    cast, about_vice_chair, vice_chair
):
    case = case_accept(subject_area="khac", case=about_vice_chair, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng một phần", outcome="partly")
    assert not case_inbox(user=vice_chair).filter(pk=case.pk).exists()
    assert case_inbox(user=cast.leader).filter(pk=case.pk).exists()
    assert not Notification.objects.filter(user=vice_chair).exists()
    assert Notification.objects.filter(user=cast.leader, title__contains=case.reference).exists()
    with pytest.raises(TransitionNotAllowed):
        case_approve(case=case, actor=vice_chair)
    with pytest.raises(TransitionNotAllowed):
        case_extend(case=case, actor=vice_chair, reason="Vụ việc phức tạp cần thêm thời gian")


def test_a_declared_conflict_stops_the_decision_and_says_why(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo sai", outcome="unfounded")
    case_conflict_declare(case=case, actor=cast.leader, note="Người bị tố cáo là em họ tôi")
    with pytest.raises(TransitionNotAllowed) as err:
        case_approve(case=case, actor=cast.leader)
    assert "em họ" in err.value.message
    with pytest.raises(TransitionNotAllowed):
        case_extend(case=case, actor=cast.leader, reason="Vụ việc phức tạp cần thêm thời gian")
    case_approve(case=case, actor=cast.chair)


def test_the_person_denounced_cannot_be_assigned_and_the_chair_sees_why(cast, client, make_case):
    accused = UserFactory(username="accused2", full_name="Lý Văn Bị", roles=[(Role.CASE_OFFICER, cast.sector)])
    case = make_case(kind=Kind.DENUNCIATION, subject_user=accused)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Tố cáo Đ.29")
    with pytest.raises(ValidationFailed) as err:
        case_assign(case=case, actor=cast.chair, assignee=accused)
    assert "người bị khiếu nại, tố cáo" in err.value.fields["assignee"][0]
    client.force_login(cast.chair)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="recused"' in page and "Lý Văn Bị" in page
    client.force_login(cast.officer)
    assert 'id="recused"' not in client.get(f"/cases/{case.pk}/").content.decode()


def test_the_person_denounced_is_never_on_the_team_inspecting_it(cast, make_case):
    from casework.cases.integrations import flag_raise_from_case
    from casework.inspections.services import inspection_open, inspection_team_set

    accused = UserFactory(username="accused3", full_name="Phan Văn Kiểm", roles=[(Role.INSPECTOR, cast.sector)])
    case = make_case(kind=Kind.DENUNCIATION, subject_user=accused, subject_unit=cast.clinic)
    flag = flag_raise_from_case(case=case, unit=cast.clinic, evidence="Chi sai quỹ theo kết luận tố cáo")
    inspection = inspection_open(unit=cast.sector, subject_unit=cast.clinic, actor=cast.chair, flags=[flag])
    with pytest.raises(ValidationFailed) as err:
        inspection_team_set(
            inspection=inspection, members=[accused, cast.inspector2], lead=cast.inspector, actor=cast.chair
        )
    assert "hồi tỵ" in " ".join(err.value.fields["members"])
    inspection_team_set(
        inspection=inspection, members=[cast.inspector2, cast.inspector3], lead=cast.inspector, actor=cast.chair
    )


def test_a_recused_leader_never_signs_the_case_papers(cast, make_case):
    from casework.papers.services import paper_signer, template_current

    other_chair = UserFactory(username="chair2", roles=[(Role.COMMITTEE_CHAIR, cast.sector)])
    case = make_case(kind=Kind.DENUNCIATION, subject_user=cast.chair)
    version = template_current(key="case.accept")
    assert version.signer_role == Role.COMMITTEE_CHAIR
    assert paper_signer(target=case, key="case.accept", version=version) == other_chair


def test_a_leader_who_declared_a_conflict_never_signs_the_case_papers(cast, make_case):
    from casework.papers.services import paper_signer, template_current

    other_chair = UserFactory(username="chair2", roles=[(Role.COMMITTEE_CHAIR, cast.sector)])
    case = make_case(kind=Kind.DENUNCIATION)
    version = template_current(key="case.accept")
    first = paper_signer(target=case, key="case.accept", version=version)
    assert first in (cast.chair, other_chair)
    case_conflict_declare(case=case, actor=first, note="Người bị tố cáo là em họ tôi")
    assert paper_signer(target=case, key="case.accept", version=version) == ({cast.chair, other_chair} - {first}).pop()
