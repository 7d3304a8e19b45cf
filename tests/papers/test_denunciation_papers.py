"""A denunciation's transfer notice (Luật Tố cáo 2018 Đ.24) and each extension decision (Đ.30) are
official papers: templates as data, numbered in the outgoing register, laid out as QĐ 933. The
register copy and the copy for the person denounced never carry the denouncer's identity."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Kind
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_extend,
    case_outside_competence,
    case_start_verification,
    case_transfer,
)
from casework.papers.models import Paper
from casework.papers.services import paper_issue, paper_keys_to_issue, template_current
from core.errors import TransitionNotAllowed, ValidationFailed
from tests.papers.conftest import pdf_text

pytestmark = pytest.mark.django_db

DENOUNCER = "Nguyễn Văn Gửi"


def _flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def test_art24_the_transfer_of_a_denunciation_is_notified_to_the_denouncer_by_a_numbered_paper(
    cast, make_case, client, frozen_clock
):
    case = make_case(kind=Kind.DENUNCIATION)
    case = case_outside_competence(case=case, actor=cast.intake, reason="Thuộc thẩm quyền Thanh tra tỉnh")
    case, _new = case_transfer(
        subject_area="khac",
        case=case,
        actor=cast.intake,
        reason="Nội dung về quản lý nhà nước",
        outside_body="Thanh tra tỉnh Thái Bình",
    )
    assert "case.transfer_notice" in paper_keys_to_issue(case)
    assert template_current(key="case.transfer_notice").number == 1  # the shipped default, as data
    paper = paper_issue(target=case, key="case.transfer_notice", actor=cast.chair)
    assert paper.symbol.endswith("/TB-UBKT")
    text = _flat(paper.pdf.read())
    assert "THÔNG BÁO" in text and "Điều 24 Luật Tố cáo 2018" in text
    assert "Thanh tra tỉnh Thái Bình" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Số: {paper.symbol}" in text
    assert DENOUNCER not in text  # the register copy never names the denouncer
    assert "case.transfer_notice" not in paper_keys_to_issue(case)
    # The copy addressed to the denouncer, made by the person who decides the case: their name, same number.
    client.force_login(cast.chair)
    to_denouncer = client.get(f"/reports/documents/case/{case.pk}/transfer_notice.pdf", {"to": "denouncer"})
    assert to_denouncer.status_code == 200
    assert DENOUNCER in _flat(to_denouncer.content) and paper.symbol in _flat(to_denouncer.content)
    to_denounced = client.get(f"/reports/documents/case/{case.pk}/transfer_notice.pdf", {"to": "denounced"})
    assert to_denounced.status_code == 200 and DENOUNCER not in _flat(to_denounced.content)


def _especially_complex(cast, make_case):
    case = make_case(kind=Kind.DENUNCIATION, subject_user=cast.subject_rep)
    case = case_accept(subject_area="khac", case=case, actor=cast.intake, legal_ground="Điều 29 Luật Tố cáo 2018")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    return case_complexity_decide(
        case=case,
        actor=cast.leader,
        complexity="especially_complex",
        reason="Nhiều nơi",
        criteria=["places", "contents"],
    )


def test_art30_each_extension_is_a_written_decision_from_the_register_sent_to_the_parties(
    cast, make_case, client, frozen_clock
):
    case = _especially_complex(cast, make_case)
    case = case_extend(case=case, actor=cast.leader, reason="Phải xác minh tại ba đơn vị")
    first = Paper.objects.get(target_type="cases.case", target_id=str(case.pk))
    assert first.symbol.endswith("/QĐ-BTV") and first.signer == cast.leader
    text = _flat(first.pdf.read())
    assert "Điều 30 Luật Tố cáo 2018" in text and "gia hạn giải quyết tố cáo (lần 1)" in text

    assert "Phải xác minh tại ba đơn vị" in text and "đặc biệt phức tạp" in text
    assert "Người bị tố cáo: Trần Thị Bị" in text and "Người tố cáo" in text
    assert DENOUNCER not in text
    due = dt.date.fromisoformat(
        next(e for e in reversed(list(case_events(case))) if e.action == "case.extend").after["due_on"]
    )
    assert f"{due:%d/%m/%Y}" in text
    # The extension's audit event carries the number the register gave its decision.
    extended = next(e for e in reversed(list(case_events(case))) if e.action == "case.extend")
    assert extended.after["decision_number"] == first.symbol
    # The second extension is its own decision, with the next number and its own text.
    case = case_extend(case=case, actor=cast.leader, reason="Chờ kết quả giám định chứng từ")
    second = Paper.objects.filter(target_type="cases.case", target_id=str(case.pk)).exclude(pk=first.pk).get()
    assert second.number == first.number + 1
    second_text = _flat(second.pdf.read())
    assert "(lần 2)" in second_text and "Chờ kết quả giám định chứng từ" in second_text
    assert "case.extension" not in paper_keys_to_issue(case)
    with pytest.raises(ValidationFailed):
        paper_issue(target=case, key="case.extension", actor=cast.leader)
    with pytest.raises(TransitionNotAllowed):  # Đ.30: twice at most, then no third decision
        case_extend(case=case, actor=cast.leader, reason="Lần ba")
    assert Paper.objects.filter(target_type="cases.case", target_id=str(case.pk)).count() == 2
    # The person denounced's copy is addressed to them and never names the denouncer.
    client.force_login(cast.officer)
    to_denounced = client.get(f"/reports/documents/case/{case.pk}/extension.pdf", {"to": "denounced"})
    assert to_denounced.status_code == 200
    assert "Kính gửi: Trần Thị Bị" in _flat(to_denounced.content) and DENOUNCER not in _flat(to_denounced.content)
    to_denouncer = client.get(f"/reports/documents/case/{case.pk}/extension.pdf", {"to": "denouncer"})
    assert to_denouncer.status_code == 200 and DENOUNCER in _flat(to_denouncer.content)


def case_events(case):
    from casework.audit.selectors import audit_events_for

    return audit_events_for(target_type="cases.case", target_id=case.pk)
