"""Each kind's full path, through the services, with deadlines and audit events."""

from __future__ import annotations

import pytest

from casework.audit.selectors import audit_events_for
from casework.cases.models import Kind, Outcome, Status
from casework.cases.selectors import case_deadlines
from casework.cases.services import (
    case_accept,
    case_answer,
    case_approve,
    case_assign,
    case_close,
    case_conclude,
    case_decide,
    case_denounced_notice_sent,
    case_handle_conclusion,
    case_notify_result,
    case_propose,
    case_record_dialogue,
    case_start_verification,
    case_terminate,
)
from casework.org.models import Role
from core import clock
from tests.builders import (
    DECISION_PARTS,
    before_dialogue,
    dialogue,
    dialogued,
    explained,
    published,
    verification_started,
    withdrawal_letter,
)
from tests.factories import UserFactory
from tests.papers.conftest import pdf_text
from workflows.models import Deadline

pytestmark = pytest.mark.django_db


def actions(case):
    return list(audit_events_for(target_type="cases.case", target_id=case.pk).values_list("action", flat=True))


def test_complaint_full_path(cast, make_case):
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = make_case()
        assert case.reference.startswith("KN-2026-")
        assert case.status == Status.RECEIVED
        (accept_deadline,) = case_deadlines(case=case)
        assert accept_deadline.step == "accept" and accept_deadline.status == Deadline.Status.OPEN

        case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Luật Khiếu nại 2011 Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = verification_started(case)
    case = case_record_dialogue(case=case, actor=cast.officer, **dialogue())
    case = case_propose(case=case, actor=cast.officer, proposal="Khiếu nại đúng một phần.", outcome=Outcome.PARTLY)
    case = case_approve(case=case, actor=cast.leader)
    case = case_decide(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Giải quyết…", outcome=Outcome.PARTLY
    )
    case = case_notify_result(case=case, actor=cast.officer)
    case = case_close(case=case, actor=cast.officer)

    assert case.status == Status.CLOSED and case.outcome == Outcome.PARTLY
    assert actions(case) == [
        "case.intake",
        "case.accept",
        "case.assign",
        "case.start_verification",
        "case.complaint_verification_assign",
        "case.record_dialogue",
        "case.propose",
        "case.approve",
        "case.decide",
        "case.notify_result",
        "case.close",
    ]
    steps = {d.step: d.status for d in case_deadlines(case=case)}
    assert steps == {
        "accept": Deadline.Status.MET,
        "resolve": Deadline.Status.MET,
        "send_decision": Deadline.Status.MET,
    }


def test_denunciation_full_path_with_flag(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    assert case.reference.startswith("TC-2026-") and not case.submitters.exists()
    case = case_accept(subject_area="khac", case=case, actor=cast.officer, legal_ground="Luật Tố cáo 2018 Đ.29")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = explained(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="Tố cáo đúng.", outcome=Outcome.FOUNDED)
    case = case_approve(case=case, actor=cast.chair)
    case = case_denounced_notice_sent(case=case, actor=cast.officer)  # Luật Tố cáo 2018 Đ.29 khoản 3
    case = case_conclude(
        case=case, actor=cast.officer, **DECISION_PARTS, decision_text="Kết luận…", outcome=Outcome.FOUNDED
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
    case = published(case, cast.officer)  # Luật Tố cáo 2018 Đ.40: the conclusion made public first
    case = case_close(case=case, actor=cast.officer)
    assert case.status == Status.CLOSED and case.discipline_proposal == "canh_cao"


def test_petition_full_path(cast, make_case):
    case = make_case(kind=Kind.PETITION)
    assert case.reference.startswith("KNPA-2026-")
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Quy chế tiếp nhận kiến nghị")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer2)
    assert case.status == Status.ASSIGNED
    clock.advance(clock.dt.timedelta(days=3))
    case = case_answer(case=case, actor=cast.officer2, answer="Đã trả lời kiến nghị.")
    case = case_close(case=case, actor=cast.officer2)
    assert case.status == Status.CLOSED
    assert {d.step: d.status for d in case_deadlines(case=case)}["resolve"] == Deadline.Status.MET


def test_refusal_closes_the_accept_clock_and_states_the_ground(cast, make_case):
    from casework.audit.timeline import event_reason
    from casework.cases.models import RefusalGround
    from casework.cases.services import case_refuse

    case = make_case()
    case = case_refuse(subject_area="khac", case=case, actor=cast.intake, ground=RefusalGround.EXPIRED)
    assert case.status == Status.REFUSED and case.refusal_ground == RefusalGround.EXPIRED
    (event,) = audit_events_for(target_type="cases.case", target_id=case.pk).filter(action="case.refuse")
    assert "thời hiệu" in event_reason(event)  # sealed under the case's key in the chain
    assert {d.status for d in case_deadlines(case=case)} == {Deadline.Status.MET}


def test_transfer_inside_the_tree_creates_a_linked_case_at_the_target(cast, make_case):
    from casework.cases.services import case_transfer

    case = make_case(kind=Kind.DENUNCIATION)
    old, new = case_transfer(
        subject_area="khac", case=case, actor=cast.intake, reason="Thuộc thẩm quyền CĐCS", target_unit=cast.clinic
    )
    assert old.status == Status.TRANSFERRED and old.transfer_body == str(cast.clinic)
    assert new.unit == cast.clinic and new.origin == old and new.status == Status.RECEIVED
    assert new.channel == "transferred"
    # The identity travels encrypted, never in plain columns: under the new case's own key.
    from casework.cases.identity import identity_decrypt

    assert new.denouncer_identity.ciphertext != old.denouncer_identity.ciphertext
    assert identity_decrypt(new.denouncer_identity.ciphertext, case=new) == identity_decrypt(
        old.denouncer_identity.ciphertext, case=old
    )
    assert new.denouncer_identity.people == 1 and not new.is_group
    # The unit that transferred it is told the result within 20 days (Luật Tố cáo 2018 Đ.26 khoản 2).
    assert [d.step for d in case_deadlines(case=new)] == ["accept", "notify_transferrer"]


def test_transfer_outside_records_the_body_and_offers_the_slip(cast, make_case, client):
    from casework.cases.services import case_transfer

    case = make_case()
    old, new = case_transfer(
        subject_area="khac", case=case, actor=cast.intake, reason="Tranh chấp lao động", outside_body="Tòa án nhân dân"
    )
    assert new is None and old.transfer_body == "Tòa án nhân dân"
    client.force_login(cast.intake)
    response = client.get(f"/reports/documents/case/{old.pk}/transfer.pdf")
    assert response.status_code == 200
    printed = " ".join(pdf_text(response.content).split())
    assert "PHIẾU CHUYỂN ĐƠN" in printed and "Tòa án nhân dân" in printed


def test_transfer_needs_exactly_one_destination(cast, make_case):
    from casework.cases.services import case_transfer
    from core.errors import ValidationFailed

    case = make_case()
    with pytest.raises(ValidationFailed) as err:
        case_transfer(
            subject_area="khac",
            case=case,
            actor=cast.intake,
            reason="x",
            target_unit=cast.clinic,
            outside_body="Tòa án",
        )
    assert "target_unit" in err.value.fields
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_guide(cast, make_case):
    from casework.cases.services import case_guide

    case = case_guide(
        subject_area="khac", case=make_case(), actor=cast.intake, guidance="Gửi đơn đến Thanh tra Sở Y tế"
    )
    assert case.status == Status.GUIDED


def test_withdrawal_is_allowed_until_the_decision(cast, make_case):
    from casework.cases.services import case_withdraw
    from core.errors import TransitionNotAllowed

    case = make_case()
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_withdraw(case=case, actor=cast.officer, reason="Người khiếu nại có đơn xin rút", **withdrawal_letter())
    # Accepted: the withdrawal ends the complaint by a termination decision (Luật Khiếu nại 2011 Đ.10).
    assert case.status == Status.VERIFYING and case.withdrawn_in_whole_on is not None
    case = case_terminate(case=case, actor=cast.leader, ground="withdrawn")
    assert case.status == Status.TERMINATED
    assert {d.status for d in case_deadlines(case=case) if d.step == "resolve"} == {Deadline.Status.CANCELLED}

    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        decided = make_case(content="Nội dung khác hẳn để không bị coi là trùng lặp.")
        decided = case_accept(subject_area="khac", case=decided, actor=cast.intake, legal_ground="Đ.27")
    decided = case_assign(case=decided, actor=cast.chair, assignee=cast.officer)
    decided = case_start_verification(case=decided, actor=cast.officer)
    decided = dialogued(decided, cast.officer)
    decided = case_propose(case=decided, actor=cast.officer, proposal="p", outcome=Outcome.UNFOUNDED)
    decided = case_approve(case=decided, actor=cast.chair)
    decided = case_decide(
        case=decided, actor=cast.officer, **DECISION_PARTS, decision_text="t", outcome=Outcome.UNFOUNDED
    )
    with pytest.raises(TransitionNotAllowed) as err:
        case_withdraw(case=decided, actor=cast.officer, reason="muộn", **withdrawal_letter())
    assert "Đã ban hành quyết định giải quyết" in err.value.message


def _decided_complaint(cast, make_case):
    with before_dialogue():  # accepted five days ago: its dialogue may be held today
        case = case_accept(subject_area="khac", case=make_case(), actor=cast.intake, legal_ground="Đ.27")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = dialogued(case, cast.officer)
    case = case_propose(case=case, actor=cast.officer, proposal="p", outcome=Outcome.UNFOUNDED)
    case = case_approve(case=case, actor=cast.chair)
    return case_decide(case=case, actor=cast.officer, **DECISION_PARTS, decision_text="t", outcome=Outcome.UNFOUNDED)


def test_second_complaint_goes_to_the_superior_unit_and_links_the_first(cast, make_case):
    from casework.cases.services import case_complaint_second
    from core.errors import TransitionNotAllowed, ValidationFailed

    first = _decided_complaint(cast, make_case)
    # The intake officer of the sector has no role in the province: the superior receives it.
    with pytest.raises(TransitionNotAllowed):
        case_complaint_second(first=first, actor=cast.intake, received_on=clock.today(), content="Không đồng ý")
    province_intake = UserFactory(roles=[(Role.INTAKE_OFFICER, cast.province)])
    second = case_complaint_second(
        first=first, actor=province_intake, received_on=clock.today(), content="Không đồng ý với quyết định lần đầu"
    )
    assert second.round == 2 and second.previous == first and second.unit == cast.province
    assert second.deadline_subject == "complaint_2"
    assert [s.full_name for s in second.submitters.all()] == ["Nguyễn Văn Gửi"]
    with pytest.raises(ValidationFailed):
        case_complaint_second(first=first, actor=province_intake, received_on=clock.today(), content="lần nữa")


def test_second_complaint_refused_before_the_first_is_decided(cast, make_case):
    from casework.cases.services import case_complaint_second
    from core.errors import TransitionNotAllowed

    first = make_case()
    with pytest.raises(TransitionNotAllowed) as err:
        case_complaint_second(first=first, actor=cast.admin, received_on=clock.today(), content="x")
    assert "chưa có quyết định" in err.value.message


def test_anonymous_denunciation_with_evidence_becomes_a_flag(cast, make_case):
    from casework.inspections.models import Flag

    case = make_case(
        kind=Kind.DENUNCIATION,
        submitters=[],
        anonymous=True,
        evidence="Phiếu chi số 15 ngày 3/1 không có chữ ký người nhận.",
    )
    assert case.status == Status.NOT_PROCESSED and case.is_anonymous
    flag = Flag.objects.get(pk=int(case.flag_ref.split(":")[1]))
    assert flag.unit == cast.hospital and "Phiếu chi số 15" in flag.evidence
    assert case_deadlines(case=case) == []


def test_anonymous_denunciation_without_evidence_is_set_aside_without_a_flag(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION, submitters=[], anonymous=True)
    assert case.status == Status.NOT_PROCESSED and case.flag_ref == ""


def test_merge_keeps_the_link(cast, make_case):
    from casework.cases.selectors import case_duplicates
    from casework.cases.services import case_merge

    first = make_case()
    dup = make_case()
    found = case_duplicates(case=dup)
    assert [d.case for d in found] == [first]
    assert "Cùng người gửi" in found[0].reason
    dup = case_merge(case=dup, into=first, actor=cast.intake)
    assert dup.status == Status.MERGED and dup.merged_into == first
    assert list(first.merged_cases.all()) == [dup]


def test_near_identical_content_from_another_sender_is_a_duplicate(cast, make_case):
    from casework.cases.selectors import case_duplicates
    from casework.cases.services import SubmitterData

    first = make_case()
    other = make_case(
        submitters=[SubmitterData(full_name="Lê Văn Khác", phone="0988000111")],
        content="Ban chấp hành CĐCS Bệnh viện chi quỹ phúc lợi không đúng quy chế năm 2025!",
    )
    (dup,) = case_duplicates(case=other)
    assert dup.case == first and "gần giống" in dup.reason
    unrelated = make_case(
        submitters=[SubmitterData(full_name="Phạm Thị Mới", phone="0977000222")],
        content="Đề nghị tổ chức tham quan nghỉ mát cho đoàn viên trong quý III.",
    )
    assert case_duplicates(case=unrelated) == []


def test_group_submission_needs_one_representative(cast, make_case):
    from casework.cases.models import Case
    from casework.cases.services import SubmitterData
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        make_case(submitters=[SubmitterData(full_name="A"), SubmitterData(full_name="B")])
    assert "đại diện" in err.value.fields["submitters"][0]
    assert Case.objects.count() == 0
    case = make_case(submitters=[SubmitterData(full_name="A", is_representative=True), SubmitterData(full_name="B")])
    assert case.is_group and case.submitters.get(is_representative=True).full_name == "A"
