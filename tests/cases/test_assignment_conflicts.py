"""One rule says whether someone is conflicted with a case (`case_conflict_reason`): whom the chair may
assign to resolve it and who may decide on it. Each kind of conflict is refused on the assignment
page, in the API and in the service alike, and named in the page's list of officers; the same person
is refused the case's decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.cases.models import Case, Kind
from casework.cases.selectors import case_conflict_reason, officers_for_assignment
from casework.cases.services import case_accept, case_assign, case_conflict_declare
from casework.inspections.services import conflict_declare
from casework.org.models import Role
from core.errors import ValidationFailed
from tests.builders import api_client, make_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT_PERSON = "Trần Thị Bị"


def _officer(cast, kind: str):
    """A case officer of the sector (the competent unit) conflicted with a case about the hospital
    by `kind`; the case's own conflicts (the person concerned, a declaration in it) come in `_case`."""
    roles = [(Role.CASE_OFFICER, cast.sector)]
    name = "Lê Văn Khác"
    if kind == "leader_of_the_unit_concerned":
        roles.append((Role.BCH_MEMBER, cast.hospital))
    elif kind == "namesake_holding_a_role_there":
        # A committee role in the hospital is no conflict by itself (the committee inspects its own
        # union): the name of the person concerned, held with a role there, is.
        roles.append((Role.INSPECTOR, cast.hospital))
        name = SUBJECT_PERSON
    elif kind == "role_in_the_unit_concerned":
        roles.append((Role.CASE_OFFICER, cast.hospital))
    officer = UserFactory(username=f"o_{kind}"[:30], full_name=name, roles=roles)
    if kind == "conflict_declared_with_a_unit_above":
        conflict_declare(user=officer, unit=cast.sector, reason="Vợ là kế toán Công đoàn ngành", actor=officer)
    return officer


KINDS = [
    "person_concerned",
    "leader_of_the_unit_concerned",
    "namesake_holding_a_role_there",
    "declared_in_the_case",
    "role_in_the_unit_concerned",
    "conflict_declared_with_a_unit_above",
]


def _case(cast, kind: str, officer) -> Case:
    extra = {"subject_user": officer} if kind == "person_concerned" else {}
    case = make_case(cast, kind=Kind.DENUNCIATION, **extra)
    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Tố cáo 2018 Đ.29", subject_area="khac")
    if kind == "declared_in_the_case":
        case_conflict_declare(case=case, actor=officer, note="Người thân của người bị tố cáo")
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("kind", KINDS)
def test_an_officer_conflicted_with_the_case_is_refused_everywhere(cast, frozen_clock, client, kind):
    officer = _officer(cast, kind)
    case = _case(cast, kind, officer)
    why = case_conflict_reason(case=case, user=officer)
    assert why
    # The list the page offers marks the conflict, with the reason the service gives.
    [choice] = [o for o in officers_for_assignment(case=case) if o.user.pk == officer.pk]
    assert choice.conflict == why
    # The service.
    with pytest.raises(ValidationFailed) as exc:
        case_assign(case=case, actor=cast.chair, assignee=officer)
    assert why in exc.value.fields["assignee"][0]
    # The page.
    client.force_login(cast.chair)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert why in page
    response = client.post(reverse("cases:action", args=[case.pk, "assign"]), {"assignee": officer.pk})
    assert response.status_code == 400 and why in response.content.decode()
    # The API.
    refused = api_client(cast.chair).post(f"/api/cases/{case.pk}/assign/", {"assignee": officer.pk}, format="json")
    assert refused.status_code == 400, refused.content
    assert why in refused.json()["fields"]["assignee"][0]
    case.refresh_from_db()
    assert case.assignee_id is None and case.status == "accepted"
    # An officer free of it is assigned the same way.
    done = api_client(cast.chair).post(f"/api/cases/{case.pk}/assign/", {"assignee": cast.officer.pk}, format="json")
    assert done.status_code == 200, done.content
    assert Case.objects.get(pk=case.pk).assignee == cast.officer


def test_whoever_could_not_decide_the_case_for_a_conflict_cannot_be_assigned_it(cast, frozen_clock):
    """The chair conflicted with the unit concerned is refused the case's decisions and its assignment
    to them alike, by the same reason."""
    from casework.cases.services.common import decision_refusal

    chair_officer = UserFactory(
        username="chair_officer", roles=[(Role.CASE_OFFICER, cast.sector), (Role.COMMITTEE_CHAIR, cast.sector)]
    )
    case = _case(cast, "none", chair_officer)
    assert not case_conflict_reason(case=case, user=chair_officer)
    conflict_declare(user=chair_officer, unit=cast.hospital, reason="Em ruột là thủ quỹ", actor=chair_officer)
    why = case_conflict_reason(case=case, user=chair_officer)
    assert "Em ruột là thủ quỹ" in why
    assert why in decision_refusal(case=case, actor=chair_officer, action="phê duyệt")
    with pytest.raises(ValidationFailed) as exc:
        case_assign(case=case, actor=cast.chair, assignee=chair_officer)
    assert why in exc.value.fields["assignee"][0]


def test_a_namesake_elsewhere_and_a_committee_role_in_the_unit_concerned_are_no_conflict(cast, frozen_clock):
    """The rule is the decision rule: a name shared with the person concerned by someone holding no role
    in the unit concerned, or a committee role held there alone, conflicts with nothing."""
    namesake = UserFactory(username="namesake", full_name=SUBJECT_PERSON, roles=[(Role.CASE_OFFICER, cast.sector)])
    member = UserFactory(
        username="hospital_member", roles=[(Role.CASE_OFFICER, cast.sector), (Role.INSPECTOR, cast.hospital)]
    )
    case = _case(cast, "none", namesake)
    for officer in (namesake, member):
        assert not case_conflict_reason(case=case, user=officer)
        assert case_assign(case=Case.objects.get(pk=case.pk), actor=cast.chair, assignee=officer).assignee == officer
