"""Each kind of paper, read back from its PDF, carries the elements QĐ 933/QĐ-TLĐ requires, in order."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.cases.models import Kind, RefusalGround, SuspensionGround, TerminationGround
from casework.cases.services import (
    case_assign,
    case_complexity_decide,
    case_explanation_request,
    case_extend,
    case_refuse,
    case_resume,
    case_start_verification,
    case_suspend,
    case_terminate,
    case_transfer,
    case_withdraw,
    discipline_ballot_record,
    discipline_propose,
)
from casework.papers.defaults import TEMPLATES
from casework.papers.models import Paper
from casework.papers.services import paper_issue, template_current
from casework.reports.pdf import MOTTO_1, MOTTO_2
from core import clock
from tests.builders import (
    accepted,
    conclude,
    decided,
    expertise_requested,
    intake,
    open_ad_hoc,
    raise_flag,
    verification_assigned,
    walk_to_reporting,
    withdrawal_record,
)
from tests.papers.conftest import pdf_text

COMMITTEE = ("CÔNG ĐOÀN NGÀNH Y TẾ", "ỦY BAN KIỂM TRA", "TM. ỦY BAN KIỂM TRA", "CHỦ NHIỆM", "Lê Thị Chủ Nhiệm")
# A record is signed by whoever made it and by the denouncer (left foot), not on a body's behalf.
RECORD = ("CÔNG ĐOÀN NGÀNH Y TẾ", "ỦY BAN KIỂM TRA", "NGƯỜI RÚT TỐ CÁO", "NGƯỜI LẬP BIÊN BẢN", "Đinh Văn Xác Minh")
# A record signed by hand by all who took part: no Căn cứ, no system signer (the name is written by hand).
# Mẫu số 14 (Nghị định 155/2026/NĐ-CP): whoever resolves the complaint or was assigned to chair the dialogue.
MINUTES = (
    "CÔNG ĐOÀN NGÀNH Y TẾ",
    "ỦY BAN KIỂM TRA",
    "",
    "NGƯỜI GIẢI QUYẾT KHIẾU NẠI (HOẶC NGƯỜI ĐƯỢC PHÂN CÔNG CHỦ TRÌ ĐỐI THOẠI)",
    "……",
)
# Mẫu số 08 (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2): signed by hand by the person denounced and whoever chaired it.
SESSION = ("CÔNG ĐOÀN NGÀNH Y TẾ", "ỦY BAN KIỂM TRA", "", "NGƯỜI CHỦ TRÌ LÀM VIỆC", "……")
EXECUTIVE = ("LĐLĐ TỈNH", "CÔNG ĐOÀN NGÀNH Y TẾ", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Phạm Văn Chủ Tịch")
# A receipt (Mẫu số 02/TCD) is signed by the visitor (left foot) and by the officer who received the documents.
RECEIPT = ("LĐLĐ TỈNH", "CÔNG ĐOÀN NGÀNH Y TẾ", "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU", "NGƯỜI NHẬN", "Lê Thị Chủ Nhiệm")


def _visit(cast):
    """A visit of the sector's reception book, received by the chair."""
    from casework.reception.services import reception_entry_record, reception_session_schedule
    from tests.builders import at

    day = clock.today()
    session = reception_session_schedule(
        actor=cast.chair,
        unit=cast.sector,
        starts_at=at(day, 8),
        ends_at=at(day, 17),
        place="Phòng tiếp",
        receivers=[cast.chair],
    )
    return reception_entry_record(
        session=session,
        actor=cast.chair,
        full_name="Nguyễn Văn Gửi",
        content="Khiếu nại việc không được hưởng trợ cấp",
        classification="complaint",
        handling_route="answered",
    )


def _refused_visit(cast):
    """A visit refused on Đ.9 khoản 3 Luật Tiếp công dân: Mẫu số 01/TCD (Nghị định 154/2026/NĐ-CP)."""
    from casework.reception.services import reception_entry_refuse

    return reception_entry_refuse(entry=_visit(cast), actor=cast.chair, ground="law_9_3")


def _visit_with_documents(cast):
    """A visit whose visitor handed over documents, received by the chair: Mẫu số 02/TCD."""
    from casework.reception.services import reception_documents_receive

    entry = _visit(cast)
    reception_documents_receive(
        entry=entry, actor=cast.chair, documents=[{"name": "Quyết định số 12/QĐ", "form": "photocopy", "pages": 2}]
    )
    return entry


# What each form prints under its signature blocks and whether it has a "Số:" line, quoted from its appendix:
# key → (under the signer, under the other party of a record or a receipt, the number line). The union's own
# papers follow Nghị định 30/2020/NĐ-CP Phụ lục I: the signature, then the seal.
SEAL_AREA = "(Chữ ký, dấu)"
SIGNED_SEALED = "(Ký, ghi rõ họ tên, đóng dấu)"
FORMS = {
    # Nghị định 154/2026/NĐ-CP, Phụ lục: Mẫu số 01/TCD "THỦ TRƯỞNG, CƠ QUAN, TỔ CHỨC, ĐƠN VỊ (Ký, ghi rõ họ tên,
    # đóng dấu)"; Mẫu số 02/TCD, no "Số:", "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU (Ký, ghi rõ họ tên)", "NGƯỜI NHẬN
    # (Ký, ghi rõ họ tên, đóng dấu nếu có)".
    "reception.refusal": (SIGNED_SEALED, None, True),
    "reception.receipt": ("(Ký, ghi rõ họ tên, đóng dấu nếu có)", "(Ký, ghi rõ họ tên)", False),
    # Nghị định 155/2026/NĐ-CP, Phụ lục (Mẫu số of Nghị định 124/2020/NĐ-CP): 03 "(Ký, ghi rõ họ tên, đóng dấu)",
    # 04 "(Ký, đóng dấu)", 14 "NGƯỜI GIẢI QUYẾT KHIẾU NẠI ... (Ký, ghi rõ họ tên, đóng dấu (nếu có))",
    # 14a and 14b "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ (Ký, ghi rõ họ tên, đóng dấu)".
    "case.accept": (SIGNED_SEALED, None, True),
    "case.refuse": ("(Ký, đóng dấu)", None, True),
    "case.dialogue_record": ("(Ký, ghi rõ họ tên, đóng dấu (nếu có))", None, True),
    "case.termination": (SIGNED_SEALED, None, True),
    "case.suspension": (SIGNED_SEALED, None, True),
    "case.complaint_resumption": (SIGNED_SEALED, None, True),
    # Nghị định 31/2019/NĐ-CP Đ.4 khoản 2 (sửa đổi bởi Nghị định 156/2026/NĐ-CP): the record has "chữ ký hoặc
    # điểm chỉ của người tố cáo rút tố cáo".
    "case.withdrawal_record": ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên hoặc điểm chỉ)", True),
    "case.explanation_session": ("(Ký, ghi rõ họ tên)", None, True),
}


def form_of(key: str) -> tuple[str, str | None, bool]:
    return FORMS.get(key, (SEAL_AREA, None, True))


# Papers that cite no "Căn cứ" of their own (the form's text names its provision in its body).
NO_CITATIONS = frozenset({"reception.refusal", "reception.receipt"})


def _refused(cast):
    case = intake(cast.intake, cast.sector, kind=Kind.PETITION, title="Kiến nghị quá hạn")
    return case_refuse(
        subject_area="khac", case=case, actor=cast.intake, ground=RefusalGround.OTHER, note="Đã trả lời năm 2025"
    )


def _transferred(cast):
    case = intake(cast.intake, cast.sector, kind=Kind.DENUNCIATION, title="Tố cáo hình sự")
    return case_transfer(
        subject_area="khac", case=case, actor=cast.intake, reason="Có dấu hiệu tội phạm", outside_body="Công an huyện"
    )[0]


def _extended(cast):
    case = accepted(cast, kind=Kind.DENUNCIATION, title="Tố cáo chi sai quỹ")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều đơn vị", criteria=["places"]
    )
    return case_extend(case=case, actor=cast.leader, reason="Phải xác minh tại ba đơn vị")


def _terminated(cast):
    return case_terminate(case=accepted(cast), actor=cast.leader, ground=TerminationGround.COURT)


def _suspended(cast):
    case = case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer)
    case = expertise_requested(case, cast.chair)
    return case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)


def _expertise(cast):
    case = case_assign(case=accepted(cast, kind=Kind.DENUNCIATION), actor=cast.chair, assignee=cast.officer)
    return expertise_requested(case, cast.chair)


def _explanation_requested(cast):
    case = case_assign(case=accepted(cast, kind=Kind.DENUNCIATION), actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    return case_explanation_request(
        case=case,
        actor=cast.officer,
        on=clock.today(),
        due_on=clock.today() + dt.timedelta(days=7),
        means="written",
        content="Giải trình việc chi quỹ phúc lợi năm 2025.",
    )


def _verification_assigned(cast):
    case = case_assign(case=accepted(cast, kind=Kind.DENUNCIATION), actor=cast.chair, assignee=cast.officer)
    return verification_assigned(case, actor=cast.chair)


def _complaint_verification_assigned(cast):
    case = case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer)
    return verification_assigned(case, actor=cast.chair)


def _working_session(cast):
    from casework.cases.services import case_explanation_received

    case = case_start_verification(case=_verification_assigned(cast), actor=cast.officer)
    return case_explanation_received(
        case=case,
        actor=cast.officer,
        on=clock.today(),
        form="session",
        place="Phòng họp Công đoàn ngành",
        content="Trình bày các khoản chi quỹ phúc lợi năm 2025.",
    )


def _resumed(cast, kind=Kind.DENUNCIATION):
    case = case_assign(case=accepted(cast, kind=kind), actor=cast.chair, assignee=cast.officer)
    case = expertise_requested(case, cast.chair)
    case = case_suspend(case=case, actor=cast.chair, ground=SuspensionGround.AWAIT_EXPERTISE)
    return case_resume(case=case, actor=cast.chair, reason="Đã có kết luận giám định lại")


def _withdrawn_by_record(cast):
    """A denunciation withdrawn in part by a record the inspector made (Nghị định 31/2019/NĐ-CP Đ.4
    khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP; Mẫu số 03)."""
    cast.inspector.full_name = "Đinh Văn Xác Minh"
    cast.inspector.save(update_fields=["full_name"])
    case = case_assign(case=accepted(cast, kind=Kind.DENUNCIATION), actor=cast.chair, assignee=cast.officer)
    return case_withdraw(
        case=case,
        actor=cast.officer,
        reason="Người tố cáo đến rút một phần",
        scope="partial",
        withdrawn_content="Nội dung thứ hai",
        **withdrawal_record(cast.inspector, role="verifier"),
    )


def _second_round_decided(cast):
    """A complaint decided by the sector, made a second round for the layout only (its issuer is the sector's)."""
    from casework.cases.models import Case

    first = decided(cast)
    case = decided(cast)
    Case.objects.filter(pk=case.pk).update(round=2, previous=first)
    case.refresh_from_db()
    return case


def _dialogue(cast):
    from casework.cases.services import case_record_dialogue
    from tests.builders import dialogue

    case = case_start_verification(
        case=case_assign(case=accepted(cast), actor=cast.chair, assignee=cast.officer), actor=cast.officer
    )
    return case_record_dialogue(case=case, actor=cast.officer, **dialogue())


def _disciplined(cast):
    case = decided(cast, kind=Kind.DENUNCIATION)
    discipline_propose(
        case=case,
        actor=cast.officer,
        subject_kind="member",
        subject_name="Trần Thị Bị",
        violation_forms=["canh_cao"],
        reason="Kết luận tố cáo",
    )
    return discipline_ballot_record(
        case=case, actor=cast.leader, meeting_on=clock.today(), members_total=9, members_present=8,
        votes={"canh_cao": 6, "khien_trach": 2},
    )  # fmt: skip


def _inspection(cast, step):
    inspection = open_ad_hoc(cast, [raise_flag(cast)])
    if step == "notice":
        return walk_to_reporting(cast, inspection)
    if step == "conclusion":
        return conclude(cast, inspection)
    return inspection


# key → (how to reach the step, its body of issue, kind line, trích yếu, addressee, a body phrase)
PAPERS = {
    "case.accept": (accepted, COMMITTEE, "THÔNG BÁO", "Về việc thụ lý giải quyết khiếu nại",
                    "Kính gửi: Nguyễn Văn Gửi", "nhận thấy đơn khiếu nại đủ điều kiện thụ lý"),
    "case.refuse": (_refused, COMMITTEE, "THÔNG BÁO", "Về việc không thụ lý giải quyết đơn",
                    "Kính gửi: Nguyễn Văn Gửi", "lý do: Căn cứ khác theo"),
    "case.transfer": (_transferred, COMMITTEE, "PHIẾU CHUYỂN ĐƠN", "Về việc chuyển đơn tố cáo",
                      "Kính gửi: Công an huyện", "chuyển đơn đến Công an huyện"),
    "case.transfer_notice": (_transferred, COMMITTEE, "THÔNG BÁO", "Về việc chuyển đơn tố cáo đến cơ quan có thẩm quyền",
                             None, "đã chuyển đơn tố cáo đến Công an huyện"),
    "case.extension": (_extended, EXECUTIVE, "QUYẾT ĐỊNH", "Về việc gia hạn giải quyết tố cáo (lần 1)", None,
                       "Điều 1. Gia hạn giải quyết tố cáo lần 1"),
    "case.termination": (_terminated, EXECUTIVE, "QUYẾT ĐỊNH", "Về việc đình chỉ giải quyết khiếu nại",
                         "Kính gửi: Nguyễn Văn Gửi", "Căn cứ đình chỉ: Việc đã được Tòa án thụ lý để giải quyết"),
    "case.suspension": (_suspended, EXECUTIVE, "QUYẾT ĐỊNH", "Về việc tạm đình chỉ giải quyết khiếu nại",
                        "Kính gửi: Nguyễn Văn Gửi",
                        "Căn cứ tạm đình chỉ: Cần đợi kết quả giám định bổ sung, giám định lại"),
    "case.resumption": (_resumed, EXECUTIVE, "QUYẾT ĐỊNH", "Về việc tiếp tục giải quyết tố cáo", None,
                        "Điều 1. Tiếp tục giải quyết tố cáo kể từ ngày ký Quyết định này"),
    "case.complaint_resumption": (lambda cast: _resumed(cast, Kind.COMPLAINT), EXECUTIVE, "QUYẾT ĐỊNH",
                                  "Về việc tiếp tục giải quyết khiếu nại", "Kính gửi: Nguyễn Văn Gửi",
                                  "Điều 1. Tiếp tục giải quyết khiếu nại kể từ ngày ký Quyết định này"),
    "case.withdrawal_record": (_withdrawn_by_record, RECORD, "BIÊN BẢN", "Ghi nhận việc rút tố cáo", None,
                               "Nội dung tố cáo được rút: Nội dung thứ hai"),
    "case.expertise": (_expertise, EXECUTIVE, "VĂN BẢN TRƯNG CẦU GIÁM ĐỊNH",
                       "Về việc trưng cầu giám định trong giải quyết tố cáo (lần 1)", "Kính gửi: Viện Khoa học hình sự",
                       "1. Nội dung yêu cầu giám định: Giám định lại chữ ký trên các phiếu chi năm 2025."),
    "case.explanation_request": (_explanation_requested, COMMITTEE, "VĂN BẢN YÊU CẦU GIẢI TRÌNH",
                                 "Về việc giải trình nội dung bị tố cáo", "Kính gửi: Trần Thị Bị",
                                 "đề nghị Trần Thị Bị giải trình bằng văn bản"),
    "case.verification_assignment": (_verification_assigned, COMMITTEE, "VĂN BẢN",
                                     "Về việc giao xác minh nội dung tố cáo", None,
                                     "Điều 1. Giao xác minh nội dung tố cáo"),
    "case.complaint_verification_assignment": (_complaint_verification_assigned, COMMITTEE, "QUYẾT ĐỊNH",
                                               "Về việc giao nhiệm vụ xác minh nội dung khiếu nại", None,
                                               "Điều 1. Giao nhiệm vụ xác minh nội dung khiếu nại"),
    "case.explanation_session": (_working_session, SESSION, "BIÊN BẢN", "Làm việc với người bị tố cáo", None,
                                 "II. NỘI DUNG LÀM VIỆC Trình bày các khoản chi quỹ phúc lợi năm 2025."),
    "discipline.decision": (_disciplined, EXECUTIVE, "QUYẾT ĐỊNH", "Về việc thi hành kỷ luật đối với Trần Thị Bị",
                            None, "Điều 1. Thi hành kỷ luật bằng hình thức CẢNH CÁO đối với Trần Thị Bị"),
    "discipline.publication": (_disciplined, EXECUTIVE, "THÔNG BÁO",
                               "Công khai quyết định xử lý kỷ luật đối với Trần Thị Bị", None,
                               "thông báo công khai quyết định xử lý kỷ luật số 01/QĐ-BTV"),
    "case.decision": (decided, EXECUTIVE, "QUYẾT ĐỊNH", "Về việc giải quyết khiếu nại lần đầu của Nguyễn Văn Gửi",
                      None, "Kết quả giải quyết: Đúng một phần"),
    "case.conclusion": (lambda cast: decided(cast, kind=Kind.DENUNCIATION), EXECUTIVE, "KẾT LUẬN",
                        "Nội dung tố cáo đối với Trần Thị Bị", None, "nội dung tố cáo đúng một phần"),
    "case.dialogue_record": (_dialogue, MINUTES, "BIÊN BẢN", "Đối thoại với người khiếu nại", None,
                             "III. KẾT QUẢ ĐỐI THOẠI"),
    "case.publication": (lambda cast: decided(cast, kind=Kind.DENUNCIATION), EXECUTIVE, "THÔNG BÁO",
                         "Công khai kết luận nội dung tố cáo đối với Trần Thị Bị", None,
                         "thông báo công khai kết luận nội dung tố cáo (văn bản số 01/KL-BTV"),
    "case.decision_publication": (_second_round_decided, EXECUTIVE, "THÔNG BÁO",
                                  "Công khai quyết định giải quyết khiếu nại lần hai", None,
                                  "thông báo công khai quyết định giải quyết khiếu nại lần hai (văn bản số"),
    "case.result": (decided, COMMITTEE, "THÔNG BÁO", "Kết quả giải quyết đơn khiếu nại",
                    "Kính gửi: Nguyễn Văn Gửi", "thông báo kết quả giải quyết (văn bản số 01/QĐ-BTV"),
    "reception.refusal": (_refused_visit, EXECUTIVE, "THÔNG BÁO", "Về việc từ chối tiếp công dân", None,
                          "Căn cứ khoản 3 Điều 9 Luật Tiếp công dân"),
    "reception.receipt": (_visit_with_documents, RECEIPT, "GIẤY BIÊN NHẬN", "Thông tin, tài liệu", None,
                          "- Quyết định số 12/QĐ (bản phô tô, 2 trang)"),
    "inspection.decision": (lambda cast: _inspection(cast, "decision"), COMMITTEE, "QUYẾT ĐỊNH",
                            "Về việc kiểm tra CĐCS Bệnh viện", None, "Điều 1. Kiểm tra CĐCS Bệnh viện"),
    "inspection.notice": (lambda cast: _inspection(cast, "notice"), COMMITTEE, "THÔNG BÁO",
                          "Về việc kiểm tra CĐCS Bệnh viện", "Kính gửi: CĐCS Bệnh viện",
                          "Đề nghị chuẩn bị sổ sách, chứng từ năm 2025"),
    "inspection.conclusion": (lambda cast: _inspection(cast, "conclusion"), COMMITTEE, "THÔNG BÁO",
                              "Kết luận kiểm tra đối với CĐCS Bệnh viện", "Kính gửi: CĐCS Bệnh viện",
                              "Kết luận: Có vi phạm một phần"),
}  # fmt: skip


def in_order(text: str, parts: list[str]) -> list[str]:
    """The parts not found after the previous one (empty when all are there, in this order)."""
    flat = " ".join(text.split())
    missing, at = [], 0
    for part in parts:
        found = flat.find(part, at)
        if found < 0:
            missing.append(part)
        else:
            at = found + len(part)
    return missing


def test_every_kind_of_paper_is_read_back_here():
    assert sorted(PAPERS) == sorted(TEMPLATES)


@pytest.mark.parametrize("key", list(PAPERS))
def test_each_paper_reads_back_with_every_element_in_order(key, leader_named, frozen_clock):
    cast = leader_named
    reach, body, kind_line, summary, addressee, phrase = PAPERS[key]
    target = reach(cast)
    paper = Paper.objects.filter(template_version__template__key=key).first() or paper_issue(
        target=target, key=key, actor=cast.chair
    )
    text = pdf_text(paper.pdf.read())
    parent, issuer, authority, title, name = body
    caption, countercaption, number_line = form_of(key)
    expected = [
        parent,
        issuer,
        *([f"Số: {paper.symbol}"] if number_line else []),
        MOTTO_1,
        MOTTO_2,
        "Thái Bình, ngày 02 tháng 03 năm 2026",
        kind_line,
        summary,
        *([] if body in (MINUTES, SESSION) or key in NO_CITATIONS else ["Căn cứ Điều lệ Công đoàn Việt Nam;"]),
        *([addressee] if addressee else []),
        phrase,
        *(
            [authority, countercaption, title, caption, name]
            if body in (RECORD, RECEIPT)
            else ["Nơi nhận:", authority, title, caption, name]
        ),
    ]
    assert in_order(text, expected) == [], text
    assert number_line or "Số:" not in text
    assert paper.template_version.template.key == key
    assert paper.template_version == template_current(key=key)
    # The case officer never signs an official paper (a record is signed by whoever made it).
    assert "officer" not in " ".join(text.split()).split(caption)[-1]


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_each_shipped_template_prints_the_number_line_and_captions_of_its_form(key):
    caption, countercaption, number_line = form_of(key)
    shipped = TEMPLATES[key]
    assert (shipped["signer_caption"], shipped.get("countersign_caption") or None) == (caption, countercaption)
    assert shipped.get("number_line", True) is number_line


def test_a_denunciation_conclusion_goes_to_the_parties_the_law_names_without_naming_the_denouncer(
    leader_named, frozen_clock
):
    case = decided(leader_named, kind=Kind.DENUNCIATION, subject_unit=leader_named.hospital)
    text = " ".join(pdf_text(Paper.objects.get(target_id=str(case.pk)).pdf.read()).split())
    recipients = text.split("Nơi nhận:")[1]
    # Luật Tố cáo 2018 Đ.35 khoản 3.
    assert (
        in_order(
            recipients,
            [
                "Người bị tố cáo: Trần Thị Bị",
                "CĐCS Bệnh viện (cơ quan, tổ chức quản lý người bị tố cáo)",
                "Người tố cáo (thông báo kết luận",
            ],
        )
        == []
    )
    assert "Nguyễn Văn Gửi" not in text
    assert "người tố cáo có quyền tố cáo tiếp đến LĐLĐ tỉnh (Điều 37 Luật Tố cáo 2018)" in text
