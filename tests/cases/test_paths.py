"""Each kind's full path, through the services, with deadlines and audit events."""

from __future__ import annotations

import pytest

from casework import clock
from casework.audit.selectors import audit_events_for
from casework.cases.models import Kind, Outcome, Status
from casework.cases.services import (
    case_accept,
    case_answer,
    case_approve,
    case_assign,
    case_close,
    case_conclude,
    case_decide,
    case_handle_conclusion,
    case_notify_result,
    case_propose,
    case_record_dialogue,
    case_start_verification,
)
from workflows.models import Deadline
from workflows.services import deadlines_for

pytestmark = pytest.mark.django_db


def actions(case):
    return list(audit_events_for(target_type="cases.case", target_id=case.pk).values_list("action", flat=True))


def test_complaint_full_path(cast, make_case):
    case = make_case()
    assert case.reference.startswith("KN-2026-")
    assert case.status == Status.RECEIVED
    (accept_deadline,) = deadlines_for(target=case)
    assert accept_deadline.step == "accept" and accept_deadline.status == Deadline.Status.OPEN

    case = case_accept(case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_record_dialogue(case=case, actor=cast.officer, record="Hai bên đã trình bày ý kiến.")
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    case = case_decide(
        case=case, actor=cast.officer, decision_number="12/QĐ-CĐN", decision_text="Giải quyết…", outcome=Outcome.PARTLY
    )
    case = case_notify_result(case=case, actor=cast.officer)
    case = case_close(case=case, actor=cast.officer)

    assert case.status == Status.CLOSED and case.outcome == Outcome.PARTLY
    assert actions(case) == [
        "case.intake",
        "case.accept",
        "case.assign",
        "case.start_verification",
        "case.record_dialogue",
        "case.propose",
        "case.approve",
        "case.decide",
        "case.notify_result",
        "case.close",
    ]
    steps = {d.step: d.status for d in deadlines_for(target=case)}
    assert steps == {"accept": Deadline.Status.MET, "resolve": Deadline.Status.MET}


def test_denunciation_full_path_with_flag(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    assert case.reference.startswith("TC-2026-") and not case.submitters.exists()
    case = case_accept(case=case, actor=cast.officer, legal_ground="Luật Tố cáo 2018 Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.chair)
    case = case_conclude(
        case=case, actor=cast.officer, decision_number="3/KL", decision_text="Kết luận…", outcome=Outcome.FOUNDED
    )
    case = case_handle_conclusion(
        case=case,
        actor=cast.leader,
        note="Đề nghị kỷ luật và kiểm tra tài chính.",
        discipline="canh_cao",
        flag_evidence="Chứng từ chi 15 triệu không có hóa đơn.",
    )
    assert case.flag_ref.startswith("inspections.flag:")
    case = case_notify_result(case=case, actor=cast.officer)
    case = case_close(case=case, actor=cast.officer)
    assert case.status == Status.CLOSED and case.discipline_proposal == "canh_cao"


def test_petition_full_path(cast, make_case):
    case = make_case(kind=Kind.PETITION)
    assert case.reference.startswith("KNPA-2026-")
    case = case_accept(case=case, actor=cast.intake, legal_ground="Quy chế tiếp nhận kiến nghị")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer2)
    assert case.status == Status.ASSIGNED
    clock.advance(clock.dt.timedelta(days=3))
    case = case_answer(case=case, actor=cast.officer2, answer="Đã trả lời kiến nghị.")
    case = case_close(case=case, actor=cast.officer2)
    assert case.status == Status.CLOSED
    assert {d.step: d.status for d in deadlines_for(target=case)}["resolve"] == Deadline.Status.MET
