"""Demo cases: every kind in every state, built through the services with the clock set back,
so deadlines, overdue marks and the audit trail look like real work. Idempotent: each demo
case is found again by its title and skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from casework.cases import services as svc
from casework.cases.actions import case_actions
from casework.cases.models import (
    Case,
    Channel,
    Delegation,
    DialogueAttendance,
    DialogueNoticeRecipient,
    Kind,
    Outcome,
    RefusalGround,
    TerminationGround,
)
from casework.cases.services.verification import verification_ends_by
from casework.org.models import Unit, User
from core import clock
from core.timeline import Chapter, Story, timeline_tell

SECTOR = "CDN-YT-TB"
SUBJECTS = ["CDCS-BVDK", "CDCS-BVNHI", "CDCS-TTYT-TT", "CDCS-TTYT-QP", "CDCS-BVPS", "CDCS-CDC"]
PEOPLE = [
    ("Nguyễn Văn An", "0912000101", "Thôn Đông, xã Vũ Hội, Vũ Thư"),
    ("Trần Thị Bình", "0912000102", "Phường Kỳ Bá, TP Thái Bình"),
    ("Lê Văn Cường", "0912000103", "Xã Thụy Hải, Thái Thụy"),
    ("Phạm Thị Dung", "0912000104", "Thị trấn Quỳnh Côi, Quỳnh Phụ"),
    ("Hoàng Văn Em", "0912000105", "Xã Tây Giang, Tiền Hải"),
]
# One realistic title per demo case: kind → the state the case is brought to → title. Titles are
# what the loader finds a case again by, so each is unique.
TITLES = {
    Kind.COMPLAINT: {
        "received": "Khiếu nại việc không được xét trợ cấp khó khăn năm 2026",
        "accepted": "Khiếu nại quyết định thôi giữ chức ủy viên BCH công đoàn cơ sở",
        "assigned": "Khiếu nại việc trừ đoàn phí sai quy định trong 6 tháng đầu năm",
        "verifying": "Khiếu nại việc không được bình xét đoàn viên xuất sắc",
        "dialogue": "Khiếu nại quyết định cắt tiền thưởng lễ 30/4 của công đoàn cơ sở",
        "proposed": "Khiếu nại việc không được hỗ trợ khi sinh con thứ hai",
        "approved": "Khiếu nại việc chia quỹ phúc lợi không công bằng giữa các khoa",
        "decided": "Khiếu nại kết quả bầu tổ trưởng công đoàn khoa Nội",
        "notified": "Khiếu nại việc không được thăm hỏi khi ốm dài ngày",
        "closed": "Khiếu nại việc không được xét trợ cấp khó khăn đột xuất",
        "refused": "Khiếu nại quyết định kỷ luật khiển trách đoàn viên đã được giải quyết",
        "transferred": "Khiếu nại việc chấm dứt hợp đồng lao động của bệnh viện",
        "transferred_outside": "Khiếu nại tranh chấp tiền lương làm thêm giờ với bệnh viện",
        "guided": "Khiếu nại việc chậm chi trả chế độ bảo hiểm xã hội",
        "withdrawn": "Khiếu nại việc không được cử đi tham quan nghỉ dưỡng",
        "terminated": "Khiếu nại việc xếp loại đoàn viên cuối năm",
        "merged": "Khiếu nại việc không được xét trợ cấp khó khăn năm 2026 (đơn gửi lần hai)",
        "suspended": "Khiếu nại quyết định thôi giữ chức chủ tịch công đoàn bộ phận",
        "suspension_sent": "Khiếu nại quyết định điều chuyển cán bộ công đoàn chuyên trách",
        "resumed": "Khiếu nại việc thu hồi khoản hỗ trợ đoàn viên khó khăn",
        "terminated_no_heir": "Khiếu nại việc không được hỗ trợ chi phí điều trị bệnh hiểm nghèo",
    },
    Kind.DENUNCIATION: {
        "received": "Tố cáo thủ quỹ CĐCS giữ tiền đoàn phí không nộp vào tài khoản",
        "accepted": "Tố cáo chủ tịch CĐCS chi quỹ sai mục đích",
        "assigned": "Tố cáo kế toán công đoàn lập chứng từ khống",
        "verifying": "Tố cáo vi phạm quy trình bầu cử đại hội CĐCS",
        "proposed": "Tố cáo ban chấp hành chi tiền tham quan vượt định mức",
        "approved": "Tố cáo phó chủ tịch CĐCS nhận quà tặng của nhà cung cấp",
        "concluded": "Tố cáo việc mua sắm tài sản công đoàn không qua báo giá",
        "handled": "Tố cáo chủ tịch CĐCS sử dụng quỹ phúc lợi cho việc riêng",
        "notified": "Tố cáo việc lập danh sách hỗ trợ đoàn viên không đúng đối tượng",
        "closed": "Tố cáo việc thanh lý tài sản công đoàn không đúng quy định",
        "refused": "Tố cáo ủy viên BCH chi tiếp khách sai quy định (đã giải quyết năm 2025)",
        "transferred": "Tố cáo trưởng khoa ép nhân viên đóng góp ngoài quy định",
        "withdrawn": "Tố cáo tổ trưởng công đoàn thu tiền đóng góp không công khai",
        "terminated": "Tố cáo thủ quỹ công đoàn cho vay quỹ tương trợ không đúng đối tượng",
        "merged": "Tố cáo thủ quỹ CĐCS giữ tiền đoàn phí không nộp vào tài khoản (đơn gửi lần hai)",
        "suspended": "Tố cáo kế toán công đoàn sửa chữa sổ quỹ tiền mặt",
        "extended": "Tố cáo ban thường vụ CĐCS phân bổ kinh phí không đúng nghị quyết",
        "not_processed": "Đơn không ký tên tố cáo thủ quỹ CĐCS thu đoàn phí không vào sổ",
    },
    Kind.PETITION: {
        "received": "Phản ánh chậm chi tiền ốm đau cho đoàn viên",
        "accepted": "Kiến nghị tổ chức khám sức khỏe định kỳ cho người lao động",
        "assigned": "Kiến nghị hỗ trợ đoàn viên bị tai nạn lao động",
        "answered": "Kiến nghị tăng mức chi thăm hỏi đoàn viên ốm đau",
        "closed": "Phản ánh việc chưa công khai quyết toán quỹ công đoàn năm 2025",
        "refused": "Kiến nghị về chế độ phụ cấp độc hại (ngoài thẩm quyền công đoàn)",
        "transferred": "Phản ánh bếp ăn tập thể không bảo đảm vệ sinh",
        "guided": "Kiến nghị về thủ tục hưởng chế độ thai sản",
        "withdrawn": "Kiến nghị tổ chức hội thao chào mừng ngày thành lập ngành",
    },
}

# The person each demo denunciation denounces, fitting its title; none a demo user's name. The duplicate names the
# person of the letter it repeats, the disciplined samples theirs (DISCIPLINED).
DENOUNCED = {
    TITLES[Kind.DENUNCIATION]["received"]: "Bà Nguyễn Thị Thoa (thủ quỹ CĐCS)",
    TITLES[Kind.DENUNCIATION]["accepted"]: "Ông Trần Văn Hùng (chủ tịch CĐCS)",
    TITLES[Kind.DENUNCIATION]["assigned"]: "Bà Phạm Thị Lụa (kế toán công đoàn)",
    TITLES[Kind.DENUNCIATION]["verifying"]: "Ông Lê Quang Vinh (trưởng ban bầu cử đại hội CĐCS)",
    TITLES[Kind.DENUNCIATION]["proposed"]: "Ông Hoàng Minh Tuấn (chủ tịch CĐCS)",
    TITLES[Kind.DENUNCIATION]["approved"]: "Bà Đặng Thị Hồng (phó chủ tịch CĐCS)",
    TITLES[Kind.DENUNCIATION]["concluded"]: "Ông Nguyễn Đình Khải (ủy viên BCH CĐCS phụ trách tài sản)",
    TITLES[Kind.DENUNCIATION]["handled"]: "Ông Bùi Văn Lực (chủ tịch CĐCS)",
    TITLES[Kind.DENUNCIATION]["notified"]: "Bà Trịnh Thị Nga (phó chủ tịch CĐCS)",
    TITLES[Kind.DENUNCIATION]["closed"]: "Ông Phan Văn Đức (ủy viên BCH CĐCS)",
    TITLES[Kind.DENUNCIATION]["refused"]: "Ông Cao Xuân Trường (ủy viên BCH CĐCS)",
    TITLES[Kind.DENUNCIATION]["transferred"]: "Ông Đinh Công Thành (trưởng khoa Ngoại)",
    TITLES[Kind.DENUNCIATION]["withdrawn"]: "Bà Lưu Thị Huyền (tổ trưởng công đoàn khoa Dược)",
    TITLES[Kind.DENUNCIATION]["terminated"]: "Bà Tạ Thị Mến (thủ quỹ công đoàn)",
    TITLES[Kind.DENUNCIATION]["suspended"]: "Bà Vương Thị Ngọc (kế toán công đoàn)",
    TITLES[Kind.DENUNCIATION]["extended"]: "Ông Lại Văn Khoa (phó chủ tịch thường trực CĐCS)",
}
# A complaint is about a decision of the grassroots union's executive committee; a petition names nobody.
COMPLAINED_AGAINST = "Ban Chấp hành công đoàn cơ sở"

# The officer's draft of each part of the decision or conclusion (casework.cases.decision_parts), proposed
# with the verification's result so that the decision form starts from them (Luật Tố cáo 2018 Đ.35 khoản 2;
# Luật Khiếu nại 2011 Đ.31 khoản 2). The samples next at the decision step have their own; the others
# their kind's.
PROPOSAL_DRAFTS = {
    TITLES[Kind.COMPLAINT]["proposed"]: {
        "verification_result": (
            "Bà Nguyễn Thị Mai, hộ lý Khoa Sản, sinh con thứ hai ngày 12/01/2026 và nộp hồ sơ đề nghị hỗ trợ ngày "
            "20/01/2026. Ban Chấp hành công đoàn cơ sở không xét với lý do quy chế chỉ hỗ trợ khi sinh con thứ "
            "nhất. Quy chế chi tiêu nội bộ năm 2026 (Điều 8) quy định hỗ trợ 500.000 đồng cho đoàn viên nữ sinh "
            "con, không phân biệt con thứ mấy; bảng kê chi hỗ trợ quý I/2026 có 3 trường hợp sinh con thứ hai "
            "được chi."
        ),
        "legal_basis": (
            "Điều lệ Công đoàn Việt Nam; Quyết định 05/QĐ-TLĐ ngày 30/12/2024 của Tổng Liên đoàn Lao động Việt "
            "Nam; Quy chế chi tiêu nội bộ năm 2026 của công đoàn cơ sở, Điều 8."
        ),
        "decision_text": (
            "Khiếu nại của bà Nguyễn Thị Mai là đúng một phần: bà thuộc đối tượng được hỗ trợ khi sinh con theo "
            "quy chế; yêu cầu hỗ trợ thêm tiền thăm hỏi khi nằm viện không có căn cứ vì quy chế không quy định."
        ),
        "resolution_measures": (
            "Hủy nội dung không xét hỗ trợ đối với bà Nguyễn Thị Mai tại biên bản họp Ban Chấp hành ngày "
            "25/01/2026; công đoàn cơ sở chi hỗ trợ 500.000 đồng cho bà Mai trong 15 ngày kể từ ngày nhận quyết "
            "định."
        ),
        "compensation": "Không có thiệt hại phải bồi thường.",
    },
    TITLES[Kind.COMPLAINT]["approved"]: {
        "verification_result": (
            "Quỹ phúc lợi năm 2025 chia theo số đoàn viên từng khoa, nhưng Khoa Hồi sức tích cực được tính 18 người "
            "trong khi danh sách đoàn viên có 24 người; 6 đoàn viên chuyển đến từ tháng 7/2025 chưa được cập nhật."
        ),
        "legal_basis": (
            "Điều lệ Công đoàn Việt Nam; Quy chế quản lý, sử dụng quỹ phúc lợi của công đoàn cơ sở ban hành ngày "
            "05/01/2025, Điều 5 (chia theo số đoàn viên có tên trong danh sách tại ngày 31/12)."
        ),
        "decision_text": (
            "Khiếu nại đúng một phần: việc chia quỹ không tính 6 đoàn viên của Khoa Hồi sức tích cực là không đúng "
            "quy chế; mức chi chung cho mỗi đoàn viên đúng nghị quyết Ban Chấp hành."
        ),
        "resolution_measures": (
            "Sửa đổi bảng phân chia quỹ phúc lợi năm 2025: bổ sung 6 đoàn viên Khoa Hồi sức tích cực, chi bổ sung "
            "1.800.000 đồng trong tháng này."
        ),
        "compensation": "Không có thiệt hại phải bồi thường.",
    },
    TITLES[Kind.DENUNCIATION]["proposed"]: {
        "verification_result": (
            "Chuyến tham quan tháng 10/2025 chi 186.000.000 đồng cho 62 người (3.000.000 đồng/người) trong khi nghị "
            "quyết Ban Chấp hành ngày 15/8/2025 duyệt 2.000.000 đồng/người; phần vượt 62.000.000 đồng do Chủ tịch "
            "công đoàn cơ sở ký duyệt, không qua Ban Thường vụ. Người bị tố cáo đã giải trình tại buổi làm việc."
        ),
        "legal_basis": (
            "Điều lệ Công đoàn Việt Nam; Quyết định 05/QĐ-TLĐ ngày 30/12/2024 về thu, chi, quản lý tài chính công "
            "đoàn; Nghị quyết Ban Chấp hành công đoàn cơ sở ngày 15/8/2025; Quy chế chi tiêu nội bộ năm 2025."
        ),
        "decision_text": (
            "Nội dung tố cáo đúng một phần: chi vượt định mức 62.000.000 đồng là có thật, trách nhiệm chính thuộc "
            "Chủ tịch công đoàn cơ sở, kế toán chịu trách nhiệm liên đới; không có căn cứ xác định việc nhận "
            "tiền hoa hồng của đơn vị lữ hành."
        ),
        "resolution_measures": (
            "Yêu cầu Chủ tịch công đoàn cơ sở nộp lại 62.000.000 đồng vào quỹ trong 30 ngày; đề nghị Ban Thường vụ "
            "Công đoàn ngành xem xét kỷ luật Chủ tịch công đoàn cơ sở; kế toán kiểm điểm rút kinh nghiệm."
        ),
        "policy_recommendations": (
            "Đề nghị công đoàn cơ sở bổ sung quy chế chi tiêu nội bộ: mọi khoản chi tham quan vượt dự toán phải "
            "được Ban Thường vụ thông qua bằng văn bản."
        ),
    },
    TITLES[Kind.DENUNCIATION]["approved"]: {
        "verification_result": (
            "Phó Chủ tịch công đoàn cơ sở nhận 2 phiếu mua hàng trị giá 5.000.000 đồng của nhà cung cấp vật tư y "
            "tế dịp Tết 2026 và đã nộp lại cho công đoàn ngày 20/02/2026, sau khi có đơn tố cáo; không tham gia "
            "lựa chọn nhà cung cấp."
        ),
        "legal_basis": (
            "Điều lệ Công đoàn Việt Nam; Quy định về những điều đảng viên, cán bộ công đoàn không được làm; Quy chế "
            "văn hóa công sở của đơn vị."
        ),
        "decision_text": (
            "Nội dung tố cáo đúng một phần: việc nhận quà là có thật, giá trị nhỏ, đã tự nguyện nộp lại; không có "
            "căn cứ xác định việc nhận quà để tác động đến việc mua sắm."
        ),
        "resolution_measures": (
            "Yêu cầu Phó Chủ tịch công đoàn cơ sở kiểm điểm trước Ban Chấp hành; công đoàn cơ sở nộp 2 phiếu mua "
            "hàng vào quỹ xã hội."
        ),
        "policy_recommendations": (
            "Đề nghị đơn vị ban hành quy định tiếp nhận, xử lý quà tặng của nhà cung cấp đối với cán bộ công đoàn."
        ),
    },
}
KIND_DRAFTS = {
    Kind.COMPLAINT: {
        "verification_result": (
            "Đã làm việc với người khiếu nại, Ban Chấp hành công đoàn cơ sở và kế toán; đối chiếu biên bản họp, "
            "danh sách xét duyệt và chứng từ chi: quyết định bị khiếu nại không áp dụng đúng quy chế đối với "
            "người khiếu nại."
        ),
        "legal_basis": "Điều lệ Công đoàn Việt Nam; Luật Khiếu nại 2011; quy chế chi tiêu nội bộ của công đoàn cơ sở.",
        "decision_text": "Khiếu nại đúng một phần.",
        "resolution_measures": (
            "Sửa đổi quyết định bị khiếu nại đối với người khiếu nại; giữ nguyên các nội dung khác."
        ),
        "compensation": "Không có thiệt hại phải bồi thường.",
    },
    Kind.DENUNCIATION: {
        "verification_result": (
            "Đã xác minh chứng từ chi quỹ năm 2025, làm việc với kế toán và người bị tố cáo: có khoản chi không "
            "đúng quy chế chi tiêu nội bộ."
        ),
        "legal_basis": (
            "Điều lệ Công đoàn Việt Nam; Quyết định 05/QĐ-TLĐ ngày 30/12/2024 về thu, chi, quản lý tài chính công đoàn."
        ),
        "decision_text": "Nội dung tố cáo đúng một phần; trách nhiệm thuộc người bị tố cáo.",
        "resolution_measures": "Yêu cầu thu hồi khoản chi sai; đề nghị xem xét hình thức kỷ luật.",
        "policy_recommendations": "Đề nghị bổ sung quy chế chi tiêu nội bộ về các khoản chi đã phát hiện.",
    },
}


def proposal_drafts(case: Case) -> dict[str, str]:
    """The drafts the demo's officer proposes with the verification's result of `case`."""
    return PROPOSAL_DRAFTS.get(case.title) or KIND_DRAFTS.get(case.kind, {})


# Each kind's main path: (target status, step to reach it from the previous one).
COMPLAINT_PATH = [
    "received",
    "accepted",
    "assigned",
    "verifying",
    "dialogue",
    "proposed",
    "approved",
    "decided",
    "notified",
    "closed",
]
DENUNCIATION_PATH = [
    "received",
    "accepted",
    "assigned",
    "verifying",
    "proposed",
    "approved",
    "concluded",
    "handled",
    "notified",
    "closed",
]
# The refused sample of each kind, on a ground the law gives that kind (REFUSAL_GROUND_KINDS).
DEMO_REFUSAL_GROUNDS = {
    Kind.COMPLAINT: RefusalGround.SECOND_DECIDED,
    Kind.DENUNCIATION: RefusalGround.ALREADY_RESOLVED,
    Kind.PETITION: RefusalGround.OTHER,
}
DEMO_REFUSAL_NOTES = {
    Kind.COMPLAINT: "Đã có quyết định giải quyết khiếu nại lần hai năm 2025.",
    Kind.DENUNCIATION: (
        "Người tố cáo không đồng ý với quyết định giải quyết khiếu nại năm 2025 (đã giải quyết đúng pháp luật) nên tố "
        "cáo người giải quyết, không cung cấp thông tin, tài liệu, chứng cứ nào về hành vi vi phạm."
    ),
    Kind.PETITION: "Đã có văn bản trả lời nội dung này năm 2025.",
}
PETITION_PATH = ["received", "accepted", "assigned", "answered", "closed"]
SIDE_STATES = {
    Kind.COMPLAINT: [
        "refused",
        "transferred",
        "transferred_outside",
        "guided",
        "withdrawn",
        "terminated",
        "merged",
        "suspended",
        # A complaint's decisions on its course and their sending (Nghị định 124/2020/NĐ-CP Đ.28b): the
        # suspension sent, a resumption (Mẫu số 14b) sent, a termination sent to the commune's People's
        # Committee because the complainant died with no heir.
        "suspension_sent",
        "resumed",
        "terminated_no_heir",
    ],
    Kind.DENUNCIATION: [
        "refused",
        "transferred",
        "withdrawn",
        "terminated",
        "merged",
        "suspended",
        "extended",
        "not_processed",
    ],
    Kind.PETITION: ["refused", "transferred", "guided", "withdrawn"],
}


class _Cast:
    def __init__(self) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["tiepnhan", "giaiquyet", "giaiquyet2", "chunhiem", "btv", "quantri"]
            )
        }
        self.intake = users["tiepnhan"]
        self.officers = [users["giaiquyet"], users["giaiquyet2"]]
        self.chair = users["chunhiem"]
        self.leader = users["btv"]
        self.admin = users["quantri"]
        self.sector = Unit.objects.get(code=SECTOR)
        self.subjects = list(Unit.objects.filter(code__in=SUBJECTS).order_by("code"))


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _after(**delta: float) -> dt.datetime:
    """The moment `delta` after the clock's: what a story yields to take its next step then."""
    return clock.now() + dt.timedelta(**delta)


# Lĩnh vực chosen at triage in the demo: by the letter's topic where it says, else in turn.
AREA_BY_WORD = (
    ("đại hội", "bau_cu_dai_hoi"),
    ("bầu", "bau_cu_dai_hoi"),
    ("quỹ", "tai_chinh_cong_doan"),
    ("đoàn phí", "tai_chinh_cong_doan"),
    ("kinh phí", "tai_chinh_cong_doan"),
    ("chế độ", "che_do_chinh_sach"),
    ("lương", "che_do_chinh_sach"),
    ("bổ nhiệm", "to_chuc_can_bo"),
    ("cán bộ", "to_chuc_can_bo"),
    ("hợp đồng", "quan_he_lao_dong"),
    ("thái độ", "dao_duc_loi_song"),
)


def demo_area(case: Case) -> str:
    title = case.title.lower()
    return next((code for word, code in AREA_BY_WORD if word in title), "khac")


def _withdrawal_letter(kind: str, *, recorder: User | None = None) -> dict:
    """A denunciation's withdrawal as Nghị định 31/2019/NĐ-CP Đ.4 (sửa đổi bởi Nghị định 156/2026/NĐ-CP)
    asks it: the denouncer's signed letter (Mẫu số 02), or the record `recorder` made (Mẫu số 03); a
    complaint's by the complainant's signed letter (Luật Khiếu nại 2011 Đ.10); a petition's as typed."""
    if kind == Kind.PETITION:
        return {}
    made = {"made_on": clock.today(), "signature": "signed"}
    if kind == Kind.COMPLAINT:
        return made
    if recorder is None:
        return {"means": "letter", **made}
    return {"means": "record", "recorder": recorder, "recorder_role": "resolver", **made}


def _published(case: Case, officer: User, *, days: int | None = 15) -> Case:
    """A denunciation's conclusion published before its file is closed (Luật Tố cáo 2018 Đ.40): posted at the
    unit's office from today for 15 days, or (`days` None) with its last day not known yet, to record later
    (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm b)."""
    if "conclusion_publish" not in case_actions(user=officer, case=case):
        return case
    return svc.case_conclusion_publish(
        case=case,
        actor=officer,
        forms=["posting"],
        published_on=clock.today(),
        posting_place="Trụ sở Công đoàn ngành Y tế Thái Bình",
        posting_from=clock.today(),
        posting_days=days,
    )


def _verification_ends_on(case: Case, days: int) -> dt.date:
    """`days` from today, no later than the case's running resolution limit (the verification ends within it:
    Luật Khiếu nại 2011 Đ.28, Đ.29; Luật Tố cáo 2018 Đ.30, Đ.31), never before today."""
    today = clock.today()
    ends_by = verification_ends_by(case)
    ends_on = min(today + dt.timedelta(days=days), ends_by) if ends_by else today + dt.timedelta(days=days)
    return max(ends_on, today)


def _complaint_verification_assigned(case: Case, chair: User, officer: User) -> Case:
    """A complaint's verification given by the chair's decision to its officer, within the resolution limit,
    before the verification's report is proposed (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, khoản 3, 4; Đ.38)."""
    if case.verification_assignments.exists():
        return case
    today = clock.today()
    return svc.case_verification_assign(
        case=case,
        actor=chair,
        on=today,
        members=[officer],
        content="Việc xét, chi theo quyết định bị khiếu nại và các chứng từ liên quan (dữ liệu mẫu).",
        starts_on=today,
        ends_on=_verification_ends_on(case, 10),
    )


def _verification_assigned(case: Case, chair: User, officer: User) -> Case:
    """The verification given in writing by the chair to the case's officer as it starts, within the resolution
    limit: a complaint's (_complaint_verification_assigned); a denunciation's, its person denounced asked at once
    to explain within seven days (Luật Tố cáo 2018 Đ.31 khoản 1, 2, 4; Nghị định 31/2019/NĐ-CP Đ.10, Đ.12)."""
    if case.kind == Kind.COMPLAINT:
        return _complaint_verification_assigned(case, chair, officer)
    if case.kind != Kind.DENUNCIATION or case.verification_assignments.exists():
        return case
    today = clock.today()
    case = svc.case_verification_assign(
        case=case,
        actor=chair,
        on=today,
        members=[officer],
        content="Việc chi quỹ phúc lợi và chứng từ liên quan (dữ liệu mẫu).",
        starts_on=today,
        ends_on=_verification_ends_on(case, 20),
    )
    return svc.case_explanation_request(
        case=case,
        actor=officer,
        on=today,
        due_on=today + dt.timedelta(days=7),
        means="invitation",
        content="Giải trình về việc chi quỹ phúc lợi và cung cấp chứng từ liên quan.",
    )


def _explained(case: Case, chair: User, officer: User) -> Case:
    """Before a denunciation's verification result is proposed, its person denounced explains in a working
    session, as asked when the verification began (_verification_assigned; Luật Tố cáo 2018 Đ.31 khoản 4)."""
    case = _verification_assigned(case, chair, officer)
    if case.kind != Kind.DENUNCIATION:
        return case
    return svc.case_explanation_received(
        case=case,
        actor=officer,
        on=clock.today(),
        form="session",
        place="Phòng họp Công đoàn ngành Y tế Thái Bình",
        content="Người bị tố cáo trình bày các khoản chi đã được ban chấp hành thông qua (dữ liệu mẫu).",
    )


def _step(kind: str, status: str, case: Case, c: _Cast, officer: User) -> Case:
    """Move `case` one step forward to `status`."""
    # Numbered in the outgoing register when issued; each part the law requires entered apart
    # (Luật Tố cáo 2018 Đ.35 khoản 2; Luật Khiếu nại 2011 Đ.31 khoản 2, Đ.40 khoản 2).
    decision = dict(
        outcome=Outcome.PARTLY,
        verification_result="Đã xác minh chứng từ chi quỹ phúc lợi năm 2025 và làm việc với kế toán đơn vị (dữ liệu mẫu).",
        legal_basis="Điều lệ Công đoàn Việt Nam; Quy định về thu, chi, quản lý tài chính công đoàn (dữ liệu mẫu).",
    )
    if kind == Kind.DENUNCIATION:
        decision.update(
            decision_text="Nội dung tố cáo đúng một phần; trách nhiệm thuộc chủ tịch công đoàn cơ sở (dữ liệu mẫu).",
            resolution_measures="Yêu cầu thu hồi khoản chi sai; đề nghị xem xét hình thức kỷ luật (dữ liệu mẫu).",
            policy_recommendations="Đề nghị bổ sung quy chế chi tiêu nội bộ về chi quỹ phúc lợi (dữ liệu mẫu).",
        )
    else:
        decision.update(
            decision_text="Nội dung khiếu nại đúng một phần (dữ liệu mẫu).",
            resolution_measures="Sửa đổi danh sách xét thưởng, bổ sung người khiếu nại (dữ liệu mẫu).",
        )
    steps: dict[str, Callable[[], Case]] = {
        "accepted": lambda: svc.case_accept(
            case=case, actor=c.intake, legal_ground="Căn cứ Luật và QĐ 05/QĐ-TLĐ", subject_area=demo_area(case)
        ),
        "assigned": lambda: svc.case_assign(case=case, actor=c.chair, assignee=officer),
        "verifying": lambda: _verification_assigned(
            svc.case_start_verification(case=case, actor=officer, plan="Kế hoạch xác minh"), c.chair, officer
        ),
        "dialogue": lambda: svc.case_record_dialogue(
            case=case,
            actor=officer,
            record="Nêu mục đích đối thoại; tóm tắt kết quả xác minh nội dung khiếu nại và những nội dung đối thoại.",
            dialogue_on=clock.today(),
            dialogue_notice_on=clock.today() - dt.timedelta(days=5),
            notice_to=[
                DialogueNoticeRecipient.COMPLAINANT,
                DialogueNoticeRecipient.COMPLAINED_AGAINST,
                DialogueNoticeRecipient.RELATED_BODIES,
            ],
            notice_related=case.subject_unit.name if case.subject_unit_id else "Đơn vị có liên quan",
            place="Phòng họp Công đoàn ngành Y tế Thái Bình",
            chair=f"{officer.full_name or officer.username}, cán bộ giải quyết được phân công",
            participants="Có mặt: người khiếu nại, người bị khiếu nại, cán bộ giải quyết. Vắng mặt: không.",
            complainant_absent=DialogueAttendance.PRESENT,
            opinions="Người khiếu nại giữ nguyên yêu cầu; người bị khiếu nại trình bày căn cứ của quyết định.",
            agreed="Đơn vị rà soát lại danh sách và trả lời người khiếu nại bằng văn bản.",
            disputed="Mức thưởng áp dụng cho đoàn viên nghỉ ốm trong kỳ xét.",
        ),
        "proposed": lambda: svc.case_propose(
            case=_explained(case, c.chair, officer),
            actor=officer,
            proposal="Báo cáo kết quả xác minh và đề xuất: nội dung đơn đúng một phần (dự thảo các phần kèm theo).",
            outcome=Outcome.PARTLY,
            **proposal_drafts(case),
        ),
        "approved": lambda: svc.case_approve(case=case, actor=c.chair, note="Đồng ý"),
        "decided": lambda: svc.case_decide(case=case, actor=officer, **decision),
        "concluded": lambda: svc.case_conclude(case=case, actor=officer, **decision),
        "handled": lambda: svc.case_handle_conclusion(
            case=case,
            actor=c.chair,
            note="Đề nghị xem xét kỷ luật, chuyển UBKT kiểm tra tài chính.",
            discipline="khien_trach",
            flag_evidence="Kết luận tố cáo xác định chi sai quỹ phúc lợi 12 triệu đồng.",
        ),
        "answered": lambda: svc.case_answer(case=case, actor=officer, answer="Trả lời kiến nghị (mẫu)."),
        # A denunciation's conclusion posted with no end known yet: its last day is recorded later.
        "notified": lambda: svc.case_notify_result(case=_published(case, officer, days=None), actor=officer),
        "closed": lambda: svc.case_close(case=_published(case, officer), actor=officer),
    }
    return steps[status]()


def _intake(
    kind: str, title: str, c: _Cast, i: int, received_on: dt.date, *, sender: int | None = None, **extra
) -> Case:
    """Demo letter number `i`; a second letter of the sender of letter number `sender` about the same union."""
    sender = i if sender is None else sender
    name, phone, address = PEOPLE[sender % len(PEOPLE)]
    return svc.case_intake(
        actor=c.intake,
        kind=kind,
        channel=[Channel.LETTER, Channel.IN_PERSON, Channel.EMAIL, Channel.PHONE, Channel.ONLINE][i % 5],
        received_on=received_on,
        unit=c.sector,
        title=title,
        content=f"{title}. Người gửi trình bày sự việc, thời gian, địa điểm và đề nghị công đoàn xem xét, giải quyết.",
        submitters=extra.pop("submitters", [svc.SubmitterData(full_name=name, phone=phone, address=address)]),
        subject_unit=c.subjects[sender % len(c.subjects)],
        subject_person=extra.pop(
            "subject_person", DENOUNCED.get(title, "") if kind == Kind.DENUNCIATION else _complained_against(kind)
        ),
        **extra,
    )


def _complained_against(kind: str) -> str:
    return COMPLAINED_AGAINST if kind == Kind.COMPLAINT else ""


def _build(
    kind: str, target: str, path: list[str], c: _Cast, i: int, start: dt.date, *, repeats: int | None = None
) -> Story:
    """The story of one demo case of `kind` brought to `target` from its receipt on `start`, three days between
    steps."""
    title = TITLES[kind][target]
    if Case.objects.filter(title=title).exists():
        return
    officer = c.officers[i % 2]
    day = start
    yield _at(day)
    if target == "not_processed":
        svc.case_intake(
            actor=c.intake,
            kind=kind,
            channel=Channel.LETTER,
            received_on=day,
            unit=c.sector,
            title=title,
            content=f"{title}.",
            subject_unit=c.subjects[0],
            anonymous=True,
            evidence="Kèm bản chụp 12 biên lai thu đoàn phí tháng 5–6 không có trong sổ quỹ.",
        )
        return
    into = _merge_target(kind) if target == "merged" else None
    # A duplicate is the same sender's second letter about the same union and person (`repeats`: the first's number).
    case = _intake(
        kind, title, c, i, day, sender=repeats, **({"subject_person": into.subject_person} if into is not None else {})
    )
    main = path[1 : path.index(target) + 1] if target in path else []
    side = {
        "refused": [],
        "transferred": [],
        "transferred_outside": [],
        "guided": [],
        # A complaint or denunciation withdrawn before acceptance ends withdrawn; after it, by a
        # termination decision (Luật Khiếu nại 2011 Đ.10; Luật Tố cáo 2018 Đ.34 khoản 3 điểm a).
        "withdrawn": ["accepted", "assigned"] if kind == Kind.PETITION else [],
        "terminated": ["accepted", "assigned"],
        "merged": [],
        "suspended": ["accepted", "assigned", "verifying"],
        "suspension_sent": ["accepted", "assigned", "verifying"],
        "resumed": ["accepted", "assigned", "verifying"],
        "terminated_no_heir": ["accepted", "assigned"],
        "extended": ["accepted", "assigned", "verifying"],
    }.get(target, [])
    for status in main or side:
        if status == "handled" and target == "handled":
            # Sent and posted the day after the conclusion, handled two days later.
            yield _after(days=1)
            case = _conclusion_sent_and_posted(case, officer)
            yield _after(days=2)
        else:
            yield _after(days=3)
        case = _step(kind, status, case, c, officer)
        if status == "accepted" and kind == Kind.DENUNCIATION and target != "accepted":
            # The acceptance notices go out on time, to the denouncer and to the person denounced
            # (Luật Tố cáo 2018 Đ.29), except in the "accepted" sample (left overdue).
            yield _after(days=1)
            case = svc.case_accept_notice_sent(case=case, actor=c.intake, note="Đã gửi thông báo thụ lý")
            case = svc.case_denounced_notice_sent(
                case=case, actor=c.intake, note="Đã gửi thông báo thụ lý cho người bị tố cáo"
            )
    if kind == Kind.DENUNCIATION and target == "handled":
        yield from _conclusion_measure_reported(case, c)
    if target == "dialogue":  # its biên bản (Mẫu số 14), numbered, to be signed by hand by the parties
        from casework.papers.services import paper_issue

        paper_issue(target=case, key="case.dialogue_record", actor=officer)
    if target == "merged":
        # Merged once both letters are in: the day after the later one was received.
        if into is not None:
            yield _at(max(case.received_on, into.received_on) + dt.timedelta(days=1))
            svc.case_merge(case=case, into=into, actor=c.intake, reason="Cùng nội dung, cùng người gửi")
        return
    if target not in LAST_STEPS:
        return
    yield _after(days=2)
    if target == "refused":
        svc.case_refuse(
            case=case,
            actor=c.intake,
            ground=DEMO_REFUSAL_GROUNDS[kind],
            note=DEMO_REFUSAL_NOTES[kind],
            subject_area=demo_area(case),
        )
    elif target == "transferred":
        svc.case_transfer(
            case=case,
            actor=c.intake,
            reason="Thuộc thẩm quyền CĐCS",
            target_unit=c.subjects[1],
            subject_area=demo_area(case),
        )
    elif target == "transferred_outside":
        svc.case_transfer(
            case=case,
            actor=c.intake,
            reason="Tranh chấp hợp đồng lao động",
            outside_body="Thanh tra Sở Nội vụ tỉnh Thái Bình",
            subject_area="quan_he_lao_dong",
        )
    elif target == "guided":
        svc.case_guide(
            case=case,
            actor=c.intake,
            guidance="Hướng dẫn gửi đơn đến Bảo hiểm xã hội tỉnh.",
            subject_area="che_do_chinh_sach",
        )
    elif target == "withdrawn":
        svc.case_withdraw(
            case=case,
            actor=officer,
            reason="Người gửi có đơn xin rút ngày hôm nay.",
            assessment="Không có dấu hiệu vi phạm, người gửi tự nguyện rút." if kind == Kind.DENUNCIATION else "",
            **_withdrawal_letter(kind),
        )
    elif target == "terminated":
        case = svc.case_withdraw(
            case=case,
            actor=officer,
            reason="Người gửi có đơn xin rút toàn bộ.",
            assessment="Không có căn cứ tiếp tục giải quyết: không có dấu hiệu vi phạm, người tố cáo tự nguyện rút."
            if kind == Kind.DENUNCIATION
            else "",
            # A denunciation's withdrawal recorded when working with the denouncer (Mẫu số 03).
            **_withdrawal_letter(kind, recorder=officer),
        )
        case = svc.case_terminate(
            case=case, actor=c.chair, ground=TerminationGround.WITHDRAWN, reason="Đơn rút toàn bộ."
        )
        # Sent to the parties: a denunciation's within 05 working days (Luật Tố cáo 2018 Đ.34 khoản 4),
        # a complaint's within 03 (Nghị định 124/2020/NĐ-CP Đ.28b khoản 1).
        yield _after(days=1)
        svc.case_termination_sent(case=case, actor=officer, note="Đã gửi quyết định đình chỉ")
    elif target == "terminated_no_heir":
        # Nghị định 124/2020/NĐ-CP Đ.28b khoản 1: sent to the commune where the complainant last resided.
        case = svc.case_terminate(
            case=case,
            actor=c.chair,
            ground=TerminationGround.NO_HEIR,
            reason="Người khiếu nại đã chết, không có người thừa kế tiếp tục khiếu nại.",
            commune_committee="Ủy ban nhân dân xã Vũ Hội",
        )
        yield _after(days=1)
        svc.case_termination_sent(
            case=case, actor=officer, note="Đã gửi Ủy ban nhân dân xã Vũ Hội và các bên liên quan"
        )
    elif target in ("suspension_sent", "resumed"):
        case = _expertise_requested(case, c, officer)
        case = svc.case_suspend(
            case=case, actor=c.chair, ground="await_expertise", reason="Chờ kết quả giám định của cơ quan chức năng"
        )
        yield _after(days=1)
        case = svc.case_suspension_sent(case=case, actor=officer, note="Đã gửi quyết định tạm đình chỉ")
        if target == "resumed":  # Mẫu số 14b, sent within 03 working days (Đ.28b khoản 2)
            yield _after(days=3)
            case = svc.case_resume(case=case, actor=c.chair, reason="Đã có kết quả giám định.")
            yield _after(days=1)
            svc.case_resumption_sent(case=case, actor=officer, note="Đã gửi quyết định tiếp tục giải quyết")
    elif target == "suspended":
        case = _expertise_requested(case, c, officer)
        case = svc.case_suspend(
            case=case, actor=c.chair, ground="await_expertise", reason="Chờ kết quả giám định của cơ quan chức năng"
        )
        if kind == Kind.DENUNCIATION:  # sent to the denouncer and the person denounced (Đ.34 khoản 4)
            yield _after(days=1)
            svc.case_suspension_sent(case=case, actor=officer, note="Đã gửi quyết định tạm đình chỉ")
    elif target == "extended":
        case = svc.case_complexity_decide(
            case=case,
            actor=c.leader,
            complexity="complex",
            reason="Nhiều nội dung, nhiều đơn vị liên quan",
            # Nghị định 31/2019/NĐ-CP Đ.3 khoản 2 điểm b: two or more contents to verify.
            criteria=["contents"],
        )
        svc.case_extend(case=case, actor=c.leader, reason="Vụ việc phức tạp")


# The samples that end on a step of their own, taken two days after the path that leads to it.
LAST_STEPS = {
    "refused",
    "transferred",
    "transferred_outside",
    "guided",
    "withdrawn",
    "terminated",
    "terminated_no_heir",
    "suspension_sent",
    "resumed",
    "suspended",
    "extended",
}


def _merge_target(kind: str) -> Case | None:
    """The demo case of `kind` a duplicate letter repeats: the sample still waiting at intake."""
    return Case.objects.filter(title=TITLES[kind]["received"]).first()


def _conclusion_sent_and_posted(case: Case, officer: User) -> Case:
    """A denunciation's conclusion sent (Luật Tố cáo 2018 Đ.35 khoản 3) and posted for 15 days (Đ.40) today."""
    case = svc.case_conclusion_sent(case=case, actor=officer, note="Đã gửi kết luận nội dung tố cáo")
    return _published(case, officer)


def _conclusion_measure_reported(case: Case, c: _Cast) -> Story:
    """A measure the handled denunciation's conclusion requires (Luật Tố cáo 2018 Đ.44 khoản 3), followed
    by an inspector of the sector's committee; the hospital's union has reported on it and waits for
    the inspector's verification (Nghị định 31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi Nghị định
    156/2026/NĐ-CP Đ.3)."""
    from casework.inspections.models import Recommendation
    from casework.inspections.services import followup_report

    rep = User.objects.filter(username="donvi").first()
    monitor = User.objects.filter(username="kiemtra1").first()
    unit = Unit.objects.filter(code="CDCS-BVDK").first()
    if rep is None or monitor is None or unit is None:
        return
    yield _after(days=1)
    due_on = clock.today() + dt.timedelta(days=60)
    svc.case_conclusion_measure_add(
        case=case,
        actor=c.chair,
        text="Thu hồi 12.000.000 đồng chi sai, nộp lại quỹ phúc lợi; Ban Thường vụ CĐCS kiểm điểm trách nhiệm.",
        owner_unit=unit,
        due_on=due_on,
        monitor=monitor,
    )
    # Reported a week before its last day: a few days ago, its verification within its time.
    yield _at(due_on - dt.timedelta(days=7))
    followup_report(
        recommendation=Recommendation.objects.filter(case=case).latest("pk"),
        text="Đã thu hồi đủ 12.000.000 đồng, nộp lại quỹ phúc lợi (phiếu thu số 15); Ban Thường vụ đã họp kiểm điểm.",
        actor=rep,
    )


def load_demo_cases() -> dict[str, int]:
    """The cases' stories told on their own timeline (`load_demo` tells them with the other loaders')."""
    return timeline_tell(demo_cases_chapter())[0]


def demo_cases_chapter() -> Chapter:
    """Each demo case's story, from its receipt to the state it is left in (core.timeline)."""
    if not Unit.objects.filter(code=SECTOR).exists():
        return Chapter(stories=[], result=lambda: {"cases": 0})
    before = Case.objects.count()
    c = _Cast()
    today = clock.today()
    # The sector's executive committee lets its inspection committee chair approve on its behalf.
    Delegation.objects.get_or_create(
        unit=c.sector,
        delegate=c.chair,
        document="Nghị quyết 01/NQ-BCH (demo)",
        defaults={"kinds": list(Kind.values), "valid_from": dt.date(2020, 1, 1)},
    )
    stories = []
    i = 0
    for kind, path in (
        (Kind.COMPLAINT, COMPLAINT_PATH),
        (Kind.DENUNCIATION, DENUNCIATION_PATH),
        (Kind.PETITION, PETITION_PATH),
    ):
        starts, numbers = {}, {}
        for target in path + SIDE_STATES[kind]:
            # Later steps start earlier so that they had the time to get there; a few run late.
            start = today - dt.timedelta(days=12 + 4 * (path.index(target) if target in path else 3) + i % 7)
            if (kind, target) == (Kind.DENUNCIATION, "handled"):
                # Handled about two months ago: the inspection of the flag its handling raised was walked to its
                # conclusion since (casework.inspections.demo), and the measure it requires reported on.
                start -= dt.timedelta(days=40)
            if target == "merged":
                # The duplicate is the second letter: it comes two days after the one it repeats (_merge_target).
                start = starts["received"] + dt.timedelta(days=2)
            starts[target] = start
            numbers[target] = i
            stories.append(
                _build(kind, target, path, c, i, start, repeats=numbers["received"] if target == "merged" else None)
            )
            i += 1
    stories += [
        _second_round(c, today),
        _grassroots_complaint(c, today),
        _found_right_complaint(c, today),
        *_disciplined_denunciations(c, today),
    ]
    return Chapter(stories=stories, result=lambda: {"cases": Case.objects.count() - before})


FOUND_RIGHT_TITLE = "Khiếu nại việc không được chi trợ cấp khi đoàn viên bị tai nạn lao động"
FOUND_RIGHT_REASON = (
    "Kiểm tra lại biên bản họp Ban Chấp hành công đoàn cơ sở ngày 10/02/2026 không chi trợ cấp cho ông Lê Văn "
    "Cường, kỹ thuật viên Khoa Chẩn đoán hình ảnh, bị tai nạn lao động ngày 20/01/2026, với lý do ông chưa đóng "
    "đoàn phí tháng 12/2025: bảng kê thu đoàn phí tháng 12/2025 có tên ông (trừ qua lương ngày 25/12/2025); Quy "
    "chế chi tiêu nội bộ năm 2026, Điều 9, chi 1.000.000 đồng cho đoàn viên bị tai nạn lao động. Khiếu nại đúng."
)
FOUND_RIGHT_DRAFTS = {
    "verification_result": FOUND_RIGHT_REASON,
    "legal_basis": (
        "Luật Khiếu nại 2011 Điều 29 khoản 1 điểm a; Điều lệ Công đoàn Việt Nam; Quy chế chi tiêu nội bộ năm 2026 "
        "của công đoàn cơ sở, Điều 9."
    ),
    "decision_text": "Khiếu nại của ông Lê Văn Cường là đúng.",
    "resolution_measures": (
        "Hủy nội dung không chi trợ cấp đối với ông Lê Văn Cường tại biên bản họp Ban Chấp hành ngày 10/02/2026; "
        "công đoàn cơ sở chi trợ cấp 1.000.000 đồng cho ông trong 10 ngày kể từ ngày nhận quyết định."
    ),
    "compensation": "Không có thiệt hại phải bồi thường.",
}


def _found_right_complaint(c: _Cast, today: dt.date) -> Story:
    """A first complaint its resolver, re-examining the decision complained of, finds right and decides at once,
    with no verification (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a): assigned, found right by the committee chair,
    proposed right by its officer straight from the assignment, approved; its decision waits to be issued, the
    form starting from the re-examination's reason as the decision's verification result."""
    if Case.objects.filter(title=FOUND_RIGHT_TITLE).exists():
        return
    officer = c.officers[0]
    day = today - dt.timedelta(days=10)
    yield _at(day)
    case = _intake(Kind.COMPLAINT, FOUND_RIGHT_TITLE, c, 2, day)
    for status in ("accepted", "assigned"):
        yield _after(days=2)
        case = _step(Kind.COMPLAINT, status, case, c, officer)
    yield _after(days=2)
    case = svc.case_complaint_found_right(case=case, actor=c.chair, on=clock.today(), reason=FOUND_RIGHT_REASON)
    yield _after(days=1)
    case = svc.case_propose(
        case=case,
        actor=officer,
        proposal="Kiểm tra lại, khiếu nại đúng: đề xuất ra quyết định giải quyết khiếu nại ngay (dự thảo kèm theo).",
        outcome=Outcome.FOUNDED,
        **FOUND_RIGHT_DRAFTS,
    )
    yield _after(days=1)
    svc.case_approve(case=case, actor=c.chair, note="Đồng ý")


GRASSROOTS_UNIT = "CDCS-SYT"
GRASSROOTS_TITLE = "Khiếu nại việc Ban Chấp hành công đoàn cơ quan không chi trợ cấp khi đoàn viên nằm viện dài ngày"


def _grassroots_complaint(c: _Cast, today: dt.date) -> Story:
    """Work for a grassroots union's inspection committee of one (kiemtracs, Công đoàn cơ quan Sở Y tế): a
    member's complaint about a union allowance refused by the union's executive committee, accepted by the
    grassroots union and assigned to its one inspector, who is verifying it within the resolution limit
    (Luật Khiếu nại 2011 Đ.28). Registered and assigned by the sector's intake officer and committee chair,
    whose roles reach the grassroots unions below them."""
    unit = Unit.objects.filter(code=GRASSROOTS_UNIT).first()
    inspector = User.objects.filter(username="kiemtracs").first()
    if unit is None or inspector is None or Case.objects.filter(title=GRASSROOTS_TITLE).exists():
        return
    day = today - dt.timedelta(days=12)
    yield _at(day)
    case = svc.case_intake(
        actor=c.intake,
        kind=Kind.COMPLAINT,
        channel=Channel.LETTER,
        received_on=day,
        unit=unit,
        title=GRASSROOTS_TITLE,
        content=(
            "Tôi là chuyên viên Phòng Nghiệp vụ Y, đoàn viên công đoàn cơ quan Sở Y tế, điều trị nội trú tại "
            "Bệnh viện Đa khoa tỉnh 21 ngày. Ban Chấp hành họp và không chi trợ cấp ốm đau 1.000.000 đồng theo "
            "quy chế với lý do hồ sơ nộp quá hạn, trong khi tôi nộp giấy ra viện 5 ngày sau khi ra viện, trong "
            "thời hạn 10 ngày quy chế cho phép. Đề nghị xem xét, chi trợ cấp cho tôi."
        ),
        submitters=[
            svc.SubmitterData(full_name="Vũ Thị Thu Hà", phone="0912000106", address="Phường Trần Lãm, TP Thái Bình")
        ],
        subject_unit=unit,
        subject_person="Ban Chấp hành Công đoàn cơ quan Sở Y tế",
    )
    yield _after(days=2)
    case = svc.case_accept(
        case=case,
        actor=c.intake,
        legal_ground="Luật Khiếu nại 2011 Đ.27; Điều lệ Công đoàn Việt Nam",
        subject_area="che_do_chinh_sach",
    )
    yield _after(days=1)
    case = svc.case_assign(case=case, actor=c.chair, assignee=inspector)
    yield _after(days=2)
    case = svc.case_start_verification(
        case=case,
        actor=inspector,
        plan="Đối chiếu quy chế chi trợ cấp, biên bản họp Ban Chấp hành và sổ nhận hồ sơ của công đoàn cơ quan.",
    )
    # The decision giving the verification to the grassroots union's one inspector (Luật Khiếu nại 2011 Đ.29
    # khoản 1 điểm b), to be done by the resolution limit: its report is the proposal.
    svc.case_verification_assign(
        case=case,
        actor=c.chair,
        on=clock.today(),
        members=[inspector],
        content="Việc Ban Chấp hành không chi trợ cấp ốm đau với lý do hồ sơ nộp quá hạn.",
        starts_on=clock.today(),
        ends_on=verification_ends_by(case) or clock.today() + dt.timedelta(days=10),
    )


def _second_round(c: _Cast, today: dt.date) -> Story:
    """The complainant of the closed sample, not agreeing with its decision, complains a second time five days
    ago: after that decision (its story ends weeks earlier)."""
    yield _at(today - dt.timedelta(days=5))
    first = Case.objects.filter(title=TITLES[Kind.COMPLAINT]["closed"]).first()
    if first is None or first.next_rounds.exists():
        return
    svc.case_complaint_second(
        first=first,
        actor=c.admin,
        received_on=clock.today(),
        content="Không đồng ý với quyết định giải quyết lần đầu, đề nghị LĐLĐ tỉnh giải quyết lần hai.",
    )


def _expertise_requested(case: Case, c: _Cast, officer: User) -> Case:
    """The repeated assessment a suspension awaits, requested and sent first (Luật Tố cáo 2018 Đ.34;
    Luật Khiếu nại 2011 Đ.29)."""
    case = svc.case_expertise_request(
        case=case,
        actor=c.chair,
        body="Phòng Kỹ thuật hình sự Công an tỉnh",
        content="Giám định lại chữ ký trên các phiếu chi quỹ phúc lợi năm 2025.",
        materials="Bản chính các phiếu chi; mẫu chữ ký so sánh.",
        due_on=clock.today() + dt.timedelta(days=30),
    )
    svc.case_expertise_sent(case=case, actor=officer, request=case.expertise_requests.get(), sent_on=clock.today())
    return case


# Two denunciations whose conclusion found the person denounced at fault, disciplined by the sector's standing
# committee in a secret ballot (QĐ 5130/QĐ-TLĐ): one decision's publication owed, its 07 working days running, the
# other's published by a posting, its notice numbered in the sector's register (Luật Tố cáo 2018 Đ.40 khoản 1).
DISCIPLINE_OWED_TITLE = "Tố cáo chủ tịch CĐCS tự ý chi thưởng cho ban chấp hành từ quỹ xã hội"
DISCIPLINE_PUBLISHED_TITLE = "Tố cáo thủ quỹ CĐCS dùng tiền quỹ tương trợ chi tiêu cá nhân"
DISCIPLINED = {
    DISCIPLINE_OWED_TITLE: ("Ông Vũ Đức Thắng (chủ tịch CĐCS)", "part_time_cadre"),
    DISCIPLINE_PUBLISHED_TITLE: ("Bà Đào Thị Hạnh (thủ quỹ CĐCS)", "member"),
}
# The standing committee's ballot: its members, those present, the votes per form (more than half of the members
# adopt the heaviest form so voted for: discipline_ballot_count).
DISCIPLINE_BALLOT = {"members_total": 9, "members_present": 8, "votes": {"canh_cao": 6, "khien_trach": 2}}


def _disciplined_denunciations(c: _Cast, today: dt.date) -> list[Story]:
    """Each denunciation concluded, its conclusion sent, posted and handled; then the officer proposes cảnh cáo for the person
    denounced on the ground of the conclusion (Luật Tố cáo 2018 Đ.36 khoản 1 điểm b) and the sector's standing
    committee adopts it by secret ballot, btv signing on its behalf: the ballot issues the decision and opens the
    clock of its publication (Đ.40 khoản 1). The first decision was taken two days ago, its publication owed; the
    second fifteen days ago, its notice issued and its posting recorded the next day for 15 days (Nghị định
    31/2019/NĐ-CP Đ.6 khoản 2 điểm b)."""
    return [
        _disciplined(c, DISCIPLINE_OWED_TITLE, 3, today - dt.timedelta(days=2), published=False),
        _disciplined(c, DISCIPLINE_PUBLISHED_TITLE, 4, today - dt.timedelta(days=15), published=True),
    ]


def _disciplined(c: _Cast, title: str, i: int, ballot_on: dt.date, *, published: bool) -> Story:
    if Case.objects.filter(title=title).exists():
        return
    officer = c.officers[i % 2]
    person, subject_kind = DISCIPLINED[title]
    day = ballot_on - dt.timedelta(days=30)
    yield _at(day)
    case = _intake(Kind.DENUNCIATION, title, c, i, day, subject_person=person)
    for status in DENUNCIATION_PATH[1 : DENUNCIATION_PATH.index("concluded") + 1]:
        yield _after(days=3)
        case = _step(Kind.DENUNCIATION, status, case, c, officer)
        if status == "accepted":  # the acceptance notices on time (Luật Tố cáo 2018 Đ.29)
            yield _after(days=1)
            case = svc.case_accept_notice_sent(case=case, actor=c.intake, note="Đã gửi thông báo thụ lý")
            case = svc.case_denounced_notice_sent(
                case=case, actor=c.intake, note="Đã gửi thông báo thụ lý cho người bị tố cáo"
            )
    # The conclusion sent and posted the next day (Luật Tố cáo 2018 Đ.35 khoản 3, Đ.40), handled by proposing
    # discipline of the person denounced (Đ.36 khoản 1 điểm b).
    yield _after(days=1)
    case = svc.case_conclusion_sent(case=case, actor=officer, note="Đã gửi kết luận nội dung tố cáo")
    case = _published(case, officer)
    case = svc.case_handle_conclusion(
        case=case,
        actor=c.chair,
        note="Đề nghị Ban Thường vụ Công đoàn ngành xem xét kỷ luật người bị tố cáo.",
        discipline="canh_cao",
    )
    yield _at(ballot_on - dt.timedelta(days=3))
    svc.discipline_propose(
        case=case,
        actor=officer,
        subject_kind=subject_kind,
        subject_name=person,
        violation_forms=["canh_cao"],
        reason="Kết luận nội dung tố cáo xác định người bị tố cáo vi phạm quy định quản lý tài chính công đoàn.",
    )
    yield _at(ballot_on)
    proceeding = svc.discipline_ballot_record(case=case, actor=c.leader, meeting_on=clock.today(), **DISCIPLINE_BALLOT)
    if not published:
        return
    from casework.papers.services import paper_issue

    yield _after(days=1)
    # The notice publishing it, numbered in the register of the body that issued the decision.
    paper_issue(target=proceeding, key="discipline.publication", actor=c.leader)
    svc.case_discipline_publish(
        case=case,
        actor=c.leader,
        discipline=proceeding.pk,
        forms=["posting"],
        published_on=clock.today(),
        posting_place="Trụ sở Công đoàn ngành Y tế Thái Bình",
        posting_from=clock.today(),
        posting_days=15,
        note="Niêm yết thông báo công khai quyết định kỷ luật tại trụ sở.",
    )
