"""When a complaint's dialogue comes before its proposal: always in the second round (Luật Khiếu nại 2011
Đ.39; Nghị định 124/2020/NĐ-CP Đ.28 khoản 2, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.11: "Trong quá trình
giải quyết khiếu nại lần hai, người giải quyết khiếu nại phải tổ chức đối thoại"); in the first, when the
complainant's demands and the verification's result differ (Đ.30 khoản 1): a complaint found partly
founded or unfounded. The case page's buttons and the API's `allowed_actions` are one answer."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from casework.audit.selectors import audit_events_for
from casework.cases.actions import case_actions
from casework.cases.models import Case, DialogueAttendance, Outcome, Status
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complaint_second,
    case_notify_result,
    case_propose,
    case_record_dialogue,
    case_start_verification,
)
from casework.org.models import Role
from core import clock
from core.errors import TransitionNotAllowed
from tests.builders import (
    assigned,
    before_dialogue,
    decided,
    dialogue,
    dialogue_form,
    explained,
    verification_started,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_round(cast, frozen_clock):
    """A second-round complaint being verified at the province's committee, its verification given to its
    officer by decision (Luật Khiếu nại 2011 Đ.38), no dialogue yet: received and accepted a week ago, so that its
    dialogue may be held today, noticed up to seven days before."""
    intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    chair = UserFactory(roles=[(Role.COMMITTEE_CHAIR, cast.province)])
    officer = UserFactory(roles=[(Role.CASE_OFFICER, cast.province)])
    with before_dialogue(7):
        first = decided(cast)
        case_notify_result(case=first, actor=cast.officer)
        second = case_complaint_second(first=first, actor=intake, received_on=clock.today(), content="Không đồng ý")
        second = case_accept(case=second, actor=intake, legal_ground="Luật Khiếu nại 2011 Đ.36", subject_area="khac")
    second = case_assign(case=second, actor=chair, assignee=officer)
    return verification_started(second), officer


def _page_actions(client, user, case) -> set[str]:
    client.force_login(user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    return set(re.findall(rf'action="/cases/{case.pk}/action/(\w+)/"', page))


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _not_proposed(case: Case) -> None:
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.VERIFYING and fresh.version == case.version and fresh.proposal == ""
    assert not audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.propose").exists()


def test_a_second_round_without_a_dialogue_is_not_offered_the_proposal_and_its_proposal_is_refused(
    cast, client, second_round
):
    case, officer = second_round
    assert case.round == 2
    offered = set(case_actions(user=officer, case=case))
    assert "propose" not in offered and "record_dialogue" in offered
    assert _page_actions(client, officer, case) == offered
    assert set(_api(officer).get(f"/api/cases/{case.pk}/").json()["allowed_actions"]) == offered

    # Even founded: the second round's dialogue does not depend on the result.
    with pytest.raises(TransitionNotAllowed) as refused:
        case_propose(case=case, actor=officer, proposal="Giữ nguyên.", outcome=Outcome.FOUNDED)
    assert "khiếu nại lần hai" in refused.value.message and "Luật Khiếu nại 2011 Đ.39" in refused.value.message
    assert "Đ.28 khoản 2" in refused.value.message and "propose" not in refused.value.allowed
    _not_proposed(case)

    answer = _api(officer).post(
        f"/api/cases/{case.pk}/propose/",
        {"version": case.version, "proposal": "Giữ nguyên.", "outcome": "unfounded"},
        format="json",
    )
    assert answer.status_code == 409, answer.content
    assert "Đ.39" in str(answer.json())
    client.force_login(officer)
    page = client.post(
        f"/cases/{case.pk}/action/propose/",
        {"version": case.version, "proposal": "Giữ nguyên.", "outcome": "founded"},
        follow=True,
    )
    assert "Luật Khiếu nại 2011 Đ.39" in page.content.decode()
    _not_proposed(case)


def test_after_its_dialogue_a_second_round_is_offered_the_proposal_and_proposed(cast, client, second_round):
    case, officer = second_round
    # The complainant invited and absent without a legitimate reason: the resolution goes on (Đ.28 khoản 5).
    case = case_record_dialogue(
        case=case, actor=officer, **dialogue(absent=DialogueAttendance.ABSENT_UNEXCUSED, notice_days=7)
    )
    offered = set(case_actions(user=officer, case=case))
    assert "propose" in offered and _page_actions(client, officer, case) == offered
    case = case_propose(case=case, actor=officer, proposal="Giữ nguyên.", outcome=Outcome.UNFOUNDED)
    assert Case.objects.get(pk=case.pk).status == Status.PROPOSED


def test_a_second_round_proposed_from_the_page_after_its_dialogue(cast, client, second_round):
    case, officer = second_round
    client.force_login(officer)
    held = client.post(f"/cases/{case.pk}/action/record_dialogue/", {"version": case.version, **dialogue_form()})
    assert held.status_code == 302
    case.refresh_from_db()
    proposed = client.post(
        f"/cases/{case.pk}/action/propose/", {"version": case.version, "proposal": "Giữ nguyên.", "outcome": "founded"}
    )
    assert proposed.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.PROPOSED


def test_a_first_round_found_partly_founded_or_unfounded_is_refused_without_a_dialogue(cast, frozen_clock):
    for outcome in (Outcome.PARTLY, Outcome.UNFOUNDED):
        case = verification_started(assigned(cast, content=f"Nội dung riêng {outcome}."))
        assert "propose" in case_actions(user=cast.officer, case=case)  # the outcome is chosen with the proposal
        with pytest.raises(TransitionNotAllowed) as refused:
            case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=outcome)
        assert "Luật Khiếu nại 2011 Đ.30 khoản 1" in refused.value.message
        _not_proposed(case)
        case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
        case = case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=outcome)
        assert Case.objects.get(pk=case.pk).status == Status.PROPOSED


def test_a_first_round_found_founded_meets_the_demands_and_is_proposed_without_a_dialogue(cast, frozen_clock):
    case = verification_started(assigned(cast))
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    assert Case.objects.get(pk=case.pk).status == Status.PROPOSED and case.dialogue_on is None


def test_a_denunciation_has_no_dialogue_and_is_proposed_whatever_its_result(cast, frozen_clock):
    case = case_start_verification(case=assigned(cast, kind="denunciation"), actor=cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo sai.", outcome=Outcome.UNFOUNDED)
    assert Case.objects.get(pk=case.pk).status == Status.PROPOSED
