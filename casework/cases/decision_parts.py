"""The parts a decision on a complaint or a conclusion on a denunciation must contain, each entered apart,
checked and printed under its own heading.

- Denunciation, Luật Tố cáo 2018 Đ.35 khoản 2: a) kết quả xác minh; b) căn cứ pháp luật; c) kết luận đúng,
  đúng một phần hoặc sai sự thật (the outcome) and the responsibility of each one concerned; d) the measures
  taken within competence and those recommended to others; đ) recommendations on policy and law.
- Complaint, Luật Khiếu nại 2011 Đ.31 khoản 2 (first round) and Đ.40 khoản 2 (second round): the verification
  result (Đ.31 d, Đ.40 đ), the legal basis (e, g), the conclusion on the content (g, h), keeping, amending or
  cancelling the decision or act complained of and settling the specific issues (h), compensation if any (i).
  The day, the parties, the content of the complaint, the dialogue's result and the rights to go further are
  the case's own data and the paper's wording, not typed here.

`decision_text` is part c (g, h): a case decided before the parts existed has only it, and prints it as
the decision's reasoning under no part heading.

The module reads no model at import (the kinds and statuses are read within its functions), so that
casework.cases.identity, imported before the app registry is ready, can take `PART_FIELDS` and
`DRAFT_FIELDS` from it: what the audit chain seals and what a denunciation's masks go through follow
this one list."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PART_MAX_LENGTH = 20000


@dataclass(frozen=True)
class DecisionPart:
    field: str
    label: Promise  # the form's and the API's name for it, in the reader's language
    heading: str  # the paper's heading, the statute's words
    required: bool


DENUNCIATION_PARTS = (
    DecisionPart(
        "verification_result",
        _("Kết quả xác minh nội dung tố cáo"),
        "Kết quả xác minh nội dung tố cáo",
        True,
    ),
    DecisionPart(
        "legal_basis",
        _("Căn cứ pháp luật để xác định có hay không có hành vi vi phạm pháp luật"),
        "Căn cứ pháp luật để xác định có hay không có hành vi vi phạm pháp luật",
        True,
    ),
    DecisionPart(
        "decision_text",
        _("Kết luận về nội dung tố cáo; trách nhiệm của từng cơ quan, tổ chức, cá nhân liên quan"),
        "Kết luận về nội dung tố cáo; xác định trách nhiệm của từng cơ quan, tổ chức, cá nhân liên quan",
        True,
    ),
    DecisionPart(
        "resolution_measures",
        _("Các biện pháp xử lý theo thẩm quyền cần thực hiện; kiến nghị áp dụng biện pháp xử lý"),
        "Các biện pháp xử lý theo thẩm quyền cần thực hiện; kiến nghị cơ quan, tổ chức, cá nhân khác áp dụng "
        "các biện pháp xử lý theo thẩm quyền",
        True,
    ),
    DecisionPart(
        "policy_recommendations",
        _("Kiến nghị sửa đổi, bổ sung chính sách, pháp luật, bảo vệ lợi ích hợp pháp"),
        "Kiến nghị cơ quan có thẩm quyền xem xét sửa đổi, bổ sung chính sách, pháp luật, áp dụng các biện pháp "
        "cần thiết để bảo vệ lợi ích của Nhà nước, quyền và lợi ích hợp pháp của cơ quan, tổ chức, cá nhân",
        True,
    ),
)

COMPLAINT_PARTS = (
    DecisionPart(
        "verification_result", _("Kết quả xác minh nội dung khiếu nại"), "Kết quả xác minh nội dung khiếu nại", True
    ),
    DecisionPart(
        "legal_basis", _("Căn cứ pháp luật để giải quyết khiếu nại"), "Căn cứ pháp luật để giải quyết khiếu nại", True
    ),
    DecisionPart("decision_text", _("Kết luận nội dung khiếu nại"), "Kết luận nội dung khiếu nại", True),
    DecisionPart(
        "resolution_measures",
        _("Giữ nguyên, sửa đổi, bổ sung hoặc hủy bỏ quyết định, hành vi bị khiếu nại; giải quyết vấn đề cụ thể"),
        "Giữ nguyên, sửa đổi, bổ sung hoặc hủy bỏ một phần hay toàn bộ quyết định hành chính, chấm dứt hành vi "
        "hành chính bị khiếu nại; giải quyết các vấn đề cụ thể trong nội dung khiếu nại",
        True,
    ),
    DecisionPart(
        "compensation",
        _("Việc bồi thường thiệt hại (nếu có)"),
        "Việc bồi thường thiệt hại (nếu có)",
        False,
    ),
)

# A petition's answer, or a kind with no statutory parts: the one text.
TEXT_ONLY = (DecisionPart("decision_text", _("Nội dung văn bản"), "", True),)


def draft_field(field: str) -> str:
    """The case's field holding the proposal's draft of the part `field`."""
    return f"proposal_{field}"


# Every case field a part of a decision or conclusion is stored in, of any kind, and its draft's: the
# texts that name people, sealed in the audit chain (casework.cases.identity.PERSONAL_AUDIT_FIELDS) and
# masked on a denunciation (casework.cases.services.identity.CASE_OFFICER_TEXTS).
PART_FIELDS = tuple(
    dict.fromkeys(part.field for parts in (DENUNCIATION_PARTS, COMPLAINT_PARTS, TEXT_ONLY) for part in parts)
)
DRAFT_FIELDS = tuple(draft_field(field) for field in PART_FIELDS)


def decision_parts(kind: str) -> tuple[DecisionPart, ...]:
    """The parts of the decision or conclusion on a case of this kind (its one text for a petition)."""
    from casework.cases.models import Kind

    if kind == Kind.DENUNCIATION:
        return DENUNCIATION_PARTS
    if kind == Kind.COMPLAINT:
        return COMPLAINT_PARTS
    return TEXT_ONLY


def has_parts(case: object) -> bool:
    """Whether the case's decision was written in parts: one decided before them has only its text."""
    parts = decision_parts(getattr(case, "kind", ""))
    return any(getattr(case, part.field) for part in parts if part.field != "decision_text")


def decision_parts_shown(case: object) -> list[tuple[Promise, str]]:
    """The parts of the case's decision with text, labelled, for its page: none for a case decided before
    the parts existed (its one text is shown as it is)."""
    if not has_parts(case):
        return []
    return [
        (part.label, text)
        for part in decision_parts(getattr(case, "kind", ""))
        if (text := getattr(case, part.field).strip())
    ]


# The proposal's draft of each part (Case.proposal_<part>): who verified reports the result and recommends
# (Luật Tố cáo 2018 Đ.31 khoản 6; Luật Khiếu nại 2011 Đ.29 khoản 4 điểm đ, e, Đ.38), drafting the parts for
# the one who issues the decision or conclusion to review. Optional: a proposal may be its report alone.
def proposal_parts_shown(case: object) -> list[tuple[Promise, str]]:
    """The proposal's drafted parts with text, labelled as the case's kind reads, for its page."""
    return [
        (part.label, text)
        for part in decision_parts(getattr(case, "kind", ""))
        if (text := getattr(case, draft_field(part.field)).strip())
    ]


def decision_draft(case: object) -> dict[str, str]:
    """What the decision or conclusion starts from, part by part: the approved proposal's draft of each
    part, and, when the verification result was not drafted, the re-examination's result on a complaint
    decided on it with no verification (`found_right_part_draft`), else the proposal's report itself. Empty
    on a case whose proposal is not approved."""
    from casework.cases.models import Status

    if getattr(case, "status", "") != Status.APPROVED:
        return {}
    parts = decision_parts(getattr(case, "kind", ""))
    draft = {part.field: text for part in parts if (text := getattr(case, draft_field(part.field)))}
    if any(part.field == "verification_result" for part in parts) and "verification_result" not in draft:
        draft.update(found_right_part_draft(case))
        draft.setdefault("verification_result", getattr(case, "proposal", ""))
    return draft


def found_right_part_draft(case: object) -> dict[str, str]:
    """A first complaint found right on re-examination, with no verification (Luật Khiếu nại 2011 Đ.29 khoản 1
    điểm a; `Case.decided_on_reexamination`): the decision's part "Kết quả xác minh nội dung khiếu nại" (Đ.31
    khoản 2 điểm d) states what the re-examination found, so it starts from the reason recorded. Empty on any
    other case."""
    found = getattr(case, "reexamination_found_right", None)
    row = found() if callable(found) else None
    return {"verification_result": row.reason} if row is not None and row.reason else {}


def found_right_part_help() -> Promise:
    """What the form says of that part on that way (`found_right_part_draft`)."""
    return _(
        "Khiếu nại đúng khi kiểm tra lại, không giao xác minh (Luật Khiếu nại 2011 Điều 29 khoản 1 điểm a): phần "
        "này ghi kết quả kiểm tra lại quyết định, hành vi bị khiếu nại, bắt đầu từ căn cứ đã ghi nhận."
    )
