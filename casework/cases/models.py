"""Cases (hồ sơ vụ việc / đơn thư): complaints, denunciations and petitions.

The model holds fields, invariants and pure `@transition` methods; every state change goes
through `casework.cases.services`, which locks, checks, saves, audits and starts deadlines.
The denouncer's identity lives apart, encrypted, in `DenouncerIdentity`.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from casework.cases import permissions as perm
from core.fsm import on_path

# What is shown instead of a denouncer's particulars: a display marker, never stored, written in
# the reader's language (gettext(REDACTED)).
REDACTED = gettext_noop("[đã ẩn danh]")


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị, phản ánh")


REFERENCE_PREFIX: dict[str, str] = {Kind.COMPLAINT: "KN", Kind.DENUNCIATION: "TC", Kind.PETITION: "KNPA"}


class Channel(models.TextChoices):
    LETTER = "letter", _("Đơn gửi qua bưu điện / trực tiếp")
    IN_PERSON = "in_person", _("Trình bày trực tiếp")
    PHONE = "phone", _("Điện thoại")
    EMAIL = "email", _("Thư điện tử")
    ONLINE = "online", _("Trực tuyến")
    TRANSFERRED = "transferred", _("Cơ quan, đơn vị khác chuyển đến")


class Status(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý")
    ASSIGNED = "assigned", _("Đã phân công")
    VERIFYING = "verifying", _("Đang xác minh")
    DIALOGUE = "dialogue", _("Đã đối thoại")
    PROPOSED = "proposed", _("Đã đề xuất kết quả")
    APPROVED = "approved", _("Đã được phê duyệt")
    DECIDED = "decided", _("Đã ban hành quyết định giải quyết")
    CONCLUDED = "concluded", _("Đã kết luận nội dung tố cáo")
    HANDLED = "handled", _("Đã xử lý kết luận")
    ANSWERED = "answered", _("Đã trả lời")
    NOTIFIED = "notified", _("Đã thông báo kết quả")
    CLOSED = "closed", _("Đã đóng hồ sơ")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    REFUSED = "refused", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Đã chuyển đơn")
    GUIDED = "guided", _("Đã hướng dẫn")
    WITHDRAWN = "withdrawn", _("Đã rút đơn")
    MERGED = "merged", _("Đã gộp vào hồ sơ khác")
    NOT_PROCESSED = "not_processed", _("Không xử lý (không rõ người tố cáo)")
    TERMINATED = "terminated", _("Đã đình chỉ giải quyết")


S = Status
# Steps at which the sender may still withdraw: anything before the decision or conclusion.
WITHDRAWABLE = [S.RECEIVED, S.ACCEPTED, S.ASSIGNED, S.VERIFYING, S.DIALOGUE, S.PROPOSED, S.APPROVED, S.SUSPENDED]
# Steps at which the resolution may be suspended (tạm đình chỉ): from the acceptance, which opens it, until the
# decision or conclusion, whenever a ground arises "trong quá trình giải quyết" (Luật Tố cáo 2018 Đ.34 khoản 1;
# Luật Khiếu nại 2011 Đ.11a, bổ sung bởi Luật 136/2025/QH15).
SUSPENDABLE = [S.ACCEPTED, S.ASSIGNED, S.VERIFYING, S.DIALOGUE, S.PROPOSED, S.APPROVED]
FINAL_STATUSES = [S.CLOSED, S.REFUSED, S.TRANSFERRED, S.GUIDED, S.WITHDRAWN, S.MERGED, S.NOT_PROCESSED, S.TERMINATED]
# Steps at which the resolution may be terminated (đình chỉ): accepted, not yet decided or concluded.
TERMINABLE = [S.ACCEPTED, S.ASSIGNED, S.VERIFYING, S.DIALOGUE, S.PROPOSED, S.APPROVED, S.SUSPENDED]
OPEN_STATUSES = [s for s in S.values if s not in FINAL_STATUSES]


class Outcome(models.TextChoices):
    FOUNDED = "founded", _("Đúng")
    PARTLY = "partly", _("Đúng một phần")
    UNFOUNDED = "unfounded", _("Sai")


# The verification's results that differ from a complainant's demands: a first round is not proposed
# with them before a dialogue (Luật Khiếu nại 2011 Đ.30 khoản 1).
DIALOGUE_OUTCOMES = frozenset({Outcome.PARTLY, Outcome.UNFOUNDED})


class RefusalGround(models.TextChoices):
    """Căn cứ không thụ lý (Luật Khiếu nại 2011 Đ.11; Luật Tố cáo 2018 Đ.29 khoản 1; quy định của Công đoàn).
    Which kind of letter each ground belongs to is `REFUSAL_GROUND_KINDS`."""

    NOT_RELATED = "not_related", _("Nội dung không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người gửi đơn")
    NO_CAPACITY = "no_capacity", _("Người gửi đơn không có năng lực hành vi đầy đủ và không có người đại diện hợp pháp")
    EXPIRED = "expired", _("Đã hết thời hiệu khiếu nại")
    ALREADY_RESOLVED = (
        "already_resolved",
        _(
            "Tố cáo người đã giải quyết đúng pháp luật vụ việc khiếu nại, không có thông tin, tài liệu, chứng cứ "
            "chứng minh người đó vi phạm pháp luật"
        ),
    )
    COURT = "court", _("Việc đã được Tòa án thụ lý hoặc giải quyết")
    NO_CONTENT = "no_content", _("Nội dung không cụ thể, không có cơ sở để xác minh")
    CONGRESS_LATE = "congress_late", _("Đơn liên quan đến đại hội gửi sau thời hạn quy định")
    UNLAWFUL_REPRESENTATIVE = "unlawful_representative", _("Người đại diện không hợp pháp thực hiện khiếu nại")
    UNSIGNED = "unsigned", _("Đơn khiếu nại không có chữ ký hoặc điểm chỉ của người khiếu nại")
    SECOND_DECIDED = "second_decided", _("Khiếu nại đã có quyết định giải quyết khiếu nại lần hai")
    TERMINATION_LAPSED = (
        "termination_lapsed",
        _(
            "Có văn bản thông báo đình chỉ việc giải quyết khiếu nại mà sau 30 ngày người khiếu nại không tiếp tục "
            "khiếu nại"
        ),
    )
    DENUNCIATION_FORM = (
        "denunciation_form",
        _(
            "Tố cáo không được thực hiện theo quy định tại Điều 23 Luật Tố cáo (đơn không ghi rõ nội dung bắt buộc, "
            "không có chữ ký hoặc điểm chỉ của người tố cáo)"
        ),
    )
    OTHER = "other", _("Căn cứ khác theo quy định (ghi rõ)")


# The one rule of which ground a letter of each kind may be refused on: the page's choices, the API's
# check and the service's refusal read it. A refused case keeps the ground it was refused on, whatever
# this says now (the field's choices are every ground, so it is still shown).
REFUSAL_GROUND_KINDS: dict[str, tuple[str, ...]] = {
    # Luật Khiếu nại 2011 Đ.11 (khoản 1, acts inside state administrative bodies, has no ground of its own
    # here: it is stated under "other").
    RefusalGround.NOT_RELATED: (Kind.COMPLAINT,),  # khoản 2
    # Đ.11 khoản 3; Luật Tố cáo 2018 Đ.29 khoản 1 điểm b: without full legal capacity, a legal representative.
    RefusalGround.NO_CAPACITY: (Kind.COMPLAINT, Kind.DENUNCIATION),
    RefusalGround.UNLAWFUL_REPRESENTATIVE: (Kind.COMPLAINT,),  # khoản 4; a denunciation names none (Đ.12)
    RefusalGround.UNSIGNED: (Kind.COMPLAINT,),  # khoản 5
    RefusalGround.EXPIRED: (Kind.COMPLAINT,),  # khoản 6; a denunciation has no limitation
    RefusalGround.SECOND_DECIDED: (Kind.COMPLAINT,),  # khoản 7
    RefusalGround.TERMINATION_LAPSED: (Kind.COMPLAINT,),  # khoản 8
    RefusalGround.COURT: (Kind.COMPLAINT,),  # khoản 9
    # Luật Tố cáo 2018 Đ.29 khoản 1 (the conditions of acceptance; Nghị định 31/2019/NĐ-CP Đ.9 as amended by
    # Nghị định 156/2026/NĐ-CP adds none). Điểm c, a matter outside the unit's competence, is transferred
    # (Đ.24 khoản 2), not refused.
    RefusalGround.DENUNCIATION_FORM: (Kind.DENUNCIATION,),  # điểm a: made as Đ.23 requires
    RefusalGround.NO_CONTENT: (Kind.DENUNCIATION,),  # điểm d: no basis to identify the violator, the violation
    # The last paragraph of khoản 1: a denunciation of the resolver of a complaint resolved lawfully, with
    # nothing new to show a violation by them.
    RefusalGround.ALREADY_RESOLVED: (Kind.DENUNCIATION,),
    # The union's rule: a letter about a congress received less than 25 (grassroots) or 30 working days
    # before it is not handled, whatever its kind; a petition (kiến nghị, phản ánh) has no statutory ground,
    # only this one and another the officer states.
    RefusalGround.CONGRESS_LATE: (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.PETITION),
    RefusalGround.OTHER: (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.PETITION),
}


def refusal_grounds(kind: str) -> list[tuple[str, Any]]:
    """The grounds a letter of this kind may be refused on, in the order of `RefusalGround` (the choices)."""
    return [(g.value, g.label) for g in RefusalGround if kind in REFUSAL_GROUND_KINDS[g]]


class SuspensionGround(models.TextChoices):
    """Căn cứ tạm đình chỉ giải quyết (Luật Khiếu nại Điều 11a khoản 1, bổ sung bởi Luật 136/2025/QH15; Luật Tố
    cáo 2018 Đ.34 khoản 1, which lists only waiting for another body's or case's result, and for a
    supplementary or repeated expert assessment). A complaint's point a, the complainant or their lawful
    representative kept from their rights and duties by force majeure or an objective obstacle, is the one
    Nghị định 124/2020/NĐ-CP Đ.28a defines (bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.12): natural disaster,
    epidemic, war; accident, illness, a work trip or study far away; the case's papers held or sealed by an
    authority; shown by documents kept in the file (khoản 4)."""

    FORCE_MAJEURE = (
        "force_majeure",
        _(
            "Người khiếu nại, người đại diện hợp pháp của người khiếu nại gặp sự kiện bất khả kháng hoặc trở ngại "
            "khách quan, không thể thực hiện được quyền, nghĩa vụ của mình"
        ),
    )
    AWAIT_OTHER_BODY = (
        "await_other_body",
        _("Cần đợi kết quả giải quyết của cơ quan, tổ chức khác hoặc vụ việc khác có liên quan"),
    )
    AWAIT_EXPERTISE = "await_expertise", _("Cần đợi kết quả giám định bổ sung, giám định lại")
    HEIR_PENDING = "heir_pending", _("Người khiếu nại chết, chưa xác định được người thừa kế quyền, nghĩa vụ")
    SUCCESSOR_PENDING = (
        "successor_pending",
        _("Cơ quan, tổ chức khiếu nại hợp nhất, sáp nhập, chia, tách, chưa có cơ quan, tổ chức kế thừa"),
    )


class DialogueAttendance(models.TextChoices):
    """Người khiếu nại có tham gia đối thoại không; vắng mặt thì có lý do chính đáng hay không
    (Nghị định 124/2020/NĐ-CP Đ.28 khoản 4, 5, sửa đổi bởi Nghị định 155/2026/NĐ-CP). Vắng mặt không có
    lý do chính đáng: việc giải quyết vẫn tiếp tục (khoản 5)."""

    PRESENT = "present", _("Người khiếu nại có mặt")
    ABSENT_EXCUSED = "absent_excused", _("Người khiếu nại vắng mặt có lý do chính đáng")
    ABSENT_UNEXCUSED = (
        "absent_unexcused",
        _("Người khiếu nại vắng mặt không có lý do chính đáng (vẫn tiếp tục giải quyết)"),
    )


class DialogueNoticeRecipient(models.TextChoices):
    """Who the notice of a dialogue is sent to (Nghị định 124/2020/NĐ-CP Đ.28 khoản 1, sửa đổi bởi Nghị
    định 155/2026/NĐ-CP): the complainant and the person complained about always; the representative
    when several complain about one matter; those with related rights and duties and the bodies
    concerned when there are any (named in `dialogue_notice_related`)."""

    COMPLAINANT = "complainant", _("Người khiếu nại")
    REPRESENTATIVE = "representative", _("Người đại diện (nhiều người cùng khiếu nại về một nội dung)")
    COMPLAINED_AGAINST = "complained_against", _("Người bị khiếu nại")
    RELATED_PERSONS = "related_persons", _("Người có quyền, nghĩa vụ liên quan")
    RELATED_BODIES = "related_bodies", _("Cơ quan, tổ chức có liên quan")


# Named in `dialogue_notice_related` when chosen.
DIALOGUE_NOTICE_NAMED = (DialogueNoticeRecipient.RELATED_PERSONS, DialogueNoticeRecipient.RELATED_BODIES)


class ComplexityGround(models.TextChoices):
    """Căn cứ xác định vụ việc khiếu nại phức tạp: only these (Nghị định 124/2020/NĐ-CP Đ.3a khoản 1,
    bổ sung bởi Nghị định 155/2026/NĐ-CP); the label begins with the point's letter."""

    PLACES = "places", _("a) Khiếu nại về một nội dung nhưng phải xác minh từ 02 địa điểm trở lên")
    CONTENTS = "contents", _("b) Khiếu nại có từ 02 nội dung phải xác minh trở lên")
    MANY_PEOPLE = (
        "many_people",
        _(
            "c) Nhiều người khiếu nại về cùng một nội dung hoặc nội dung khiếu nại liên quan đến quyền và lợi ích "
            "của nhiều người"
        ),
    )
    ABROAD = (
        "abroad",
        _(
            "d) Người khiếu nại ở nước ngoài hoặc là người nước ngoài; hành vi bị khiếu nại xảy ra ở nước ngoài; "
            "nội dung khiếu nại phải xác minh ở nước ngoài"
        ),
    )
    MANY_BODIES = "many_bodies", _("đ) Nội dung khiếu nại liên quan đến trách nhiệm quản lý của nhiều cơ quan, tổ chức")
    BODIES_DISAGREE = (
        "bodies_disagree",
        _("e) Các cơ quan, tổ chức có liên quan trong quá trình giải quyết khiếu nại còn ý kiến khác nhau"),
    )
    CONFLICTING_EVIDENCE = (
        "conflicting_evidence",
        _(
            "g) Có tài liệu, chứng cứ mâu thuẫn với nhau cần có thời gian kiểm tra, xác minh, đánh giá hoặc tham "
            "khảo ý kiến của các cơ quan chuyên môn"
        ),
    )


# The point of Đ.3a khoản 1 each ground is, as the decision's text cites it.
COMPLEXITY_GROUND_POINTS = {
    ComplexityGround.PLACES: "a",
    ComplexityGround.CONTENTS: "b",
    ComplexityGround.MANY_PEOPLE: "c",
    ComplexityGround.ABROAD: "d",
    ComplexityGround.MANY_BODIES: "đ",
    ComplexityGround.BODIES_DISAGREE: "e",
    ComplexityGround.CONFLICTING_EVIDENCE: "g",
}


class DenunciationComplexityCriterion(models.TextChoices):
    """Tiêu chí xác định vụ việc tố cáo phức tạp: only these (Nghị định 31/2019/NĐ-CP Đ.3 khoản 2); one makes
    the case complex, two or more especially complex (khoản 3). The codes are those of `ComplexityGround`,
    the label begins with the point's letter."""

    PLACES = "places", _("a) Tố cáo về một nội dung nhưng phải xác minh từ 02 địa điểm trở lên")
    CONTENTS = "contents", _("b) Tố cáo có từ 02 nội dung phải xác minh trở lên")
    MANY_PEOPLE = (
        "many_people",
        _(
            "c) Nhiều người tố cáo về cùng một nội dung hoặc nội dung tố cáo liên quan đến quyền và lợi ích của "
            "nhiều người"
        ),
    )
    ABROAD = (
        "abroad",
        _(
            "d) Tố cáo có yếu tố nước ngoài: người tố cáo ở nước ngoài hoặc là người nước ngoài; hành vi bị tố cáo "
            "xảy ra ở nước ngoài; nội dung tố cáo phải xác minh ở nước ngoài"
        ),
    )
    MANY_BODIES = "many_bodies", _("đ) Nội dung tố cáo liên quan đến trách nhiệm quản lý của nhiều cơ quan, tổ chức")
    BODIES_DISAGREE = (
        "bodies_disagree",
        _("e) Các cơ quan, tổ chức có liên quan trong quá trình giải quyết tố cáo còn ý kiến khác nhau"),
    )
    CONFLICTING_EVIDENCE = (
        "conflicting_evidence",
        _(
            "g) Có tài liệu, chứng cứ mâu thuẫn với nhau cần có thời gian kiểm tra, xác minh, đánh giá hoặc tham "
            "khảo ý kiến của các cơ quan chuyên môn"
        ),
    )


# The point of Nghị định 31/2019/NĐ-CP Đ.3 khoản 2 each criterion is, as the decision's text cites it.
COMPLEXITY_CRITERION_POINTS = {
    DenunciationComplexityCriterion.PLACES: "a",
    DenunciationComplexityCriterion.CONTENTS: "b",
    DenunciationComplexityCriterion.MANY_PEOPLE: "c",
    DenunciationComplexityCriterion.ABROAD: "d",
    DenunciationComplexityCriterion.MANY_BODIES: "đ",
    DenunciationComplexityCriterion.BODIES_DISAGREE: "e",
    DenunciationComplexityCriterion.CONFLICTING_EVIDENCE: "g",
}


class WithdrawalMeans(models.TextChoices):
    """How a denunciation is withdrawn (Nghị định 31/2019/NĐ-CP Đ.4 khoản 1, 2, sửa đổi bởi Nghị định
    156/2026/NĐ-CP Đ.1): the denouncer's letter, or the record made when working with them."""

    LETTER = "letter", _("Đơn rút tố cáo của người tố cáo (Mẫu số 02)")
    RECORD = "record", _("Biên bản ghi nhận việc rút tố cáo (Mẫu số 03)")


class WithdrawalRecorder(models.TextChoices):
    """Who made the record of a withdrawal (Nghị định 31/2019/NĐ-CP Đ.4 khoản 2, sửa đổi bởi Nghị định
    156/2026/NĐ-CP): only these four."""

    RESOLVER = "resolver", _("Người giải quyết tố cáo")
    CHECKER = "checker", _("Người kiểm tra, xác minh thông tin về người tố cáo và điều kiện thụ lý tố cáo")
    VERIFIER = "verifier", _("Người xác minh nội dung tố cáo")
    RECEIVER = "receiver", _("Người tiếp nhận rút tố cáo")


class WithdrawalSignature(models.TextChoices):
    """The letter or the record bears the withdrawing denouncer's signature or fingerprint
    (Nghị định 31/2019/NĐ-CP Đ.4 khoản 1, 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP)."""

    SIGNED = "signed", _("Có chữ ký của người rút tố cáo")
    FINGERPRINT = "fingerprint", _("Có điểm chỉ của người rút tố cáo")


class ContinueGround(models.TextChoices):
    """Why a denunciation is still resolved after its withdrawal: only these (Luật Tố cáo 2018 Đ.33
    khoản 3; Nghị định 31/2019/NĐ-CP Đ.4 khoản 4, sửa đổi bởi Nghị định 156/2026/NĐ-CP); the label
    begins with the point's letter."""

    VIOLATION = "violation", _("a) Hành vi bị tố cáo có dấu hiệu vi phạm pháp luật")
    COERCED = (
        "coerced",
        _("b) Có căn cứ xác định việc rút tố cáo được thực hiện do người tố cáo bị đe dọa, ép buộc, mua chuộc"),
    )
    ABUSE = (
        "abuse",
        _(
            "c) Có căn cứ xác định người tố cáo đã lợi dụng việc tố cáo để vu khống, xúc phạm, "
            "gây thiệt hại cho người bị tố cáo"
        ),
    )


# Grounds on which the resolver applies or proposes measures (Nghị định 31/2019/NĐ-CP Đ.4 khoản 5, sửa
# đổi bởi Nghị định 156/2026/NĐ-CP): protecting the denouncer, handling whoever threatened or bought
# them off, or the denouncer who abused the denunciation.
MEASURE_GROUNDS = frozenset({ContinueGround.COERCED, ContinueGround.ABUSE})

# What a withdrawal that names no content of its own records as withdrawn, on the case's
# `withdrawn_content` and in its event: the Vietnamese source whatever the writer's language, put in
# the reader's language where it is shown (`withdrawn_part_shown`).
WITHDRAWN_WHOLE = gettext_noop("Toàn bộ")
WITHDRAWN_BY_SOME = gettext_noop("Một số người trong nhóm tố cáo rút tố cáo")
WITHDRAWN_BY_SOME_COMPLAINANTS = gettext_noop("Một số người khiếu nại rút khiếu nại")
WITHDRAWN_PARTS = frozenset({WITHDRAWN_WHOLE, WITHDRAWN_BY_SOME, WITHDRAWN_BY_SOME_COMPLAINANTS})
# A line of `withdrawn_content`: the day the withdrawal was recorded, then what was withdrawn.
WITHDRAWN_LINE = re.compile(r"(\d{2}/\d{2}/\d{4}: )(.*)")


def withdrawn_part_shown(part: str) -> str:
    """A withdrawn part in the reader's language: a recorded label translated, a typed text as typed."""
    return gettext(part) if part in WITHDRAWN_PARTS else part


class TerminationGround(models.TextChoices):
    """Căn cứ đình chỉ giải quyết (Luật Khiếu nại 2011 Đ.10 và Luật 136/2025/QH15; Luật Tố cáo 2018 Đ.34)."""

    NO_HEIR = "no_heir", _("Người khiếu nại chết, không có người thừa kế tiếp tục khiếu nại")
    DISSOLVED = (
        "dissolved",
        _("Cơ quan, tổ chức khiếu nại giải thể, phá sản hoặc kết thúc hoạt động, không có cơ quan, tổ chức kế thừa"),
    )
    WITHDRAWN = "withdrawn", _("Người khiếu nại, tố cáo rút toàn bộ đơn")
    COURT = "court", _("Việc đã được Tòa án thụ lý để giải quyết")
    DENOUNCED_DIED = "denounced_died", _("Người bị tố cáo chết, nội dung tố cáo không liên quan đến người khác")
    # Luật Tố cáo 2018 Đ.34: the third ground of a denunciation's termination (a court's mere acceptance,
    # COURT, ends a complaint only).
    RESOLVED_FINAL = (
        "resolved_final",
        _(
            "Vụ việc đã được giải quyết bằng bản án, quyết định có hiệu lực pháp luật của Tòa án hoặc quyết định "
            "có hiệu lực của cơ quan, tổ chức, cá nhân có thẩm quyền"
        ),
    )


# Nghị định 124/2020/NĐ-CP Đ.28b khoản 1 (bổ sung bởi Nghị định 155/2026/NĐ-CP): on these grounds
# (điểm b khoản 2 Điều 11a Luật Khiếu nại) the termination decision is sent to the People's Committee
# of the commune where the complainant last resided before death, or where the body had its seat just
# before it was dissolved, went bankrupt or ended its activity.
COMMUNE_COMMITTEE_GROUNDS = {
    TerminationGround.NO_HEIR: "nơi người khiếu nại thường trú cuối cùng trước khi chết",
    TerminationGround.DISSOLVED: (
        "nơi cơ quan, tổ chức khiếu nại có trụ sở chính ngay trước khi giải thể, phá sản hoặc kết thúc hoạt động"
    ),
}


class CaseCounter(models.Model):
    """The last sequence number used for a reference prefix in a year (locked while numbering)."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="cases_counter_unique")]


class Case(ConcurrentTransitionMixin, models.Model):
    """Hồ sơ vụ việc: one letter, visit, call or online submission, from receipt to closure."""

    # Not a column: how a denunciation's texts are masked, as read for this object, with the sealed list
    # of masks it came from (casework.cases.services.identity.case_masking).
    masks_in_force: tuple[tuple[str, str], Any] | None = None
    # What sets the way a case goes: its transitions' conditions read the kind (a complaint is decided, a
    # denunciation concluded, a petition answered), and the process diagram draws each kind's way by them.
    PROCESS_PATH_FIELDS = ("kind", "round")

    reference = models.CharField(_("số hồ sơ"), max_length=32, unique=True)
    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("hình thức tiếp nhận"), max_length=16, choices=Channel.choices)
    received_on = models.DateField(_("ngày nhận"))
    status = FSMField(_("trạng thái"), default=Status.RECEIVED, choices=Status.choices, protected=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị giải quyết"), on_delete=models.PROTECT, related_name="cases"
    )
    subject_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị bị khiếu nại, tố cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_about",
    )
    subject_person = models.CharField(_("người bị khiếu nại, tố cáo"), max_length=255, blank=True)
    # The names it holds as recusal matches them ("|key1|key2|", casework.cases.recusal.person_keys),
    # derived from subject_person whenever the case is saved.
    subject_person_keys = models.TextField(blank=True, editable=False)
    subject_user = models.ForeignKey(
        "org.User",
        verbose_name=_("tài khoản người bị khiếu nại, tố cáo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_about_me",
    )
    title = models.CharField(_("trích yếu"), max_length=255)
    content = models.TextField(_("nội dung"))
    # Lĩnh vực, chosen at triage. None on letters triaged before areas existed (shown "Chưa phân loại").
    subject_area = models.ForeignKey(
        "areas.SubjectArea",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    # A denunciation's working copy: the content with what identifies the denouncer masked. Made at
    # intake from the identity, adjusted by whoever may see the identity; read by everyone else.
    content_redacted = models.TextField(_("nội dung đã che thông tin người tố cáo"), blank=True)
    redaction_sealed = models.TextField(blank=True)  # the masks, encrypted like the identity
    redacted_by = models.ForeignKey(
        "org.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lập bản che"),
    )
    redacted_at = models.DateTimeField(_("lập bản che lúc"), null=True, blank=True)
    # Set only by the complexity decision, with its grounds (services.complexity.case_complexity_decide).
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    is_remote = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    is_anonymous = models.BooleanField(_("không rõ người gửi"), default=False)
    is_group = models.BooleanField(_("đơn tập thể"), default=False)
    submitter_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    round = models.PositiveSmallIntegerField(_("lần giải quyết"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("hồ sơ giải quyết lần đầu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_rounds",
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("chuyển đến từ hồ sơ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã gộp vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
    )

    assignee = models.ForeignKey(
        "org.User",
        verbose_name=_("cán bộ giải quyết"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    policy_version = models.ForeignKey(
        "workflows.PolicyVersion", verbose_name=_("phiên bản chính sách thời hạn"), on_delete=models.PROTECT
    )
    congress_date = models.DateField(_("ngày khai mạc đại hội (nếu đơn liên quan đến đại hội)"), null=True, blank=True)

    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    legal_ground = models.TextField(_("căn cứ pháp lý"), blank=True)
    refusal_ground = models.CharField(
        _("căn cứ không thụ lý"), max_length=32, choices=RefusalGround.choices, blank=True
    )
    transfer_body = models.CharField(_("cơ quan nhận đơn chuyển"), max_length=255, blank=True)
    triage_note = models.TextField(_("ghi chú xử lý đơn"), blank=True)
    # Nghị định 124/2020/NĐ-CP Đ.28 (sửa đổi bởi Nghị định 155/2026/NĐ-CP) and its Mẫu số 14 (biên bản
    # đối thoại): the content (the purpose, the verification's results, the points discussed, khoản 3),
    # where it was held and who chaired it, the day of the dialogue and the day its notice was sent, at
    # least 05 days before, and to whom (khoản 1); who took part and whether the complainant came, the
    # participants' opinions, what was agreed and what is still disputed (khoản 4, 5).
    dialogue_record = models.TextField(_("nội dung đối thoại"), blank=True)
    dialogue_on = models.DateField(_("ngày đối thoại"), null=True, blank=True)
    dialogue_place = models.CharField(_("địa điểm đối thoại"), max_length=255, blank=True)
    dialogue_chair = models.CharField(_("người chủ trì đối thoại"), max_length=255, blank=True)
    # Mẫu số 14 mục I.2: who took the notes, a user of the committee (printed with their position); none
    # named, the line is written in by hand.
    dialogue_note_taker = models.ForeignKey(
        "org.User",
        verbose_name=_("người ghi biên bản đối thoại"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dialogue_notice_on = models.DateField(_("ngày gửi thông báo đối thoại"), null=True, blank=True)
    # DialogueNoticeRecipient values, in the order the law lists them.
    dialogue_notice_to = models.JSONField(_("nơi nhận thông báo đối thoại"), default=list, blank=True)
    dialogue_notice_related = models.TextField(
        _("người, cơ quan, tổ chức có liên quan nhận thông báo đối thoại"), blank=True
    )
    dialogue_participants = models.TextField(_("thành phần tham gia đối thoại"), blank=True)
    complainant_absent = models.CharField(
        _("người khiếu nại tham gia đối thoại"), max_length=20, choices=DialogueAttendance.choices, blank=True
    )
    dialogue_opinions = models.TextField(_("ý kiến của những người tham gia đối thoại"), blank=True)
    dialogue_agreed = models.TextField(_("những nội dung đối thoại đã thống nhất"), blank=True)
    dialogue_disputed = models.TextField(_("những vấn đề còn ý kiến khác nhau"), blank=True)
    proposal = models.TextField(_("đề xuất kết quả giải quyết"), blank=True)
    # The officer's draft of each part of the decision or conclusion (casework.cases.decision_parts),
    # proposed with the report for the one who issues it to review: optional, each empty when not drafted.
    proposal_verification_result = models.TextField(_("dự thảo kết quả xác minh"), blank=True)
    proposal_legal_basis = models.TextField(_("dự thảo căn cứ pháp luật"), blank=True)
    proposal_decision_text = models.TextField(_("dự thảo kết luận"), blank=True)
    proposal_resolution_measures = models.TextField(_("dự thảo biện pháp xử lý, giải quyết"), blank=True)
    proposal_policy_recommendations = models.TextField(
        _("dự thảo kiến nghị sửa đổi, bổ sung chính sách, pháp luật"), blank=True
    )
    proposal_compensation = models.TextField(_("dự thảo bồi thường thiệt hại"), blank=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices, blank=True)
    decision_number = models.CharField(_("số quyết định / kết luận"), max_length=64, blank=True)
    decision_text = models.TextField(_("nội dung quyết định / kết luận / trả lời"), blank=True)
    # The other parts of a decision or conclusion (casework.cases.decision_parts): Luật Tố cáo 2018 Đ.35
    # khoản 2; Luật Khiếu nại 2011 Đ.31 khoản 2, Đ.40 khoản 2. Empty on a case decided before them.
    verification_result = models.TextField(_("kết quả xác minh"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp luật"), blank=True)
    resolution_measures = models.TextField(_("biện pháp xử lý, giải quyết"), blank=True)
    policy_recommendations = models.TextField(_("kiến nghị sửa đổi, bổ sung chính sách, pháp luật"), blank=True)
    compensation = models.TextField(_("bồi thường thiệt hại"), blank=True)
    decided_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    discipline_proposal = models.CharField(_("đề xuất kỷ luật"), max_length=32, blank=True)
    notified_on = models.DateField(_("ngày thông báo kết quả"), null=True, blank=True)
    # Luật Khiếu nại 2011 Đ.33 khoản 1: the second complaint's window runs from the day the complainant
    # received the first decision; unrecorded, the day it was sent to them (`notified_on`) stands for it.
    decision_received_on = models.DateField(
        _("ngày người khiếu nại nhận được quyết định giải quyết"), null=True, blank=True
    )
    closed_on = models.DateField(_("ngày đóng hồ sơ"), null=True, blank=True)
    suspended_from = models.CharField(max_length=16, blank=True)
    suspension_ground = models.CharField(
        _("căn cứ tạm đình chỉ"), max_length=32, choices=SuspensionGround.choices, blank=True
    )
    termination_ground = models.CharField(
        _("căn cứ đình chỉ"), max_length=32, choices=TerminationGround.choices, blank=True
    )
    # COMMUNE_COMMITTEE_GROUNDS: the commune's People's Committee the termination decision is sent to.
    termination_commune_committee = models.CharField(
        _("Ủy ban nhân dân cấp xã nhận quyết định đình chỉ"), max_length=255, blank=True
    )
    # Luật Tố cáo 2018 Đ.34: a suspension or resumption decision states its reason; the latest
    # of each is printed on its paper (the trail keeps a denunciation's reasons only sealed).
    suspension_reason = models.TextField(_("lý do tạm đình chỉ gần nhất"), blank=True)
    resumption_reason = models.TextField(_("lý do tiếp tục giải quyết gần nhất"), blank=True)
    # Luật Khiếu nại Đ.9: the limitation runs from when the complainant knew of the decision or
    # act; time lost to objective obstacles (illness, disaster, travel for work...) is not counted.
    knew_on = models.DateField(_("ngày biết được quyết định, hành vi bị khiếu nại"), null=True, blank=True)
    obstacle_days = models.PositiveSmallIntegerField(_("số ngày có trở ngại khách quan"), default=0)
    obstacle_note = models.CharField(_("trở ngại khách quan"), max_length=255, blank=True)
    # Luật Tố cáo Đ.30: a complex denunciation may be extended once, an especially complex one twice.
    is_especially_complex = models.BooleanField(_("vụ việc đặc biệt phức tạp"), default=False)
    complexity_decision = models.CharField(_("quyết định về tính chất phức tạp"), max_length=255, blank=True)
    # Nghị định 124/2020/NĐ-CP Đ.3a: the grounds (ComplexityGround) a complaint was found complex on.
    complexity_grounds = models.JSONField(_("căn cứ xác định vụ việc phức tạp"), default=list, blank=True)
    # Nghị định 31/2019/NĐ-CP Đ.3 khoản 2, 3: the criteria (DenunciationComplexityCriterion) a denunciation was
    # found complex (one) or especially complex (two or more) on.
    complexity_criteria = models.JSONField(_("tiêu chí xác định vụ việc tố cáo phức tạp"), default=list, blank=True)
    # Luật Tố cáo Đ.24: initial processing up to 10 working days, with the recorded reason.
    processing_extension_reason = models.CharField(
        _("lý do kéo dài thời hạn xử lý ban đầu"), max_length=255, blank=True
    )
    # Luật Tố cáo Đ.30: the grounds of the latest extension decision, printed on its paper.
    extension_reason = models.TextField(_("căn cứ gia hạn gần nhất"), blank=True)
    withdrawn_content = models.TextField(_("nội dung đã rút"), blank=True)
    # Luật Tố cáo Đ.33: the officer's assessment of signs of violation / coercion behind a withdrawal.
    withdrawal_assessment = models.TextField(_("đánh giá khi người tố cáo rút tố cáo"), blank=True)
    # An accepted complaint or denunciation withdrawn in whole ends by a termination decision, not by
    # itself (Luật Khiếu nại 2011 Đ.10, TT 07/2013/TT-TTCP Đ.19; Luật Tố cáo 2018 Đ.33 khoản 2, Đ.34
    # khoản 3 điểm a): the day the withdrawal was recorded, until that decision is issued.
    withdrawn_in_whole_on = models.DateField(
        _("ngày ghi nhận rút toàn bộ đơn (chờ quyết định đình chỉ)"), null=True, blank=True
    )
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    # Nghị định 31/2019/NĐ-CP Đ.15 khoản 1 (sửa đổi bởi Nghị định 156/2026/NĐ-CP): the resolver may
    # authorise the body assigned to verify a denunciation to decide requests for expert assessment.
    expertise_authorised_by = models.ForeignKey(
        "org.User",
        verbose_name=_("người ủy quyền quyết định trưng cầu giám định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    expertise_authorised_on = models.DateField(
        _("ngày ủy quyền cho người xác minh quyết định trưng cầu giám định"), null=True, blank=True
    )
    flag_ref = models.CharField(_("dấu hiệu vi phạm đã chuyển"), max_length=64, blank=True)

    receipt_code_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        "org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases_created"
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("hồ sơ vụ việc")
        verbose_name_plural = _("hồ sơ vụ việc")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["assignee", "status"]),
            # Lists in received order stop after a page instead of sorting every case in scope
            # (the home page's "others", case lists newest first, read backwards).
            models.Index(fields=["received_on", "id"], name="cases_case_received"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="cases_round_1_or_2"),
            models.CheckConstraint(
                condition=Q(round=1) | Q(previous__isnull=False), name="cases_second_round_links_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Recusal reads the names from subject_person_keys (Luật Tố cáo 2018 Đ.9 khoản 1 điểm b, Đ.47):
        # they change with the name, however the case is saved.
        from casework.cases.recusal import subject_person_keys_joined

        if "subject_person" not in self.get_deferred_fields():  # never read again just to save
            self.subject_person_keys = subject_person_keys_joined(self.subject_person)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "subject_person" in update_fields:
            kwargs["update_fields"] = {*update_fields, "subject_person_keys"}
        super().save(*args, **kwargs)

    # ---- derived -------------------------------------------------------------
    @property
    def deadline_subject(self) -> str:
        if self.kind == Kind.COMPLAINT:
            return "complaint_2" if self.round == 2 else "complaint_1"
        return str(self.kind)

    @property
    def deadline_variant(self) -> str:
        if self.kind != Kind.COMPLAINT:
            return "normal"
        if self.is_remote and self.is_complex:
            return "remote_complex"
        if self.is_remote:
            return "remote"
        return "complex" if self.is_complex else "normal"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def withdrawn_content_shown(self) -> str:
        """`withdrawn_content` in the reader's language: each day's recorded label translated, the
        contents typed by the officer as typed."""
        lines = []
        for line in self.withdrawn_content.splitlines():
            dated = WITHDRAWN_LINE.fullmatch(line)
            lines.append(f"{dated[1]}{withdrawn_part_shown(dated[2])}" if dated else line)
        return "\n".join(lines)

    # ---- triage --------------------------------------------------------------
    @transition(field=status, source=S.RECEIVED, target=S.ACCEPTED, permission=perm.can_triage)
    def accept(self) -> None:
        """Thụ lý."""

    @transition(field=status, source=S.RECEIVED, target=S.REFUSED, permission=perm.can_triage)
    def refuse(self) -> None:
        """Không thụ lý, with a statutory ground."""

    @transition(field=status, source=S.RECEIVED, target=S.TRANSFERRED, permission=perm.can_triage)
    def transfer(self) -> None:
        """Chuyển đơn to the competent body."""

    @transition(field=status, source=S.RECEIVED, target=S.GUIDED, permission=perm.can_triage)
    def guide(self) -> None:
        """Hướng dẫn người gửi: outside any union competence."""

    @transition(field=status, source=S.RECEIVED, target=S.MERGED, permission=perm.can_triage)
    def merge(self) -> None:
        """Gộp vào hồ sơ trùng."""

    def _not_petition(self) -> bool:
        return self.kind != Kind.PETITION

    def _is_complaint(self) -> bool:
        return self.kind == Kind.COMPLAINT

    def _is_denunciation(self) -> bool:
        return self.kind == Kind.DENUNCIATION

    def _is_petition(self) -> bool:
        return self.kind == Kind.PETITION

    @transition(
        field=status,
        source=S.RECEIVED,
        target=S.NOT_PROCESSED,
        conditions=[_is_denunciation],
        permission=perm.can_triage,
    )
    def set_aside(self) -> None:
        """An unidentified denouncer: not processed as a denunciation (Luật Tố cáo Đ.25)."""

    def _withdrawal_may_be_recorded(self) -> bool:
        # Once a whole withdrawal awaits its termination decision nothing more is withdrawn; a
        # denunciation may still be found to go on (Luật Tố cáo 2018 Đ.33 khoản 3).
        return self.withdrawn_in_whole_on is None or self.kind == Kind.DENUNCIATION

    def _no_whole_withdrawal_pending(self) -> bool:
        # Withdrawn in whole: the resolution ends by a termination decision, not by a decision on the
        # merits or a conclusion (Luật Khiếu nại 2011 Đ.10; Luật Tố cáo 2018 Đ.33 khoản 1-2).
        return self.withdrawn_in_whole_on is None

    @transition(
        field=status,
        source=WITHDRAWABLE,
        target=S.WITHDRAWN,
        conditions=[_withdrawal_may_be_recorded],
        permission=perm.can_withdraw,
    )
    def withdraw(self) -> None:
        """Rút đơn, at any step before the decision or conclusion. The transition itself ends a letter
        not yet accepted, or a petition; an accepted complaint or denunciation withdrawn in whole is
        recorded without it and ends by the termination decision (`terminate`), see `case_withdraw`."""

    # ---- resolution ----------------------------------------------------------
    @transition(
        field=status,
        source=[S.ACCEPTED, S.ASSIGNED, S.VERIFYING, S.DIALOGUE],
        target=RETURN_VALUE(S.ASSIGNED, S.VERIFYING, S.DIALOGUE),
        permission=perm.can_assign,
    )
    def assign(self) -> str:
        """Phân công; reassigning later keeps the step the case is at."""
        return S.ASSIGNED if self.status == S.ACCEPTED else self.status

    def may_be_decided_on_reexamination(self) -> bool:
        """A first complaint, which its resolver may find right on re-examination (Luật Khiếu nại 2011 Đ.29
        khoản 1 điểm a); a second one is always verified and heard (Đ.39)."""
        return self.kind == Kind.COMPLAINT and self.round == 1

    def decided_on_reexamination(self) -> bool:
        """A first complaint its resolver, re-examining the decision or act complained of, found right, with no
        verification assigned: "nếu khiếu nại đúng thì ra quyết định giải quyết khiếu nại ngay" (Luật Khiếu nại
        2011 Đ.29 khoản 1 điểm a), so it goes to the proposal with no verification to start. A verification
        assigned afterwards (điểm b) puts it back on the verification's way."""
        return self.reexamination_found_right() is not None

    def reexamination_found_right(self) -> ComplaintFoundRight | None:
        """The record of `decided_on_reexamination`, its reason the re-examination's result; None off that way."""
        if not self.may_be_decided_on_reexamination() or self.pk is None:
            return None
        return ComplaintFoundRight.objects.filter(case_id=self.pk, case__verification_assignments__isnull=True).first()

    def _verification_to_start(self) -> bool:
        return self.kind != Kind.PETITION and not self.decided_on_reexamination()

    @transition(
        field=status,
        source=S.ASSIGNED,
        target=S.VERIFYING,
        conditions=[_verification_to_start],
        permission=perm.can_work,
    )
    def start_verification(self) -> None:
        """Bắt đầu xác minh: not on a complaint decided on re-examination (`decided_on_reexamination`)."""

    @transition(
        field=status, source=S.VERIFYING, target=S.DIALOGUE, conditions=[_is_complaint], permission=perm.can_work
    )
    def record_dialogue(self) -> None:
        """Đối thoại (complaints)."""

    def dialogue_missing(self, outcome: str = "") -> bool:
        """A dialogue the law requires before the verification's result is proposed, and none recorded.

        - Second round: always (Luật Khiếu nại 2011 Đ.39 "Trong quá trình giải quyết khiếu nại lần
          hai, người giải quyết khiếu nại tiến hành đối thoại"; Nghị định 124/2020/NĐ-CP Đ.28 khoản 2,
          sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.11: "phải tổ chức đối thoại").
        - First round: when the complainant's demands and the verification's result differ (Luật
          Khiếu nại 2011 Đ.30 khoản 1): a complaint the verification finds partly founded or unfounded
          (`outcome`, the result proposed); one found founded meets the demands. Before the outcome is
          chosen (`outcome` empty) a first round is never refused.

        A dialogue the complainant was invited to and missed without a legitimate reason is recorded
        like any other (Đ.28 khoản 5: the resolution goes on)."""
        if self.kind != Kind.COMPLAINT or self.dialogue_on is not None:
            return False
        return self.round == 2 or outcome in DIALOGUE_OUTCOMES

    @on_path(lambda case: True)  # on the path the law sets, the dialogue it requires is held
    def _dialogue_held_when_required(self) -> bool:
        return not self.dialogue_missing()

    @on_path(lambda case: case.status != S.ASSIGNED or case.may_be_decided_on_reexamination())
    def _verified_or_decided_on_reexamination(self) -> bool:
        return self.status != S.ASSIGNED or self.decided_on_reexamination()

    @transition(
        field=status,
        source=[S.ASSIGNED, S.VERIFYING, S.DIALOGUE],
        target=S.PROPOSED,
        conditions=[_not_petition, _verified_or_decided_on_reexamination, _dialogue_held_when_required],
        permission=perm.can_work,
    )
    def propose(self) -> None:
        """Báo cáo kết quả xác minh, dự thảo quyết định / kết luận; from the assignment itself only for a
        complaint decided on re-examination (`decided_on_reexamination`: no verification to report)."""

    @on_path(lambda case: True)
    def _dialogue_held_for_proposal(self) -> bool:
        """The proposal's own outcome read by the same rule: a proposal made without the dialogue the
        law requires (one made before the rule, or imported) is not approved; it is sent back to
        verification, where the dialogue is recorded. Nghị định 155/2026/NĐ-CP Đ.22 khoản 1 applies
        Nghị định 124/2020/NĐ-CP Đ.28 as rewritten to every accepted complaint not yet decided."""
        return not self.dialogue_missing(self.outcome)

    @transition(
        field=status,
        source=S.PROPOSED,
        target=S.APPROVED,
        conditions=[_dialogue_held_for_proposal],
        permission=perm.can_approve,
    )
    def approve(self) -> None:
        """Người đứng đầu phê duyệt."""

    @transition(field=status, source=S.PROPOSED, target=S.VERIFYING, permission=perm.can_approve)
    def send_back(self) -> None:
        """Trả lại để xác minh thêm."""

    @transition(field=status, source=S.APPROVED, target=S.VERIFYING, permission=perm.can_approve)
    def reopen_verification(self) -> None:
        """Thu hồi phê duyệt, trả lại để xác minh thêm: the approver takes back an approval before the
        decision or conclusion is issued (e.g. a complaint approved without the dialogue the law
        requires, `dialogue_missing`); the dialogue is recorded, the result proposed and approved again."""

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.DECIDED,
        conditions=[_is_complaint, _no_whole_withdrawal_pending, _dialogue_held_for_proposal],
        permission=perm.can_work,
    )
    def decide(self) -> None:
        """Ban hành quyết định giải quyết khiếu nại; not on a proposal approved without the dialogue the
        law requires before it (Luật Khiếu nại 2011 Đ.30 khoản 1, Đ.39): it goes back to verification
        (`reopen_verification`)."""

    @transition(
        field=status,
        source=S.APPROVED,
        target=S.CONCLUDED,
        conditions=[_is_denunciation, _no_whole_withdrawal_pending],
        permission=perm.can_work,
    )
    def conclude(self) -> None:
        """Ban hành kết luận nội dung tố cáo."""

    @transition(
        field=status, source=S.CONCLUDED, target=S.HANDLED, conditions=[_is_denunciation], permission=perm.can_approve
    )
    def handle_conclusion(self) -> None:
        """Xử lý kết luận: discipline proposal, flags for inspection."""

    @transition(field=status, source=S.ASSIGNED, target=S.ANSWERED, conditions=[_is_petition], permission=perm.can_work)
    def answer(self) -> None:
        """Trả lời kiến nghị, phản ánh."""

    @transition(field=status, source=[S.DECIDED, S.HANDLED], target=S.NOTIFIED, permission=perm.can_work)
    def notify_result(self) -> None:
        """Thông báo kết quả cho người gửi."""

    @transition(field=status, source=[S.NOTIFIED, S.ANSWERED], target=S.CLOSED, permission=perm.can_work)
    def close(self) -> None:
        """Đóng hồ sơ, lưu trữ."""

    @transition(
        field=status, source=TERMINABLE, target=S.TERMINATED, conditions=[_not_petition], permission=perm.can_decide
    )
    def terminate(self) -> None:
        """Đình chỉ giải quyết on a ground the law lists: the case ends, the clocks close."""

    @transition(
        field=status, source=SUSPENDABLE, target=S.SUSPENDED, conditions=[_not_petition], permission=perm.can_approve
    )
    def suspend(self) -> None:
        """Tạm đình chỉ: the clock stops."""

    @transition(
        field=status,
        source=S.SUSPENDED,
        target=RETURN_VALUE(*SUSPENDABLE),
        permission=perm.can_approve,
    )
    def resume(self) -> str:
        """Tiếp tục giải quyết, back to the step it was suspended at."""
        return self.suspended_from or S.VERIFYING


class ExpertiseRequest(models.Model):
    """Trưng cầu giám định: a written request to a body to assess a professional or technical matter
    the conclusion rests on (Nghị định 31/2019/NĐ-CP Đ.15 khoản 1, 2, sửa đổi bởi Nghị định
    156/2026/NĐ-CP; for a complaint Luật Khiếu nại 2011 Đ.29 khoản 3 điểm d, Đ.38 and Thông tư
    07/2013/TT-TTCP Đ.15). It names the body, what to assess and the day by which its conclusion is
    asked for; the paper (Mẫu số 09) is numbered in the outgoing register; its sending and the
    conclusion received are recorded. A case may have several, numbered in order (`number`)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="expertise_requests")
    number = models.PositiveSmallIntegerField(_("lần trưng cầu"))
    body = models.CharField(_("cơ quan, tổ chức được yêu cầu giám định"), max_length=255)
    content = models.TextField(_("nội dung yêu cầu giám định"))
    materials = models.TextField(_("thông tin, tài liệu, chứng cứ cần giám định"), blank=True)
    due_on = models.DateField(_("thời hạn đề nghị gửi kết luận giám định"))
    related = models.CharField(_("cơ quan, tổ chức, cá nhân có liên quan nhận văn bản"), max_length=255, blank=True)
    requested_on = models.DateField(_("ngày trưng cầu"))
    requested_by = models.ForeignKey(
        "org.User", verbose_name=_("người quyết định trưng cầu"), on_delete=models.PROTECT, related_name="+"
    )
    # Decided by the body assigned to verify, under the resolver's authorisation (Case.expertise_authorised_*).
    authorised = models.BooleanField(_("quyết định theo ủy quyền của người giải quyết"), default=False)
    # Decided by a complaint's person responsible for verification, a right the law gives them (Luật Khiếu nại
    # 2011 Đ.29 khoản 3 điểm d, Đ.38): they sign the request in their own right (papers.services.paper_signature).
    verifier_by_law = models.BooleanField(_("người có trách nhiệm xác minh quyết định theo luật"), default=False)
    paper_symbol = models.CharField(_("số văn bản trưng cầu giám định"), max_length=64, blank=True)
    sent_on = models.DateField(_("ngày gửi văn bản trưng cầu"), null=True, blank=True)
    sent_by = models.ForeignKey("org.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    conclusion_on = models.DateField(_("ngày nhận kết luận giám định"), null=True, blank=True)
    conclusion_summary = models.TextField(_("tóm tắt kết luận giám định"), blank=True)
    conclusion_attachment = models.ForeignKey(
        "files.Attachment",
        verbose_name=_("tệp kết luận giám định"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    conclusion_by = models.ForeignKey("org.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The case ended (closed, terminated) while its conclusion was still awaited: the request ended with
    # it, unanswered, and its clock was cancelled (casework.cases.services.expertise.expertise_end_with_case).
    ended_on = models.DateField(_("kết thúc cùng hồ sơ ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("trưng cầu giám định")
        verbose_name_plural = _("trưng cầu giám định")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="cases_expertise_number_once"),
            models.CheckConstraint(condition=Q(due_on__gt=models.F("requested_on")), name="cases_expertise_due_later"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}"

    @property
    def awaiting(self) -> bool:
        """No conclusion recorded yet, and the case has not ended: the case still awaits it."""
        return self.conclusion_on is None and self.ended_on is None


class ExplanationEntry(models.TextChoices):
    """What a step of the person denounced's explanation records (Luật Tố cáo 2018 Đ.10 khoản 1 điểm b,
    khoản 2 điểm a, b; Đ.31 khoản 3, 4; Nghị định 31/2019/NĐ-CP Đ.12)."""

    REQUEST = "request", _("Yêu cầu giải trình")
    EXPLAINED = "explained", _("Đã giải trình")
    NO_RESPONSE = "no_response", _("Không giải trình trong thời hạn")
    REFUSED = "refused", _("Từ chối giải trình")


class ExplanationMeans(models.TextChoices):
    """How the person denounced was asked to explain: in writing, or invited to a working session
    (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1)."""

    WRITTEN = "written", _("Văn bản yêu cầu giải trình")
    INVITATION = "invitation", _("Giấy mời làm việc")


class ExplanationForm(models.TextChoices):
    """How the explanation was given: a written explanation, or a working session recorded in a
    biên bản (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1, 2, Mẫu số 08)."""

    WRITTEN = "written", _("Văn bản giải trình")
    SESSION = "session", _("Làm việc trực tiếp, lập biên bản")


class DenouncedExplanation(models.Model):
    """One step of the person denounced's explanation during the verification of a denunciation: a
    request to explain (its day, the deadline given, the means), an explanation received (its day, its
    form, what it says, the evidence given), or the recorded fact that they did not explain by the
    deadline or refused to. The verifier must let them explain and give evidence (Luật Tố cáo 2018 Đ.31
    khoản 4; Đ.10 khoản 1 điểm b) and record in writing what is collected (Đ.31 khoản 3); the verification
    works with them directly and asks them to explain in writing (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1),
    again when the explanation is unclear (khoản 3): a case may have several."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="explanations")
    entry = models.CharField(_("nội dung ghi nhận"), max_length=16, choices=ExplanationEntry.choices)
    on = models.DateField(_("ngày"))
    due_on = models.DateField(_("thời hạn giải trình"), null=True, blank=True)
    means = models.CharField(_("hình thức yêu cầu"), max_length=16, choices=ExplanationMeans.choices, blank=True)
    form = models.CharField(_("hình thức giải trình"), max_length=16, choices=ExplanationForm.choices, blank=True)
    # Who explained: the person denounced, or for a body or organisation denounced its head or representative.
    explainer = models.CharField(_("người giải trình"), max_length=255, blank=True)
    place = models.CharField(_("địa điểm làm việc"), max_length=255, blank=True)
    content = models.TextField(_("nội dung"), blank=True)
    evidence = models.ManyToManyField(
        "files.Attachment", verbose_name=_("thông tin, tài liệu, chứng cứ kèm theo"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("giải trình của người bị tố cáo")
        verbose_name_plural = _("giải trình của người bị tố cáo")
        ordering = ["case", "on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gt=models.F("on")), name="cases_explanation_due_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.entry} {self.on}"


class Submitter(models.Model):
    """Người gửi đơn (complaints and petitions). A group submission names one representative.

    Denouncers are NOT stored here: see `DenouncerIdentity`.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="submitters")
    full_name = models.CharField(_("họ và tên"), max_length=255)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)
    # Số căn cước/định danh cá nhân/hộ chiếu the letter states (Mẫu số 01 "Đơn khiếu nại" of Nghị định
    # 124/2020/NĐ-CP, thay thế bởi Nghị định 155/2026/NĐ-CP Đ.20): sealed under the case's key like a
    # denouncer's identity, read through `submitter_id_numbers` by whom `can_reveal_identity` allows.
    id_number_sealed = models.TextField(blank=True)

    class Meta:
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")
        ordering = ["-is_representative", "pk"]

    def __str__(self) -> str:
        return self.full_name


class RepresentationCapacity(models.TextChoices):
    """In what capacity someone makes a complaint for the complainant (Luật Khiếu nại 2011 Đ.12 khoản 1)."""

    # Điểm a, đoạn 2: a complainant under age or without legal capacity complains through their legal representative.
    LEGAL = "legal", _("Người đại diện theo pháp luật của người khiếu nại")
    # Điểm a, đoạn 3: one ill, old, infirm or otherwise unable authorises a parent, spouse, sibling, adult child or
    # another person with full legal capacity.
    AUTHORISED = "authorised", _("Người được người khiếu nại ủy quyền (người thân hoặc người khác)")
    # Điểm b: a lawyer, or for one entitled to legal aid a legal aid officer, authorised to complain.
    LAWYER = "lawyer", _("Luật sư được ủy quyền khiếu nại")
    LEGAL_AID = "legal_aid", _("Trợ giúp viên pháp lý được ủy quyền khiếu nại")


# The kind of the case's attachment that is the representation's document: the authorisation (Mẫu số 02
# "Giấy ủy quyền khiếu nại", Nghị định 155/2026/NĐ-CP Đ.20) or the papers proving the legal representation.
REPRESENTATION_DOCUMENT = "representation_document"


class ComplaintRepresentative(models.Model):
    """Who makes the complaint for the complainant, in what capacity, under which document and within what
    scope (Luật Khiếu nại 2011 Đ.12 khoản 1 điểm a, b, Đ.16; Nghị định 124/2020/NĐ-CP Đ.5 khoản 3, sửa đổi
    bởi Nghị định 155/2026/NĐ-CP Đ.3). The document is the case's attachment of kind
    `REPRESENTATION_DOCUMENT`; the representative's identity paper number is sealed like the complainant's."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="representative")
    capacity = models.CharField(_("tư cách đại diện"), max_length=16, choices=RepresentationCapacity.choices)
    full_name = models.CharField(_("họ và tên người đại diện, người được ủy quyền"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    id_number_sealed = models.TextField(blank=True)
    document_on = models.DateField(_("ngày của văn bản ủy quyền, giấy tờ đại diện"), null=True, blank=True)
    scope = models.TextField(_("nội dung, phạm vi ủy quyền"), blank=True)
    certified = models.BooleanField(_("văn bản ủy quyền đã được công chứng hoặc chứng thực"), default=False)
    recorded_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("người đại diện, người được ủy quyền khiếu nại")
        verbose_name_plural = _("người đại diện, người được ủy quyền khiếu nại")

    def __str__(self) -> str:
        return self.full_name


class DenouncerIdentity(models.Model):
    """Danh tính người tố cáo, encrypted at rest (Fernet); readable only through `case_identity_reveal`."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="denouncer_identity")
    ciphertext = models.TextField()
    people = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("danh tính người tố cáo (mã hóa)")
        verbose_name_plural = _("danh tính người tố cáo (mã hóa)")

    def __str__(self) -> str:
        return gettext(REDACTED)


class Withdrawal(models.Model):
    """Một lần rút tố cáo, as the law asks it recorded (Luật Tố cáo 2018 Đ.33; Nghị định 31/2019/NĐ-CP
    Đ.4, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.1): the letter (Mẫu số 02) or the record (Mẫu số 03)
    and its day, who made the record, that the denouncer signed or fingerprinted it; which of the
    denouncers withdrew (their positions in the sealed identity, never their names); the grounds on
    which the case still goes on, the officer's assessment, and the measures applied or proposed.

    The withdrawing denouncer's name, address and contact are those of the sealed identity; only
    particulars it does not hold are kept, sealed under the case's key (`particulars_sealed`).

    A complaint signed by several complainants (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung bởi Nghị định
    155/2026/NĐ-CP Đ.5) keeps each withdrawal the same way: the letter (Luật Khiếu nại 2011 Đ.10: "bằng
    đơn có chữ ký hoặc điểm chỉ"), its day and signature, and which of the complainants (`complainants`)
    withdrew by it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="withdrawals")
    means = models.CharField(_("hình thức rút tố cáo"), max_length=16, choices=WithdrawalMeans.choices)
    made_on = models.DateField(_("ngày của đơn rút hoặc biên bản"))
    recorder_role = models.CharField(
        _("người lập biên bản là"), max_length=16, choices=WithdrawalRecorder.choices, blank=True
    )
    recorder = models.ForeignKey(
        "org.User",
        verbose_name=_("người lập biên bản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signature = models.CharField(_("xác nhận của người rút tố cáo"), max_length=16, choices=WithdrawalSignature.choices)
    scope = models.CharField(_("phạm vi rút"), max_length=16)
    # 1-based positions in the sealed identity's list of denouncers; all of them for `all_denouncers`.
    denouncers = models.JSONField(_("người tố cáo rút tố cáo (thứ tự trong danh tính)"), default=list, blank=True)
    all_denouncers = models.BooleanField(_("tất cả người tố cáo rút"), default=False)
    particulars_sealed = models.TextField(blank=True)  # name, address, contact the identity lacks, encrypted
    withdrawn_content = models.TextField(_("nội dung tố cáo được rút"), blank=True)
    # A complaint of several (Nghị định 124/2020/NĐ-CP Đ.7a, bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.5): the
    # complainants who withdrew by this letter; the complaint goes on for the others.
    complainants = models.ManyToManyField(
        Submitter, verbose_name=_("người khiếu nại rút khiếu nại"), blank=True, related_name="withdrawals"
    )
    continue_grounds = models.JSONField(_("căn cứ vẫn tiếp tục giải quyết"), default=list, blank=True)
    assessment = models.TextField(_("đánh giá khi người tố cáo rút tố cáo"), blank=True)
    measures = models.TextField(_("biện pháp đã áp dụng hoặc đề nghị"), blank=True)
    recorded_by = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi nhận")
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("việc rút tố cáo")
        verbose_name_plural = _("việc rút tố cáo")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_means_display()} {self.made_on:%d/%m/%Y}"

    @property
    def continue_grounds_labels(self) -> list[str]:
        labels = dict(ContinueGround.choices)
        return [str(labels.get(g, g)) for g in self.continue_grounds]


class IdentityGrant(models.Model):
    """A grant by the person who decides the case to someone else to see the denouncer's identity,
    with its reason (Luật Tố cáo Đ.47: nobody else sees it without one). Audited when made."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey("org.User", on_delete=models.CASCADE, related_name="identity_grants")
    granted_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=500)
    granted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cho phép xem danh tính người tố cáo")
        verbose_name_plural = _("cho phép xem danh tính người tố cáo")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="cases_identity_grant_once")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.user_id}"


class ConflictDeclaration(models.Model):
    """Khai báo xung đột lợi ích: the user may not be assigned to this case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey("org.User", on_delete=models.CASCADE, related_name="case_conflicts")
    note = models.CharField(_("lý do"), max_length=255)
    declared_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="cases_conflict_once")]


class Delegation(models.Model):
    """Ủy quyền: the competent body (BCH/BTV of `unit`) lets `delegate` (usually the inspection
    committee's chair) approve resolutions of the listed kinds on its behalf, for a period, by a
    document. Without one in force, only the body's members decide (casework.cases.permissions)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="delegations", verbose_name=_("đơn vị ủy quyền")
    )
    delegate = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, related_name="delegations", verbose_name=_("người được ủy quyền")
    )
    kinds = models.JSONField(
        _("loại đơn được ủy quyền"), default=list, help_text=_("complaint, denunciation, petition")
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_until = models.DateField(_("đến ngày"), null=True, blank=True)
    document = models.CharField(_("văn bản ủy quyền"), max_length=128)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ủy quyền giải quyết")
        verbose_name_plural = _("ủy quyền giải quyết")
        ordering = ["unit", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="cases_delegation_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.delegate} ({self.document})"


class DisciplineForm(models.TextChoices):
    """Hình thức kỷ luật, lightest first within each subject's scale (QĐ 5130/QĐ-TLĐ)."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")
    KHAI_TRU = "khai_tru", _("Khai trừ")
    GIAI_TAN = "giai_tan", _("Giải tán")


class DisciplineSubject(models.TextChoices):
    MEMBER = "member", _("Đoàn viên")
    PART_TIME_CADRE = "part_time_cadre", _("Cán bộ công đoàn không chuyên trách")
    FULL_TIME_CADRE = "full_time_cadre", _("Cán bộ công đoàn chuyên trách")
    COLLECTIVE = "collective", _("Tập thể (BCH, BTV, UBKT, tổ chức công đoàn)")


F_ = DisciplineForm
# The forms each kind of subject may receive, lightest to heaviest (QĐ 5130/QĐ-TLĐ, 2022).
DISCIPLINE_SCALES = {
    DisciplineSubject.MEMBER: [F_.KHIEN_TRACH, F_.CANH_CAO, F_.KHAI_TRU],
    DisciplineSubject.PART_TIME_CADRE: [F_.KHIEN_TRACH, F_.CANH_CAO, F_.CACH_CHUC],
    DisciplineSubject.FULL_TIME_CADRE: [F_.KHIEN_TRACH, F_.CANH_CAO, F_.HA_BAC_LUONG, F_.CACH_CHUC, F_.BUOC_THOI_VIEC],
    DisciplineSubject.COLLECTIVE: [F_.KHIEN_TRACH, F_.CANH_CAO, F_.GIAI_TAN],
}


class DisciplineProceeding(models.Model):
    """Kỷ luật: proposed, then decided by secret ballot of the competent body (QĐ 5130/QĐ-TLĐ).

    The ballot is recorded as a meeting (date, members of the body, members present, quorum),
    the votes for each proposed form, and the outcome: the form that more than half of the body's
    members voted for, or none. A body's member signs the decision on its behalf. It arises from
    exactly one source: a case (a denunciation), a flag (a sign of violation) or an inspection's
    conclusion.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Chờ bỏ phiếu kín")
        DECIDED = "decided", _("Đã quyết định kỷ luật")
        NOT_ADOPTED = "not_adopted", _("Không đủ phiếu: không kỷ luật")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="disciplines", verbose_name=_("hồ sơ"), null=True, blank=True
    )
    flag = models.ForeignKey(
        "inspections.Flag",
        on_delete=models.PROTECT,
        related_name="disciplines",
        verbose_name=_("dấu hiệu vi phạm"),
        null=True,
        blank=True,
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        related_name="disciplines",
        verbose_name=_("cuộc kiểm tra"),
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị có thẩm quyền kỷ luật")
    )
    subject_kind = models.CharField(_("đối tượng"), max_length=20, choices=DisciplineSubject.choices)
    subject_name = models.CharField(_("người, tập thể bị đề nghị kỷ luật"), max_length=255)
    violations = models.JSONField(_("vi phạm và hình thức tương ứng"), default=list)
    proposed_form = models.CharField(_("hình thức đề nghị"), max_length=20, choices=DisciplineForm.choices)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    meeting_on = models.DateField(_("ngày họp"), null=True, blank=True)
    members_total = models.PositiveSmallIntegerField(_("tổng số ủy viên"), null=True, blank=True)
    members_present = models.PositiveSmallIntegerField(_("số ủy viên có mặt"), null=True, blank=True)
    votes = models.JSONField(_("số phiếu đồng ý theo hình thức"), default=dict, blank=True)
    outcome = models.CharField(
        _("hình thức được quyết định"), max_length=20, choices=DisciplineForm.choices, blank=True
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    signed_by = models.ForeignKey("org.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, flag__isnull=True, inspection__isnull=True)
                | Q(case__isnull=True, flag__isnull=False, inspection__isnull=True)
                | Q(case__isnull=True, flag__isnull=True, inspection__isnull=False),
                name="cases_discipline_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.get_proposed_form_display()} ({self.get_status_display()})"

    @property
    def source(self) -> Any:
        """What the proceeding is about: its case, flag or inspection."""
        return self.case or self.flag or self.inspection

    @property
    def reference(self) -> str:
        """The source's reference: what the discipline decision's entry in the register points at."""
        return self.source.reference


class SubmissionStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ đăng ký")
    REGISTERED = "registered", _("Đã đăng ký")
    REJECTED = "rejected", _("Không đăng ký được")


class IntakeSubmission(ConcurrentTransitionMixin, models.Model):
    """Đơn gửi qua API chờ đăng ký (queued intake, `POST /api/intake/`).

    The request checks the letter and the sender's scope, stores it here and answers 202; a
    worker registers it through `case_intake` (the same rules, the same transaction with the
    audit event, deadline and outbox) under the sender's name. The row is the record of what
    was sent and when; the audit chain records its outcome (`case.intake` or `intake.rejected`).
    """

    actor = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("người gửi"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    payload = models.JSONField(_("nội dung gửi"))
    status = FSMField(_("trạng thái"), default=SubmissionStatus.QUEUED, choices=SubmissionStatus.choices)
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="submission", verbose_name=_("hồ sơ")
    )
    errors = models.JSONField(_("lỗi"), default=dict, blank=True)
    # The request's IP, user agent and id: the audit event written later carries them.
    meta = models.JSONField(default=dict, blank=True)
    key = models.CharField(_("Idempotency-Key"), max_length=255, blank=True, default="")
    request_hash = models.CharField(max_length=64, blank=True, default="")
    submitted_at = models.DateTimeField(_("thời điểm gửi"))
    # Failed registrations (an unexpected error, not a refusal): retried, then refused.
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn gửi qua API chờ đăng ký")
        verbose_name_plural = _("đơn gửi qua API chờ đăng ký")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "key"], condition=~Q(key=""), name="cases_intakesubmission_key_once"
            ),
        ]
        # The queue: what the worker claims, oldest first; small however long the history grows.
        indexes = [
            models.Index(fields=["id"], condition=Q(status="queued"), name="cases_intakesubmission_queued"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_status_display()})"

    @transition(field=status, source=SubmissionStatus.QUEUED, target=SubmissionStatus.REGISTERED)
    def register(self, case: Case) -> None:
        self.case = case

    @transition(field=status, source=SubmissionStatus.QUEUED, target=SubmissionStatus.REJECTED)
    def reject(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors


class PublicationForm(models.TextChoices):
    """The forms of publishing a denunciation's conclusion (Luật Tố cáo 2018 Đ.40 khoản 2; Nghị định
    31/2019/NĐ-CP Đ.6 khoản 2) or a second-round complaint's decision (Luật Khiếu nại 2011 Đ.41 khoản 2, the web
    portal being one of its mass media): one or several, as the resolver decides by the case."""

    MEETING = "meeting", _("Công bố tại cuộc họp")
    POSTING = "posting", _("Niêm yết tại trụ sở làm việc hoặc nơi tiếp công dân")
    PORTAL = "portal", _("Đăng tải trên cổng thông tin điện tử hoặc mạng thông tin nội bộ")
    MEDIA = "media", _("Thông báo trên phương tiện thông tin đại chúng")


class PublicationMedia(models.TextChoices):
    """Mass media (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm d): print, radio and television at least 02
    consecutive times; an online newspaper or web portal at least 15 consecutive days."""

    PRINT = "print", _("Báo in")
    RADIO = "radio", _("Báo nói")
    TELEVISION = "television", _("Báo hình")
    ONLINE = "online", _("Báo điện tử, cổng thông tin điện tử")


class MeetingAttendee(models.TextChoices):
    """Who a meeting publishing the result must include. A denunciation's conclusion (Nghị định 31/2019/NĐ-CP
    Đ.6 khoản 2 điểm a): the resolver, the verifier, the person denounced, the head of the body where that person
    works, and others concerned. A second-round complaint's decision (Luật Khiếu nại 2011 Đ.41 khoản 3, as the
    Bộ pháp điển codifies it in Điều 18.1.NĐ.1.12 khoản 2 and Điều 18.1.TT.1.22 khoản 3 điểm a): the decision
    maker, the complainant or their representative, the person complained about, and others concerned."""

    RESOLVER = "resolver", _("Người giải quyết tố cáo")
    VERIFIER = "verifier", _("Người xác minh nội dung tố cáo")
    DENOUNCED = "denounced", _("Người bị tố cáo")
    DENOUNCED_HEAD = "denounced_head", _("Người đứng đầu cơ quan, tổ chức, đơn vị nơi người bị tố cáo công tác")
    DECIDER = "decider", _("Người ra quyết định giải quyết khiếu nại")
    COMPLAINANT = "complainant", _("Người khiếu nại hoặc người đại diện")
    COMPLAINED = "complained", _("Người bị khiếu nại")
    CONCERNED = "concerned", _("Cơ quan, tổ chức, cá nhân có liên quan")


class PublicationRecord(models.Model):
    """What a publication recorded holds (casework.cases.services.publicity): when, by which forms, where and for
    how long it was published, and `text`, what was published: nothing about the denouncer (Luật Tố cáo 2018 Đ.40
    khoản 3) nor the complainant's particulars."""

    published_on = models.DateField(_("ngày công khai"))
    forms = models.JSONField(_("hình thức công khai"), default=list)
    meeting = models.CharField(_("cuộc họp công bố, thành phần"), max_length=255, blank=True)
    meeting_on = models.DateField(_("ngày họp công bố"), null=True, blank=True)
    # A second-round complaint's decision: the written notice to those concerned at least 03 working days before
    # the meeting (Điều 18.1.NĐ.1.12 khoản 2 and Điều 18.1.TT.1.22 khoản 3 điểm a of the Bộ pháp điển).
    meeting_notified_on = models.DateField(_("ngày gửi văn bản thông báo cuộc họp"), null=True, blank=True)
    meeting_attendees = models.JSONField(_("thành phần tham dự cuộc họp"), default=list, blank=True)
    posting_place = models.CharField(_("nơi niêm yết"), max_length=255, blank=True)
    posting_from = models.DateField(_("niêm yết từ ngày"), null=True, blank=True)
    posting_until = models.DateField(_("niêm yết đến hết ngày"), null=True, blank=True)
    posting_days = models.PositiveSmallIntegerField(_("số ngày niêm yết liên tục"), null=True, blank=True)
    portal = models.CharField(_("cổng thông tin điện tử, mạng nội bộ"), max_length=255, blank=True)
    portal_from = models.DateField(_("đăng tải từ ngày"), null=True, blank=True)
    portal_days = models.PositiveSmallIntegerField(_("số ngày đăng tải liên tục"), null=True, blank=True)
    # The last day the public page shows the web posting: the end recorded, or the least the law allows when the
    # end is not known (`portal_days` empty) (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2 điểm c; Luật Khiếu nại 2011
    # Đ.41 khoản 3).
    portal_until = models.DateField(_("đăng tải đến hết ngày"), null=True, blank=True)
    media_name = models.CharField(_("tên phương tiện thông tin đại chúng"), max_length=255, blank=True)
    media_kind = models.CharField(
        _("loại phương tiện thông tin đại chúng"), max_length=16, choices=PublicationMedia.choices, blank=True
    )
    media_times = models.PositiveSmallIntegerField(_("số lần thông báo liên tục"), null=True, blank=True)
    media_days = models.PositiveSmallIntegerField(_("số ngày đăng liên tục"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    attachment = models.ForeignKey(
        "files.Attachment",
        verbose_name=_("tệp đính kèm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("nội dung công khai"))
    recorded_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        abstract = True


class ConclusionPublication(PublicationRecord):
    """Công khai kết luận nội dung tố cáo (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6) or công khai quyết
    định giải quyết khiếu nại lần hai (Luật Khiếu nại 2011 Đ.41 khoản 2, 3), recorded once per case by the
    resolver."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="publication", verbose_name=_("hồ sơ"))

    class Meta:
        verbose_name = _("công khai kết luận nội dung tố cáo, quyết định giải quyết khiếu nại lần hai")
        verbose_name_plural = _("công khai kết luận nội dung tố cáo, quyết định giải quyết khiếu nại lần hai")

    def __str__(self) -> str:
        return f"{self.case_id} {self.published_on:%d/%m/%Y}"


class DisciplinePublication(PublicationRecord):
    """Công khai quyết định xử lý hành vi vi phạm bị tố cáo: the discipline decision on a denunciation's case
    published by the body that issued it, the one with disciplinary authority (Luật Tố cáo 2018 Đ.40 khoản 1, 2;
    Nghị định 31/2019/NĐ-CP Đ.6), recorded once per decision on each denunciation's case whose denounced violation
    it handles (a decision on an inspection that took flags raised from several denunciations handles each)."""

    discipline = models.ForeignKey(
        DisciplineProceeding,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("quyết định kỷ luật"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="discipline_publications", verbose_name=_("hồ sơ")
    )

    class Meta:
        verbose_name = _("công khai quyết định xử lý kỷ luật người bị tố cáo")
        verbose_name_plural = _("công khai quyết định xử lý kỷ luật người bị tố cáo")
        constraints = [
            models.UniqueConstraint(fields=["discipline", "case"], name="cases_discipline_publication_once_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.discipline_id} {self.published_on:%d/%m/%Y}"


class VerificationAssignment(models.Model):
    """Giao xác minh nội dung tố cáo: the written assignment of a denunciation's verification (Luật Tố cáo 2018
    Đ.31 khoản 1, 2): its day, who is assigned (one officer, or a verification team of two or more with a
    leader, Nghị định 31/2019/NĐ-CP Đ.10 khoản 1, Mẫu số 07), the content to verify and the time to verify
    it; the person denounced and the rights and duties of those assigned (Đ.31 khoản 5, Đ.11) are the case's
    and the statute's, printed on its paper. The person resolving the denunciation may verify it personally
    (`personally`, Đ.31 khoản 1; Nghị định 31/2019/NĐ-CP Đ.10 khoản 1): the same record, with that person as
    its one member and leader. A later assignment replaces an earlier one.

    A complaint's is the same record: the resolver verifies personally or assigns the person responsible for
    verifying it (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b; the second round, Đ.38), its decision made on Mẫu số
    03-KN, a verification team's on Mẫu số 04-KN (Thông tư 07/2013/TT-TTCP Đ.7 khoản 1, 2, as the local
    mirror's Bộ pháp điển has it; whether those forms are still in force is not readable there)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="verification_assignments")
    on = models.DateField(_("ngày giao xác minh"))
    leader = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("người được giao, tổ trưởng")
    )
    members = models.ManyToManyField("org.User", related_name="+", verbose_name=_("người được giao xác minh"))
    personally = models.BooleanField(_("người giải quyết tự mình xác minh"), default=False)
    content = models.TextField(_("nội dung cần xác minh"))
    starts_on = models.DateField(_("xác minh từ ngày"))
    ends_on = models.DateField(_("xác minh đến ngày"))
    recorded_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("giao xác minh nội dung khiếu nại, tố cáo")
        verbose_name_plural = _("giao xác minh nội dung khiếu nại, tố cáo")
        ordering = ["case", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cases_verification_period"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.on}"


class ComplaintFoundRight(models.Model):
    """Kiểm tra lại: the first-round resolver re-examined the decision or act complained of and found the
    complaint right (khiếu nại đúng), so decides it at once, with no verification to assign (Luật Khiếu nại 2011
    Đ.29 khoản 1 điểm a "nếu khiếu nại đúng thì ra quyết định giải quyết khiếu nại ngay"; Thông tư
    07/2013/TT-TTCP Đ.6 khoản 3): the day, the reason (what was re-examined, Đ.6 khoản 2, and why the complaint
    is right) and who recorded it. The proposal that follows is of a complaint right (Outcome.FOUNDED)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="found_right")
    on = models.DateField(_("ngày kiểm tra lại"))
    reason = models.TextField(_("căn cứ xác định khiếu nại đúng"))
    recorded_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("kiểm tra lại: khiếu nại đúng")
        verbose_name_plural = _("kiểm tra lại: khiếu nại đúng")

    def __str__(self) -> str:
        return f"{self.case_id} {self.on}"


class CriminalBody(models.TextChoices):
    """Where a denunciation's file goes when the violation shows signs of a crime (Luật Tố cáo 2018 Đ.36
    khoản 2; Đ.27 khoản 1)."""

    INVESTIGATION = "investigation", _("Cơ quan điều tra")
    PROCURACY = "procuracy", _("Viện kiểm sát nhân dân")


class CriminalReferral(models.Model):
    """Chuyển hồ sơ vụ việc có dấu hiệu tội phạm: after the conclusion, the file sent to the competent
    investigating body or procuracy (Luật Tố cáo 2018 Đ.36 khoản 2): to whom, the day, the paper's number."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="criminal_referrals")
    body_kind = models.CharField(_("cơ quan nhận hồ sơ"), max_length=16, choices=CriminalBody.choices)
    body_name = models.CharField(_("tên cơ quan nhận hồ sơ"), max_length=255)
    on = models.DateField(_("ngày chuyển hồ sơ"))
    reference = models.CharField(_("số, ký hiệu văn bản chuyển hồ sơ"), max_length=64)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("chuyển hồ sơ có dấu hiệu tội phạm")
        verbose_name_plural = _("chuyển hồ sơ có dấu hiệu tội phạm")
        ordering = ["case", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.body_kind} {self.on}"
