"""Suspension, resumption and termination of a denunciation (Luật Tố cáo 2018 Đ.34): on the grounds
the article lists, each a numbered written decision sent to the denouncer and the person denounced."""

from __future__ import annotations

import pytest

from casework.cases.models import Kind, Status, SuspensionGround
from casework.cases.services import case_accept, case_assign, case_start_verification, case_suspend
from core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def _verifying(cast, make_case, **kwargs):
    case = case_accept(subject_area="khac", case=make_case(**kwargs), actor=cast.intake, legal_ground="Căn cứ thụ lý")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    return case_start_verification(case=case, actor=cast.officer)


@pytest.mark.parametrize("ground", [SuspensionGround.HEIR_PENDING, SuspensionGround.SUCCESSOR_PENDING])
def test_art34_a_denunciation_is_not_suspended_on_a_complaint_only_ground(cast, make_case, ground):
    case = _verifying(cast, make_case, kind=Kind.DENUNCIATION)
    with pytest.raises(ValidationFailed) as err:
        case_suspend(case=case, actor=cast.chair, ground=ground, reason="Người gửi đơn qua đời")
    assert "Điều 34" in str(err.value.fields["ground"])
    case.refresh_from_db()
    assert case.status == Status.VERIFYING
    # The same ground stays open to a complaint (Luật 136/2025/QH15).
    complaint = _verifying(cast, make_case, kind=Kind.COMPLAINT)
    assert case_suspend(case=complaint, actor=cast.chair, ground=ground).status == Status.SUSPENDED
