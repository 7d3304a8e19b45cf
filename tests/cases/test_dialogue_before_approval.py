"""A proposal already made without the dialogue the law requires (made before the rule, or imported) is
not approved: Luật Khiếu nại 2011 Đ.39 (second round) and Đ.30 khoản 1 (first round whose result
differs from the demands); Nghị định 124/2020/NĐ-CP Đ.28 khoản 2 as rewritten by Nghị định
155/2026/NĐ-CP Đ.11, which applies to every accepted complaint not yet decided (its Đ.22 khoản 1).
The approver sends it back; the dialogue is recorded; the proposal made again is approved."""

from __future__ import annotations

import pytest

from casework.cases.actions import case_actions
from casework.cases.models import Case, Outcome, Status
from casework.cases.services import (
    case_approve,
    case_propose,
    case_record_dialogue,
    case_send_back,
)
from core.errors import TransitionNotAllowed
from tests.builders import assigned, dialogue, intake, verification_started

pytestmark = pytest.mark.django_db


def _proposed_without_dialogue(cast, *, round: int = 2, outcome: str = Outcome.FOUNDED) -> Case:
    case = verification_started(assigned(cast))
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    # As a case proposed before the dialogue was required before a proposal stands in the database.
    first = intake(cast.intake, cast.sector, title="Khiếu nại lần đầu") if round == 2 else None
    Case.objects.filter(pk=case.pk).update(round=round, outcome=outcome, previous=first)
    return Case.objects.get(pk=case.pk)


def test_a_second_round_proposed_without_a_dialogue_is_not_approved_until_it_is_held(cast, frozen_clock, api_as):
    case = _proposed_without_dialogue(cast)
    assert case.status == Status.PROPOSED and case.dialogue_on is None
    assert "approve" not in case_actions(user=cast.leader, case=case)
    assert "send_back" in case_actions(user=cast.leader, case=case)
    with pytest.raises(TransitionNotAllowed) as err:
        case_approve(case=case, actor=cast.leader)
    assert "Luật Khiếu nại 2011 Đ.39" in err.value.message and "Trả lại" in err.value.message
    answer = api_as(cast.leader).post(f"/api/cases/{case.pk}/approve/", {"version": case.version}, format="json")
    assert answer.status_code in (400, 409) and "Đ.39" in answer.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.PROPOSED

    case = case_send_back(case=case, actor=cast.leader, reason="Chưa đối thoại")
    case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng.", outcome=Outcome.FOUNDED)
    assert "approve" in case_actions(user=cast.leader, case=case)
    assert case_approve(case=case, actor=cast.leader).status == Status.APPROVED


def test_a_first_round_found_partly_founded_without_a_dialogue_is_not_approved(cast, frozen_clock):
    case = _proposed_without_dialogue(cast, round=1, outcome=Outcome.PARTLY)
    with pytest.raises(TransitionNotAllowed) as err:
        case_approve(case=case, actor=cast.leader)
    assert "Đ.30 khoản 1" in err.value.message


def test_a_first_round_found_founded_is_approved_without_a_dialogue(cast, frozen_clock):
    case = _proposed_without_dialogue(cast, round=1, outcome=Outcome.FOUNDED)
    assert case_approve(case=case, actor=cast.leader).status == Status.APPROVED
