"""Who a case may be assigned to (phân công cán bộ giải quyết) is one rule, `case_assignable_users`: the case
officers and inspectors of the competent unit or of a unit above it. The assignment form offers exactly them
(each one's conflict marked), and `case_assign` refuses anyone else, on the page (400) and the API (400), changing
nothing; a conflict with the case still refuses one of them."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from casework.cases.models import Case, Kind, Status
from casework.cases.selectors import case_assignable_users, officers_for_assignment
from casework.cases.services import case_accept, case_assign, case_conflict_declare
from casework.org.models import Role
from core.errors import ValidationFailed
from tests.builders import intake
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def accepted_at_the_hospital(cast):
    """A grassroots union's complaint, accepted: its competent unit is the hospital's union, under the sector."""
    case = intake(cast.intake, cast.hospital, kind=Kind.COMPLAINT)
    return case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27", subject_area="khac")


def offered(client, case) -> set[int]:
    """The people the case page's assignment form offers."""
    page = client.get(f"/cases/{case.pk}/").content.decode()
    select = re.search(r'<select name="assignee"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, "the assignment form is on the page"
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select.group(1))}


def test_the_form_offers_the_officers_of_the_unit_above_that_the_service_accepts(cast, client, frozen_clock):
    own = UserFactory(username="hofficer", full_name="Phạm Văn Cơsở", roles=[(Role.CASE_OFFICER, cast.hospital)])
    case = accepted_at_the_hospital(cast)
    client.force_login(cast.chair)
    choices = offered(client, case)
    # The sector's officer and inspector (the unit above), the hospital's own officer; nobody of another sector,
    # nor a role that does not work cases (intake, chair), nor anyone without a role.
    assert {own.pk, cast.officer.pk, cast.officer2.pk, cast.inspector.pk} <= choices
    assert not choices & {cast.other_officer.pk, cast.intake.pk, cast.chair.pk, cast.outsider.pk, cast.admin.pk}
    assert choices == set(case_assignable_users(case=case).values_list("pk", flat=True))
    assert choices == {c.user.pk for c in officers_for_assignment(case=case)}
    posted = client.post(
        f"/cases/{case.pk}/action/assign/", {"assignee": str(cast.officer.pk), "version": case.version}
    )
    assert posted.status_code == 302
    assert Case.objects.get(pk=case.pk).assignee == cast.officer


@pytest.mark.parametrize("who", ["other_officer", "intake", "chair", "outsider", "admin", "inactive"])
def test_the_service_refuses_anyone_the_form_does_not_offer(cast, frozen_clock, who):
    case = accepted_at_the_hospital(cast)
    if who == "inactive":
        person = UserFactory(username="gone", roles=[(Role.CASE_OFFICER, cast.sector)])
        person.is_active = False
        person.save(update_fields=["is_active"])
    else:
        person = getattr(cast, who)
    assert person.pk not in {c.user.pk for c in officers_for_assignment(case=case)}
    with pytest.raises(ValidationFailed) as err:
        case_assign(case=case, actor=cast.chair, assignee=person)
    assert "cấp trên" in str(err.value.fields["assignee"])
    after = Case.objects.get(pk=case.pk)
    assert (after.assignee, after.status, after.version) == (None, Status.ACCEPTED, case.version)


def test_the_page_and_the_api_refuse_anyone_not_offered_with_400(cast, client, frozen_clock):
    case = accepted_at_the_hospital(cast)
    client.force_login(cast.chair)
    posted = client.post(
        f"/cases/{case.pk}/action/assign/", {"assignee": str(cast.other_officer.pk), "version": case.version}
    )
    assert posted.status_code == 400
    api = APIClient()
    api.force_authenticate(cast.chair)
    for bad in (cast.intake.pk, cast.chair.pk, cast.admin.pk):
        response = api.post(f"/api/cases/{case.pk}/assign/", {"version": case.version, "assignee": bad}, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert Case.objects.get(pk=case.pk).assignee is None
    response = api.post(
        f"/api/cases/{case.pk}/assign/", {"version": case.version, "assignee": cast.inspector.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Case.objects.get(pk=case.pk).assignee == cast.inspector


def test_a_conflict_still_excludes_one_the_form_lists(cast, client, frozen_clock):
    """The sector's officer who declared a conflict in the case is listed with the reason, and refused."""
    case = accepted_at_the_hospital(cast)
    case_conflict_declare(case=case, actor=cast.officer2, note="Vợ của người bị khiếu nại")
    marked = {c.user.pk: c.conflict for c in officers_for_assignment(case=case)}
    assert "Vợ của người bị khiếu nại" in marked[cast.officer2.pk] and marked[cast.officer.pk] == ""
    client.force_login(cast.chair)
    assert cast.officer2.pk in offered(client, case)
    with pytest.raises(ValidationFailed) as err:
        case_assign(case=case, actor=cast.chair, assignee=cast.officer2)
    assert "xung đột" in str(err.value.fields["assignee"]) or "Vợ" in str(err.value.fields["assignee"])
    assert Case.objects.get(pk=case.pk).assignee is None
