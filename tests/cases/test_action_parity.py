"""The case page's buttons and the API's `allowed_actions` are one answer (casework.cases.actions),
for every user and state, including the steps that are not state transitions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rest_framework.test import APIClient

from casework.cases.actions import case_actions
from casework.cases.models import Kind
from casework.cases.services import case_accept, case_assign, case_complexity_decide, case_extend
from tests.builders import before_dialogue, dialogued, withdrawal_letter

pytestmark = pytest.mark.django_db


def _page_actions(client, user, case) -> set[str]:
    client.force_login(user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    return set(re.findall(rf'action="/cases/{case.pk}/action/(\w+)/"', page))


def _api_actions(user, case) -> set[str]:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/cases/{case.pk}/")
    assert response.status_code == 200, response.content
    allowed = response.json()["allowed_actions"]
    assert len(allowed) == len(set(allowed))
    return set(allowed)


def _same_on_both_sides(client, user, case) -> set[str]:
    case.refresh_from_db()
    page, api = _page_actions(client, user, case), _api_actions(user, case)
    assert page == api, f"{user.username}: page {sorted(page)} vs API {sorted(api)}"
    assert api == set(case_actions(user=user, case=case))
    return api


def test_every_user_sees_the_same_actions_on_a_new_complaint(cast, make_case, client):
    case = make_case()
    people = [cast.intake, cast.officer, cast.chair, cast.leader, cast.auditor]
    seen = {user.username: _same_on_both_sides(client, user, case) for user in people}
    assert {"accept", "refuse", "transfer"} <= seen[cast.intake.username]
    assert seen[cast.auditor.username] == set()


def test_a_congress_letter_received_too_late_offers_no_accept_on_either_side(cast, make_case, client):
    # Received Mon 02/03/2026, congress Fri 27/03: 19 working days < 25 for a grassroots union.
    late = make_case(congress_date=dt.date(2026, 3, 27))
    actions = _same_on_both_sides(client, cast.intake, late)
    assert "accept" not in actions and "refuse" in actions
    in_time = make_case(congress_date=dt.date(2026, 5, 20), content="Bầu cử đại hội không đúng điều lệ.")
    assert "accept" in _same_on_both_sides(client, cast.intake, in_time)


def test_accept_notice_and_extend_on_a_denunciation_appear_on_both_sides(cast, make_case, client):
    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Luật Tố cáo Đ.29"
    )
    assert "accept_notice" in _same_on_both_sides(client, cast.intake, case)
    # Luật Tố cáo Đ.30: no extension until the competent person decides the case is complex.
    assert "extend" not in _same_on_both_sides(client, cast.leader, case)
    assert "complexity" in _same_on_both_sides(client, cast.leader, case)
    case = case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều nơi",
        criteria=["places", "contents"],
    )
    assert "extend" in _same_on_both_sides(client, cast.leader, case)
    assert "extend" not in _same_on_both_sides(client, cast.officer, case)
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    assert "accept_notice" in _same_on_both_sides(client, cast.officer, case)
    for _ in range(2):
        case = case_extend(case=case, actor=cast.leader, reason="Nghị quyết BTV")
    # Luật Tố cáo Đ.30: no third extension, on either side.
    assert "extend" not in _same_on_both_sides(client, cast.leader, case)


def test_the_api_accepts_the_accept_notice_it_offers(cast, make_case):
    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Luật Tố cáo Đ.29"
    )
    api = APIClient()
    api.force_authenticate(cast.intake)
    response = api.post(
        f"/api/cases/{case.pk}/accept_notice/", {"version": case.version, "note": "Gửi bưu điện"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert "accept_notice" not in response.json()["allowed_actions"]


def test_a_refused_api_step_lists_what_the_page_offers(cast, make_case, client):
    case = make_case(congress_date=dt.date(2026, 3, 27))
    api = APIClient()
    api.force_authenticate(cast.intake)
    response = api.post(f"/api/cases/{case.pk}/accept/", {"version": case.version, "legal_ground": "Đ.27"})
    assert response.status_code == 409
    assert set(response.json()["allowed_actions"]) == _page_actions(client, cast.intake, case)
    assert "accept" not in response.json()["allowed_actions"]


def test_a_whole_withdrawal_awaiting_termination_is_offered_alike_on_both_sides(cast, make_case, client):
    """Luật Khiếu nại 2011 Đ.10: the officer records the withdrawal, the competent body terminates;
    no decision on the merits nor a second withdrawal is offered meanwhile."""
    from casework.cases.models import Outcome
    from casework.cases.services import case_approve, case_propose, case_start_verification, case_withdraw

    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    case = case_start_verification(
        case=case_assign(case=case, actor=cast.chair, assignee=cast.officer), actor=cast.officer
    )
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Đề xuất", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    assert {"decide", "withdraw"} <= _same_on_both_sides(client, cast.officer, case)
    case = case_withdraw(case=case, actor=cast.officer, reason="Đơn xin rút", **withdrawal_letter())
    officer = _same_on_both_sides(client, cast.officer, case)
    assert not {"decide", "withdraw", "terminate"} & officer
    assert "terminate" in _same_on_both_sides(client, cast.leader, case)
    assert "terminate" in _same_on_both_sides(client, cast.chair, case)  # under the sector's delegation


def test_sending_a_denunciations_suspension_and_termination_decisions_is_offered_alike_on_both_sides(
    cast, make_case, client
):
    """Luật Tố cáo 2018 Đ.34 khoản 4: each decision's sending is recorded on the page or by the API,
    also once the termination has ended the case."""
    from casework.cases.services import case_start_verification, case_suspend, case_terminate, case_withdraw

    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    case = case_start_verification(
        case=case_assign(case=case, actor=cast.chair, assignee=cast.officer), actor=cast.officer
    )
    case = case_suspend(case=case, actor=cast.chair, ground="await_other_body", reason="Chờ cơ quan khác")
    assert "suspension_sent" in _same_on_both_sides(client, cast.officer, case)
    case = case_withdraw(
        case=case, actor=cast.officer, reason="Rút", assessment="Tự nguyện, không vi phạm", **withdrawal_letter()
    )
    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert {"suspension_sent", "termination_sent"} <= _same_on_both_sides(client, cast.officer, case)
    assert not {"suspension_sent", "termination_sent"} & _same_on_both_sides(client, cast.auditor, case)
