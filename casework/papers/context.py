"""What a paper says: the template's text filled from a case or an inspection, and its layout.

Templates are administrator data rendered with Django's template language on a context of plain
strings (no model objects reach a template, so an edited template can only print these values).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template import Context, Engine
from django.utils import timezone

from casework.cases.models import (
    Case,
    DenunciationComplexityCriterion,
    DialogueNoticeRecipient,
    DisciplineForm,
    DisciplineProceeding,
    Kind,
)
from casework.org.models import Unit
from casework.papers.defaults import GROUNDS
from casework.papers.layout import PaperLayout
from casework.papers.models import DocKind, Issuer, PaperGrounds, PaperTemplateVersion
from casework.papers.verification import SAMPLE_VERIFICATION, verification_values
from casework.reports.official import in_vietnamese

TOP_UNION = "Tổng Liên đoàn Lao động Việt Nam"
COMMITTEE_BODY = "Ủy ban kiểm tra"
_ENGINE = Engine(autoescape=False)
UNKNOWN = "\x00unknown\x00"
_CHECKING_ENGINE = Engine(autoescape=False, string_if_invalid=UNKNOWN)

# The notices the case and inspection pages offer, and the template each is made from.
CASE_NOTICE_KEYS = {
    "accept": "case.accept",
    "refuse": "case.refuse",
    "transfer": "case.transfer",
    "transfer_notice": "case.transfer_notice",
    "extension": "case.extension",
    "result": "case.result",
    "termination": "case.termination",
    "suspension": "case.suspension",
    "resumption": "case.resumption",
    "withdrawal_record": "case.withdrawal_record",
    "dialogue": "case.dialogue_record",
    "expertise": "case.expertise",
    "publication": "case.publication",
    "decision_publication": "case.decision_publication",
    "explanation_request": "case.explanation_request",
    "verification_assignment": "case.verification_assignment",
    "explanation_session": "case.explanation_session",
}
# A complaint's resumption decision has its own form (Mẫu số 14b, Nghị định 124/2020/NĐ-CP Đ.28b khoản 2,
# bổ sung bởi Nghị định 155/2026/NĐ-CP).
RESUMPTION_KEYS = {Kind.DENUNCIATION: "case.resumption", Kind.COMPLAINT: "case.complaint_resumption"}
# A complaint's verification is assigned by its decision (Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38).
VERIFICATION_KEYS = {
    Kind.DENUNCIATION: "case.verification_assignment",
    Kind.COMPLAINT: "case.complaint_verification_assignment",
}
# Papers a target may have several of: one per extension decision (Luật Tố cáo Đ.30), one per
# suspension and one per resumption of a denunciation or a complaint (a case resumed can be suspended
# again, Đ.34; Nghị định 124/2020/NĐ-CP Đ.28b), one per request for an expert assessment (Nghị định
# 31/2019/NĐ-CP Đ.15, sửa đổi bởi Nghị định 156/2026/NĐ-CP).
# A denunciation's record of withdrawal: one per withdrawal recorded by a record (Nghị định 31/2019/NĐ-CP
# Đ.4 khoản 2, 3, sửa đổi bởi Nghị định 156/2026/NĐ-CP: each of several denouncers may withdraw apart).
# One request to the person denounced to explain per request recorded (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1, 3).
REPEATED_KEYS = frozenset(
    {
        "case.extension",
        "case.suspension",
        *RESUMPTION_KEYS.values(),
        "case.withdrawal_record",
        "case.expertise",
        "case.explanation_request",
        *VERIFICATION_KEYS.values(),  # one per assignment (a later one replaces it: Luật Tố cáo 2018 Đ.31)
        "case.explanation_session",  # one per working session (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2)
    }
)
# Papers signed by hand by everyone they name, with no system signer: the biên bản đối thoại is signed
# by the parties and whoever chaired the dialogue (Nghị định 124/2020/NĐ-CP Đ.28 khoản 4, Mẫu số 14); its
# scan is recorded against the registered paper. It cites no Căn cứ.
# So is the biên bản làm việc with the person denounced (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2, Mẫu số 08).
HAND_SIGNED_KEYS = frozenset({"case.dialogue_record", "case.explanation_session"})
# The forms with a line for the complainant's identity document: Mẫu số 03 (thông báo thụ lý) and Mẫu số 14
# mục I.3 (biên bản đối thoại), Nghị định 124/2020/NĐ-CP thay thế bởi Nghị định 155/2026/NĐ-CP Đ.20 khoản 1.
# Mẫu số 04 and Mẫu số 14a have none. The number is kept sealed (cases.Submitter.id_number_sealed): the
# register keeps ID_SEALED in its place, the paper issued prints it (`id_number_values`).
ID_DOCUMENT_KEYS = frozenset({"case.accept", "case.dialogue_record"})
# Of those, the form whose line names who takes part for the complainant, the representative or the person
# authorised included: Mẫu số 14 mục I.3. Mẫu số 03 answers the letter of the complainant alone.
REPRESENTATIVE_NAMED_KEYS = frozenset({"case.dialogue_record"})
ID_SEALED = "(đã niêm phong)"
INSPECTION_DOC_KEYS = {
    "decision": "inspection.decision",
    "notice": "inspection.notice",
    "conclusion": "inspection.conclusion",
}


def case_paper_key(case: Case, notice: str) -> str:
    if notice == "decision":
        return "case.conclusion" if case.kind == Kind.DENUNCIATION else "case.decision"
    if notice == "resumption":
        return RESUMPTION_KEYS.get(case.kind, "case.resumption")
    if notice == "verification_assignment":
        return VERIFICATION_KEYS.get(case.kind, "case.verification_assignment")
    return CASE_NOTICE_KEYS[notice]


def render_text(source: str, values: dict[str, str]) -> str:
    return _ENGINE.from_string(source).render(Context(values, autoescape=False))


def unknown_placeholders(source: str, key: str) -> bool:
    """True when the text names a value the paper does not have (a typo an administrator would
    otherwise only see as a blank on a printed paper)."""
    sample = sample_values(key)
    rendered = _CHECKING_ENGINE.from_string(source).render(Context(sample, autoescape=False))
    return UNKNOWN in rendered


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def superior_name(unit: Unit) -> str:
    return unit.parent.name if unit.parent_id else TOP_UNION


def grounds_for(*, policy_version: Any, subject: str) -> PaperGrounds:
    """The Căn cứ and next-step row of the policy version; an older version's row, or the shipped
    default, when the version has none of its own."""
    row = (
        PaperGrounds.objects.filter(subject=subject, policy_version__number__lte=policy_version.number)
        .order_by("-policy_version__number")
        .first()
    )
    if row is not None:
        return row
    return PaperGrounds(policy_version=policy_version, subject=subject, **GROUNDS.get(subject, GROUNDS["petition"]))


def next_step_text(grounds: PaperGrounds, *, remote: bool, superior: str) -> str:
    if not grounds.next_step:
        return ""
    days = grounds.next_step_days_remote if remote and grounds.next_step_days_remote else grounds.next_step_days
    return render_text(grounds.next_step, {"days": str(days or ""), "superior": superior})


def _day(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "……"


@in_vietnamese
def case_values(case: Case, key: str) -> tuple[dict[str, str], PaperGrounds]:
    from casework.reports.documents import case_recipient

    grounds = grounds_for(policy_version=case.policy_version, subject=case.deadline_subject)
    superior = superior_name(case.unit)
    subject = case.subject_person or (case.subject_unit.name if case.subject_unit_id else "")
    decision_paper = _issued_symbol(case, "case.decision" if case.kind == Kind.COMPLAINT else "case.conclusion")
    number = decision_paper or case.decision_number
    values = {
        "reference": case.reference,
        "unit": case.unit.name,
        "superior": superior,
        "kind_lower": case.get_kind_display().lower(),
        # A complaint's notices and decisions follow the forms of Nghị định 124/2020/NĐ-CP (Mẫu số 03, 04,
        # 14a, thay thế, bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.20).
        "is_complaint": "có" if case.kind == Kind.COMPLAINT else "",
        "submitter_address": complainant_address(case),
        **id_number_values(case, key, numbers={}),
        "title": case.title,
        "received_on": _day(case.received_on),
        "accepted_on": _day(case.accepted_on),
        "legal_ground": case.legal_ground or "quy định của pháp luật",
        "refusal_ground": str(case.get_refusal_ground_display() or ""),
        "triage_note": case.triage_note,
        "transfer_body": case.transfer_body,
        "transferred_from": transferred_from(case),
        "first_resolver": first_resolver(case),
        "outcome": str(case.get_outcome_display() or ""),
        "outcome_lower": str(case.get_outcome_display() or "").lower(),
        "decision_text": case.decision_text,
        "decision_ref": f" (văn bản số {number} ngày {_day(case.decided_on)})" if number else "",
        "submitter": str(case_recipient(case)),
        "subject_person_or_unit": subject or "……",
        "subject_recipient": f"Người bị {case.get_kind_display().lower()}: {subject}"
        if subject
        else "Các bên liên quan",
        "subject_recipient_lower": f"người bị {case.get_kind_display().lower()}" if subject else "các bên liên quan",
        "decided_on": _day(case.decided_on),
        "termination_ground": str(case.get_termination_ground_display() or ""),
        "suspension_ground": str(case.get_suspension_ground_display() or ""),
        "subject_manager": case.subject_unit.name if case.subject_unit_id else superior,
        "round_label": "lần hai" if case.round == 2 else "lần đầu",
        "next_step": "",
        "transferred_on": _day(case.closed_on),
        "complexity_label": "đặc biệt phức tạp"
        if case.is_especially_complex
        else ("phức tạp" if case.is_complex else "không phức tạp"),
        "complexity_criteria": complexity_criteria_value(case),
        **extension_values(case),
        **pause_values(case),
        **withdrawal_values(case),
        **dialogue_values(case),
        **expertise_values(case),
        **explanation_values(case),
        **verification_values(case),
    }
    if key == "case.withdrawal_record":
        # The register copy names no denouncer: their particulars are written in by hand, or printed
        # on the copy made from the identity for whoever may see it.
        values["submitter"] = BLANK_LINE
    if key in ("case.decision", "case.conclusion"):
        values["decision_text"] = decision_parts_text(case)
    if key in ("case.decision", "case.conclusion", "case.result") and case.kind != Kind.PETITION:
        values["next_step"] = next_step_text(grounds, remote=case.is_remote, superior=superior)
    if key == "case.termination":
        values.update(termination_values(case))
    if key in ("case.publication", "case.decision_publication"):
        values.update(publication_values(case))
    if key in HAND_SIGNED_KEYS:
        grounds = PaperGrounds(policy_version=case.policy_version, subject=case.deadline_subject, citations="")
    return values, grounds


def decision_parts_text(case: Case) -> str:
    """The body of a decision on a complaint or a conclusion on a denunciation: each part the law requires,
    numbered under its heading in the statute's words (Luật Tố cáo 2018 Đ.35 khoản 2; Luật Khiếu nại 2011
    Đ.31 khoản 2, Đ.40 khoản 2), a complaint's dialogue result from its record (Đ.31 khoản 2 điểm đ, Đ.40
    khoản 2 điểm e), a second round's first result from its first case (Đ.40 khoản 2 điểm d). An optional
    part left empty is not printed. A case decided before the parts existed prints its one text as the
    reasoning, under no heading: no part is made up for it (a second round's first result before it)."""
    from casework.cases.decision_parts import decision_parts, has_parts
    from casework.cases.first_round import HEADING, first_round_result, first_round_result_text

    second_round = case.kind == Kind.COMPLAINT and case.round == 2
    first = first_round_result_text(first_round_result(case)) if second_round else ""
    if not has_parts(case):
        return f"{HEADING}: {first}\n{case.decision_text}" if second_round else case.decision_text
    sections = [(HEADING, first)] if second_round else []
    for part in decision_parts(case.kind):
        text = getattr(case, part.field).strip()
        if text:
            sections.append((part.heading, text))
        if part.field == "verification_result" and case.kind == Kind.COMPLAINT and case.dialogue_on:
            agreed = case.dialogue_agreed.strip() or "Không có."
            disputed = case.dialogue_disputed.strip() or "Không có."
            sections.append(
                (
                    "Kết quả đối thoại",
                    f"Đối thoại ngày {_day(case.dialogue_on)}. Những nội dung đã thống nhất: {agreed} "
                    f"Những vấn đề còn ý kiến khác nhau: {disputed}",
                )
            )
    return "\n".join(f"{number}. {heading}:\n{text}" for number, (heading, text) in enumerate(sections, 1))


def publication_values(case: Case) -> dict[str, str]:
    """The notice publishing a denunciation's conclusion (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6), or a
    second-round complaint's decision (Luật Khiếu nại 2011 Đ.41 khoản 2, 3): the
    forms recorded ("……" before the publication is recorded), and nothing about the denouncer (khoản 3): no
    addressee, and the texts through the case's masks."""
    from casework.cases.models import ConclusionPublication, PublicationForm
    from casework.cases.services.identity import case_text_masked
    from casework.cases.services.publicity import complainant_masked

    row = ConclusionPublication.objects.filter(case_id=case.pk).first()
    forms = "; ".join(str(PublicationForm(form).label).lower() for form in row.forms) if row else "……"
    # A second-round complaint's notice (Luật Khiếu nại 2011 Đ.41) repeats none of the complainant's particulars.
    masked = complainant_masked if case.kind == Kind.COMPLAINT else case_text_masked
    return {
        "publication_forms": forms,
        "submitter": "",
        "title": masked(case, case.title),
        "decision_text": masked(case, case.decision_text),
    }


def transferred_from(case: Case) -> str:
    """The body that transferred the letter, which the notice of its acceptance or refusal also goes to
    (Luật Khiếu nại 2011 Đ.27, Đ.36 khoản 1: "cơ quan, tổ chức, cá nhân có thẩm quyền chuyển khiếu nại đến";
    Luật Tố cáo 2018 Đ.26 khoản 2 for a denunciation so transferred): the unit of the case it came from, a line
    to write in for a letter another body sent in on paper, empty for a letter the unit received itself."""
    from casework.cases.models import Channel

    if case.origin_id:
        return case.origin.unit.name
    return BLANK_LINE if case.channel == Channel.TRANSFERRED else ""


def first_resolver(case: Case) -> str:
    """Who resolved a second-round complaint the first time, to whom its decision is also sent (Luật Khiếu nại
    2011 Đ.41 khoản 1): the unit of the first round's case, a line to write in when the case does not link it;
    empty for any other letter."""
    if case.kind != Kind.COMPLAINT or case.round != 2:
        return ""
    return case.previous.unit.name if case.previous_id else BLANK_LINE


def complainant_address(case: Case) -> str:
    """Where the complainants live, as Mẫu số 03 (Nghị định 124/2020/NĐ-CP, thay thế bởi Nghị định
    155/2026/NĐ-CP Đ.20) prints them; a line to write in for any other letter, an anonymous one or an
    address the case does not have (a denouncer's is never printed)."""
    if case.kind != Kind.COMPLAINT or case.is_anonymous:
        return BLANK_LINE
    from casework.cases.selectors import case_complainants

    return "; ".join(s.address for s in case_complainants(case=case) if s.address) or BLANK_LINE


def id_number_values(
    target: Any, key: str, *, numbers: dict[int, str], representative_number: str = ""
) -> dict[str, str]:
    """The complainants' identity paper numbers as the line of Mẫu số 03 and Mẫu số 14 prints them
    (ID_DOCUMENT_KEYS): from `numbers` (unsealed, by submitter id), ID_SEALED for a number the case keeps
    and `numbers` lacks, dots to write in by hand when the case keeps none. Mẫu số 14 mục I.3 names the
    representative or the person authorised too ("Người khiếu nại (hoặc người đại diện, người được ủy quyền
    khiếu nại)"), with their number (`representative_number`, unsealed) the same way. Several people are
    printed each with their name. A line to write in for any other paper or letter (a denouncer's identity
    has its own rules and is never read here)."""
    if not isinstance(target, Case) or target.kind != Kind.COMPLAINT or key not in ID_DOCUMENT_KEYS:
        return {"submitter_id_number": "……"}
    from casework.cases.selectors import case_complainants
    from casework.cases.services.representation import case_representative

    people = [] if target.is_anonymous else case_complainants(case=target)
    named = [(s.full_name, numbers.get(s.pk) or (ID_SEALED if s.id_number_sealed else "……")) for s in people]
    representative = case_representative(target) if key in REPRESENTATIVE_NAMED_KEYS else None
    if representative is not None:
        sealed = ID_SEALED if representative.id_number_sealed else "……"
        named.append((representative.full_name, representative_number or sealed))
    if not any(number != "……" for _, number in named):
        return {"submitter_id_number": "……"}
    if len(named) == 1:
        return {"submitter_id_number": named[0][1]}
    return {"submitter_id_number": "; ".join(f"{name}: {number}" for name, number in named)}


def printed_values(
    *, target: Any, key: str, values: dict[str, str], reader: Any = None, issued: bool = False
) -> dict[str, str]:
    """What a paper prints: `values` (as the register keeps them, the identity paper numbers sealed) with
    the complainant's number, and on Mẫu số 14 the representative's, unsealed into the line of Mẫu số 03
    or 14: on the paper issued, which is sent to the complainant (`issued`); on a draft, for a `reader` the
    one identity rule lets see them (cases.selectors.submitter_id_numbers and
    cases.services.representation.representative_id_number, by cases.permissions.can_reveal_identity).
    Sealed for anyone else."""
    if key not in ID_DOCUMENT_KEYS or not isinstance(target, Case) or target.kind != Kind.COMPLAINT:
        return values
    from casework.cases.selectors import submitter_id_number, submitter_id_numbers
    from casework.cases.services.representation import case_representative, representative_id_number

    if issued:
        numbers = {s.pk: number for s in target.submitters.all() if (number := submitter_id_number(s))}
        representative = case_representative(target) if key in REPRESENTATIVE_NAMED_KEYS else None
        own = submitter_id_number(representative) if representative is not None else ""
    elif reader is not None:
        numbers = submitter_id_numbers(case=target, user=reader)
        own = representative_id_number(case=target, user=reader) if key in REPRESENTATIVE_NAMED_KEYS else ""
    else:
        return values
    return {**values, **id_number_values(target, key, numbers=numbers, representative_number=own)}


def termination_values(case: Case) -> dict[str, str]:
    """A complaint ended because the complainant died with no heir, or the complaining body ended with no
    successor (điểm b khoản 2 Điều 11a Luật Khiếu nại): its decision goes to the commune's People's
    Committee in the complainant's place, addressed to it and listed first among the recipients (Nghị
    định 124/2020/NĐ-CP Đ.28b khoản 1, bổ sung bởi Nghị định 155/2026/NĐ-CP); any other termination's
    values are the ones every decision on the case's course prints."""
    from casework.cases.services.sending import commune_committee_recipient

    committee = commune_committee_recipient(
        kind=case.kind, ground=case.termination_ground, committee=case.termination_commune_committee
    )
    if not committee:
        return {}
    return {
        "submitter": case.termination_commune_committee,
        "submitter_party": committee,
        "submitter_recipient": committee,
    }


def dialogue_values(case: Case) -> dict[str, str]:
    """What the biên bản đối thoại prints (Nghị định 124/2020/NĐ-CP Đ.28 khoản 4, sửa đổi bởi Nghị định
    155/2026/NĐ-CP; Mẫu số 14): when and where, who chaired it, who took part and whether the complainant
    came, the content, the participants' opinions, what was agreed and what is still disputed."""
    if not case.dialogue_on:
        return {key: "" for key in SAMPLE_DIALOGUE}
    notice_to = dict(DialogueNoticeRecipient.choices)
    recipients = [str(notice_to[r]).lower() for r in case.dialogue_notice_to if r in notice_to]
    related = f" ({case.dialogue_notice_related})" if case.dialogue_notice_related else ""
    return {
        "dialogue_on": _day(case.dialogue_on),
        "dialogue_place": case.dialogue_place or "……",
        "dialogue_chair": case.dialogue_chair or "……",
        # Mẫu số 14 mục I.2: the note-taker with their chức vụ from their profile; none, lines to write by hand.
        "dialogue_note_taker": str(case.dialogue_note_taker) if case.dialogue_note_taker else "……",
        "dialogue_note_taker_position": getattr(case.dialogue_note_taker, "position", "") or "……",
        "dialogue_notice_on": _day(case.dialogue_notice_on),
        "dialogue_notice_to": f"{', '.join(recipients)}{related}" if recipients else "……",
        "dialogue_participants": case.dialogue_participants,
        "complainant_attendance": str(case.get_complainant_absent_display() or ""),
        "dialogue_content": case.dialogue_record,
        "dialogue_opinions": case.dialogue_opinions,
        "dialogue_agreed": case.dialogue_agreed or "Không có.",
        "dialogue_disputed": case.dialogue_disputed or "Không có.",
    }


COMPLAINT_PAUSE_BASIS = (
    "Căn cứ Điều 11a Luật Khiếu nại 2011 (bổ sung bởi Luật số 136/2025/QH15);\n"
    "Căn cứ Điều 28b Nghị định số 124/2020/NĐ-CP (bổ sung bởi Nghị định số 155/2026/NĐ-CP);"
)
COMPLAINT_SEND_WITHIN = (
    ", người đại diện người khiếu nại, người có quyền, nghĩa vụ liên quan trong thời hạn 03 ngày làm việc "
    "kể từ ngày ban hành"
)


def pause_values(case: Case) -> dict[str, str]:
    """What the decisions on a case's course (suspension, resumption, termination) print: the party
    who wrote the letter as a recipient (a denouncer is listed, never named), the reasons, the
    suspension a resumption ends, and the articles and the time limit for sending them: for a
    denunciation to the denouncer and the person denounced (Luật Tố cáo 2018 Đ.34), for a complaint
    also to the complainant's representative and those with related rights and duties (Nghị định
    124/2020/NĐ-CP Đ.28b, bổ sung bởi Nghị định 155/2026/NĐ-CP)."""
    from casework.reports.documents import case_recipient

    denunciation = case.kind == Kind.DENUNCIATION
    if denunciation:
        party, party_line = "người tố cáo", "Người tố cáo"
    else:
        party = "người khiếu nại" if case.kind == Kind.COMPLAINT else "người gửi đơn"
        party_line = f"{party[:1].upper()}{party[1:]}: {case_recipient(case)}"
    from casework.papers.selectors import paper_issued_before

    # The suspension the latest resumption ended; while a resumption is being issued (or drafted),
    # the latest resumption is older than the latest suspension, and the paper ends that suspension.
    suspension = _issued_paper(case, "case.suspension")
    complaint = case.kind == Kind.COMPLAINT
    resumption = _issued_paper(case, RESUMPTION_KEYS[case.kind]) if case.kind in RESUMPTION_KEYS else None
    if resumption is not None and suspension is not None and resumption.pk > suspension.pk:
        suspension = paper_issued_before(target=case, key="case.suspension", before=resumption)
    ground = str(case.get_termination_ground_display() or "")
    return {
        "submitter_party": party,
        "submitter_recipient": party_line,
        "pause_basis": "Căn cứ Điều 34 Luật Tố cáo 2018;"
        if denunciation
        else COMPLAINT_PAUSE_BASIS
        if complaint
        else "",
        "send_within": " trong thời hạn 05 ngày làm việc kể từ ngày ra quyết định"
        if denunciation
        else COMPLAINT_SEND_WITHIN
        if complaint
        else "",
        "suspension_reason": case.suspension_reason,
        "suspension_ref": f"số {suspension.symbol} ngày {_day(suspension.issued_on)}" if suspension else "……",
        "resumption_reason": case.resumption_reason,
        # The termination's text is its ground followed by the reason typed with it.
        "termination_reason": case.decision_text.removeprefix(f"{ground}.").strip() if case.termination_ground else "",
    }


BLANK_LINE = "……………………………………………………………………"


def withdrawal_values(case: Case) -> dict[str, str]:
    """The latest withdrawal of a denunciation recorded by a record (Mẫu số 03): its day, who made
    it and in which capacity, what was withdrawn (Nghị định 31/2019/NĐ-CP Đ.4 khoản 2, sửa đổi bởi
    Nghị định 156/2026/NĐ-CP)."""
    from casework.cases.services.withdrawal_record import withdrawal_record_latest
    from casework.cases.services.withdrawal_rules import WithdrawalScope

    record = withdrawal_record_latest(case) if case.kind == Kind.DENUNCIATION else None
    if record is None:
        return {
            "withdrawal_day": "……",
            "withdrawal_recorder": "……",
            "withdrawal_recorder_role": "……",
            "withdrawal_scope": "……",
            "withdrawal_content": "……",
        }
    whole = record.scope == WithdrawalScope.WHOLE
    return {
        "withdrawal_day": _day(record.made_on),
        "withdrawal_recorder": str(record.recorder) if record.recorder_id else "……",
        "withdrawal_recorder_role": str(record.get_recorder_role_display()).lower() or "……",
        "withdrawal_scope": "toàn bộ nội dung tố cáo" if whole else "một phần nội dung tố cáo",
        "withdrawal_content": record.withdrawn_content or ("toàn bộ nội dung tố cáo" if whole else "……"),
    }


EXPERTISE_BASIS = {
    Kind.DENUNCIATION: (
        "Căn cứ Điều 15 Nghị định số 31/2019/NĐ-CP ngày 10/4/2019 của Chính phủ (sửa đổi, bổ sung bởi Điều 2 "
        "Nghị định số 156/2026/NĐ-CP);"
    ),
    Kind.COMPLAINT: (
        "Căn cứ Điều 29 Luật Khiếu nại 2011;\n"
        "Căn cứ Điều 15 Thông tư số 07/2013/TT-TTCP ngày 31/10/2013 của Thanh tra Chính phủ;"
    ),
}


def expertise_values(case: Case) -> dict[str, str]:
    """The latest request for an expert assessment (the paper is issued with it, Mẫu số 09): the body
    asked, what to assess, the materials, the day asked for, the authorisation it was decided under,
    and whom it is sent to, the denouncer listed and never named (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2,
    sửa đổi bởi Nghị định 156/2026/NĐ-CP)."""
    from casework.cases.models import ExpertiseRequest

    request = ExpertiseRequest.objects.filter(case_id=case.pk).order_by("-number").first() if case.pk else None
    if request is None:
        return {
            "expertise_number": "……",
            "expertise_body": "……",
            "expertise_content": "……",
            "expertise_materials": "……",
            "expertise_due_on": "……",
            "expertise_basis": EXPERTISE_BASIS.get(case.kind, ""),
            "expertise_authority": "",
            "expertise_recipients": "",
        }
    resolver = "tố cáo" if case.kind == Kind.DENUNCIATION else "khiếu nại"
    recipients = [f"- Người giải quyết {resolver};"]
    if case.kind == Kind.DENUNCIATION:
        recipients.append("- Người tố cáo;")
    recipients.append(f"- {request.related or 'Cơ quan, tổ chức, cá nhân có liên quan'};")
    authority = ""
    if request.authorised and case.expertise_authorised_on:
        authority = (
            f"Văn bản này được ban hành theo ủy quyền ngày {_day(case.expertise_authorised_on)} của người giải quyết "
            "tố cáo."
        )
    return {
        "expertise_number": str(request.number),
        "expertise_body": request.body,
        "expertise_content": request.content,
        "expertise_materials": request.materials or "theo hồ sơ gửi kèm",
        "expertise_due_on": _day(request.due_on),
        "expertise_basis": EXPERTISE_BASIS.get(case.kind, ""),
        "expertise_authority": authority,
        "expertise_recipients": "\n".join(recipients),
    }


def explanation_values(case: Case) -> dict[str, str]:
    """The latest request to the person denounced to explain (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1): whom it
    is addressed to (the person denounced, a body or organisation through its head), the means, the matters
    to explain and the deadline. Nothing of the denouncer (Luật Tố cáo 2018 Đ.47)."""
    from casework.cases.models import DenouncedExplanation, ExplanationEntry, ExplanationMeans

    request = (
        DenouncedExplanation.objects.filter(case_id=case.pk, entry=ExplanationEntry.REQUEST)
        .order_by("-on", "-pk")
        .first()
        if case.pk and case.kind == Kind.DENUNCIATION
        else None
    )
    invitation = request is not None and request.means == ExplanationMeans.INVITATION
    addressee = case.subject_person or (f"Thủ trưởng {case.subject_unit.name}" if case.subject_unit_id else "……")
    return {
        "explanation_title": "GIẤY MỜI\nVề việc làm việc, giải trình nội dung bị tố cáo"
        if invitation
        else "VĂN BẢN YÊU CẦU GIẢI TRÌNH\nVề việc giải trình nội dung bị tố cáo",
        "explanation_addressee": addressee,
        "explanation_means": "đến làm việc trực tiếp, giải trình và cung cấp thông tin, tài liệu, chứng cứ"
        if invitation
        else "giải trình bằng văn bản và cung cấp thông tin, tài liệu, chứng cứ",
        "explanation_content": request.content if request is not None else "……",
        "explanation_due": "có mặt làm việc vào ngày" if invitation else "gửi văn bản giải trình trước ngày",
        "explanation_due_on": _day(request.due_on) if request is not None and request.due_on else "……",
    }


def complexity_criteria_value(case: Case) -> str:
    """The criteria the complexity decision named, as the extension decision prints them after the complexity
    (Luật Tố cáo 2018 Đ.30 khoản 2, 3; Nghị định 31/2019/NĐ-CP Đ.3 khoản 2, 3): " theo tiêu chí tại điểm b, đ
    khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP: b) …; đ) …"; nothing when the decision named none."""
    from casework.cases.services.complexity import complexity_criteria_text

    if case.kind != Kind.DENUNCIATION or not case.is_complex or not case.complexity_criteria:
        return ""
    labels = "; ".join(str(DenunciationComplexityCriterion(c).label) for c in case.complexity_criteria)
    return f" theo tiêu chí tại {complexity_criteria_text(case.complexity_criteria)}: {labels}"


def extension_values(case: Case) -> dict[str, str]:
    """The latest extension decision of the case (Luật Tố cáo Đ.30): its ordinal, the new due date
    of the resolution clock it moved, its grounds (the trail seals a denunciation's reasons under
    the case key: the case keeps the latest in clear)."""
    from workflows.models import Deadline

    if not case.extensions:
        return {"extension_number": "……", "extension_due_on": "……", "extension_reason": ""}
    deadline = (
        Deadline.objects.filter(target_type="cases.case", target_id=str(case.pk), step="resolve")
        .order_by("-pk")
        .first()
    )
    return {
        "extension_number": str(case.extensions),
        "extension_due_on": _day(deadline.due_on if deadline else None),
        "extension_reason": case.extension_reason,
    }


def _issued_paper(target: Any, key: str) -> Any:
    from casework.papers.selectors import paper_issued_for

    return paper_issued_for(target=target, key=key)


def _issued_symbol(target: Any, key: str) -> str:
    paper = _issued_paper(target, key)
    return paper.symbol if paper else ""


@in_vietnamese
def inspection_values(inspection: Any, key: str) -> tuple[dict[str, str], PaperGrounds]:
    from casework.inspections.models import Category
    from workflows.services import policy_current

    labels = dict(Category.choices)
    grounds = grounds_for(
        policy_version=policy_current(on=timezone.localdate(inspection.created_at)), subject="inspection"
    )
    number = _issued_symbol(inspection, "inspection.decision") or inspection.decision_number
    team = [f"{m.user} ({m.get_role_display().lower()})" for m in inspection.team.select_related("user")]
    recommendations = list(inspection.recommendations.select_related("owner_unit"))
    values = {
        "reference": inspection.reference,
        "unit": inspection.unit.name,
        "superior": superior_name(inspection.unit),
        "subject_unit": inspection.subject_unit.name,
        "topics": "; ".join(str(labels.get(t, t)) for t in inspection.topics) or "theo kế hoạch",
        "team": ", ".join(team) or "……",
        "basis": "kế hoạch kiểm tra đã được phê duyệt"
        if inspection.kind == "planned"
        else "dấu hiệu vi phạm đã được phát hiện",
        "decision_ref": f"số {number}" if number else "",
        "notice_text": inspection.notice_text,
        "outcome": str(inspection.get_outcome_display() or ""),
        "conclusion_text": inspection.conclusion_text,
        "recommendations": "\n".join(
            ["Kiến nghị:"]
            + [
                f"{n}. {r.text} (đơn vị thực hiện: {r.owner_unit.name}; hạn: {_day(r.due_on)})"
                for n, r in enumerate(recommendations, start=1)
            ]
        )
        if recommendations
        else "",
    }
    return values, grounds


@in_vietnamese
def discipline_values(proceeding: DisciplineProceeding, key: str) -> tuple[dict[str, str], PaperGrounds]:
    """A discipline decision: the body's secret ballot and the form it adopted (QĐ 5130/QĐ-TLĐ)."""
    from workflows.services import policy_current

    on = timezone.localdate(proceeding.decided_at or proceeding.proposed_at)
    grounds = grounds_for(policy_version=policy_current(on=on), subject="discipline")
    source = proceeding.source
    if proceeding.case_id:
        about = f"hồ sơ {source.reference} ({source.get_kind_display().lower()}) về việc: {source.title}"
    elif proceeding.flag_id:
        about = f"dấu hiệu vi phạm {source.reference} ({source.get_category_display().lower()}) tại {source.unit.name}"
    else:
        about = f"kết luận cuộc kiểm tra {source.reference} đối với {source.subject_unit.name}"
    forms = dict(DisciplineForm.choices)
    outcome = str(proceeding.get_outcome_display() or "")
    values = {
        "reference": proceeding.reference,
        "unit": proceeding.unit.name,
        "superior": superior_name(proceeding.unit),
        "source": about,
        "subject_name": proceeding.subject_name,
        "subject_kind": str(proceeding.get_subject_kind_display()).lower(),
        "outcome": outcome,
        "outcome_upper": outcome.upper(),
        "meeting_on": _day(proceeding.meeting_on),
        "members_total": str(proceeding.members_total or ""),
        "members_present": str(proceeding.members_present if proceeding.members_present is not None else ""),
        "votes": "; ".join(f"{str(forms.get(f, f)).lower()} {n}" for f, n in (proceeding.votes or {}).items()),
    }
    if key == "discipline.publication":
        values.update(discipline_publication_values(proceeding))
    return values, grounds


def discipline_publication_values(proceeding: DisciplineProceeding) -> dict[str, str]:
    """The notice publishing a discipline decision that handles a denounced violation (Luật Tố cáo 2018 Đ.40 khoản
    1; Nghị định 31/2019/NĐ-CP Đ.6): its number and day, the form, what was denounced and the conclusion's number
    through each denunciation's masks (nothing about the denouncer, khoản 3), the forms recorded ("……" before the
    publication is recorded). A decision on an inspection that took flags raised from several denunciations handles
    each: the one notice names what each was about and each conclusion (both published under Đ.40 already), never
    a file's reference, and the forms recorded on any of their cases."""
    from casework.cases.models import DisciplinePublication, PublicationForm
    from casework.cases.services.identity import case_text_masked
    from casework.cases.services.publicity import discipline_decided_on, discipline_denunciations

    cases = discipline_denunciations(proceeding)
    recorded = {
        form
        for forms in DisciplinePublication.objects.filter(discipline_id=proceeding.pk).values_list("forms", flat=True)
        for form in forms
    }
    forms = "; ".join(str(label).lower() for form, label in PublicationForm.choices if form in recorded)
    conclusions = [f"số {case.decision_number} ngày {_day(case.decided_on)}" for case in cases if case.decision_number]
    return {
        "decision_number": proceeding.decision_number or "……",
        "decided_on": _day(discipline_decided_on(proceeding)),
        "outcome_lower": str(proceeding.get_outcome_display() or "").lower(),
        "title": "; ".join(case_text_masked(case, case.title) for case in cases) or "……",
        "conclusion_ref": f" Kết luận nội dung tố cáo {', '.join(conclusions)}." if conclusions else "",
        "publication_forms": forms or "……",
    }


# What the visit was for, as Mẫu số 01/TCD says it ("để khiếu nại/tố cáo/kiến nghị, phản ánh").
VISIT_PURPOSES = {"complaint": "khiếu nại", "denunciation": "tố cáo", "petition": "kiến nghị, phản ánh"}
# The provision a refusal notified in writing rests on (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3). The form's
# own "Căn cứ" line reads "khoản 3 Điều 9 Luật Tiếp công dân và điểm g, khoản 1 Điều 4": the notice cites
# the ground actually recorded, one of the two Đ.4 khoản 3 names.
REFUSAL_BASES = {
    "law_9_3": "khoản 3 Điều 9 Luật Tiếp công dân",
    "nd_4_h": (
        "điểm h khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định chi "
        "tiết một số điều và biện pháp tổ chức thi hành Luật Tiếp công dân"
    ),
}


@in_vietnamese
def visit_values(entry: Any, key: str) -> tuple[dict[str, str], PaperGrounds]:
    """A visit of the reception book (Mẫu số 01/TCD, Nghị định 154/2026/NĐ-CP). The visitor is named by a line
    to write in by hand, and what they came about with their particulars masked (Luật Tố cáo 2018 Đ.47
    khoản 1 for a denunciation; the book alone keeps an identity, encrypted)."""
    from casework.reception.selectors import reception_visit_text_masked

    ground = str(entry.get_refusal_ground_display() or "")
    # The ground's words without the provision the label closes with (the "Căn cứ" line cites it).
    ground = ground.rsplit(" (", 1)[0] if ground.endswith(")") else ground
    values = {
        "reference": entry.reference,
        "unit": entry.session.unit.name,
        "superior": superior_name(entry.session.unit),
        "visitor": BLANK_LINE,
        "received_on": _day(timezone.localdate(entry.received_at)),
        "purpose": VISIT_PURPOSES.get(entry.classification, "khiếu nại/tố cáo/kiến nghị, phản ánh"),
        "content": reception_visit_text_masked(entry=entry, text=entry.content) or BLANK_LINE,
        "refusal_ground": ground.lower() if ground else BLANK_LINE,
        "refused_on": _day(entry.refused_on),
        "legal_basis": REFUSAL_BASES.get(
            entry.refusal_ground, "Điều 9 Luật Tiếp công dân và Điều 4 Nghị định số 154/2026/NĐ-CP"
        ),
    }
    if key == "reception.receipt":
        values.update(receipt_values(entry))
    return values, PaperGrounds(subject="reception", citations="")


def receipt_values(entry: Any) -> dict[str, str]:
    """Mẫu số 02/TCD: when the documents were handed over, who received them, and the list (ghi chú (5): name,
    pages, original or copy), each name with the visitor's particulars masked as the visit's content."""
    from casework.reception.selectors import reception_visit_text_masked

    documents = list(entry.documents.select_related("received_by").order_by("received_at", "pk"))
    if not documents:
        return {
            "handed_time": "……",
            "handed_on": "……",
            "receiver": BLANK_LINE,
            "receiver_title": "……",
            "documents": "- ……",
        }
    at = timezone.localtime(documents[0].received_at)
    receiver = documents[0].received_by
    lines = [
        f"- {reception_visit_text_masked(entry=entry, text=d.name) or BLANK_LINE} "
        f"({str(d.get_form_display()).lower()}, {d.pages} trang)"
        for d in documents
    ]
    return {
        "handed_time": f"{at:%H} giờ {at:%M}",
        "handed_on": f"{at:%d} tháng {at:%m} năm {at:%Y}",
        "receiver": getattr(receiver, "full_name", "") or str(receiver),
        # The receiver's chức vụ from their profile; blank, a line to write it in by hand.
        "receiver_title": getattr(receiver, "position", "") or "……",
        "documents": "\n".join(lines),
    }


def target_values(target: Any, key: str) -> tuple[dict[str, str], PaperGrounds]:
    from casework.reception.models import ReceptionEntry

    if isinstance(target, ReceptionEntry):
        return visit_values(target, key)
    if isinstance(target, Case):
        return case_values(target, key)
    if isinstance(target, DisciplineProceeding):
        return discipline_values(target, key)
    return inspection_values(target, key)


def paper_layout(
    *,
    target: Any,
    key: str,
    version: PaperTemplateVersion,
    symbol: str,
    day: dt.date,
    signer_name: str,
    addressee: str | None = None,
    signer_title: str = "",
    authority_line: str = "",
    reader: Any = None,
) -> tuple[PaperLayout, dict[str, str]]:
    """The layout of the paper and the rendered texts the register keeps (summary, recipients); what
    `reader` may see of the complainant's identity paper number (`printed_values`)."""
    values, grounds = target_values(target, key)
    values = printed_values(target=target, key=key, values=values, reader=reader)
    if addressee is not None:
        values = {**values, "submitter": addressee}
    return layout_from_values(
        values=values,
        citations=grounds.citations,
        unit=target.unit,
        version=version,
        symbol=symbol,
        day=day,
        signer_name=signer_name,
        signer_title=signer_title,
        authority_line=authority_line,
    )


# Whoever is responsible for verifying a complaint decides a request for an expert assessment by law (Luật
# Khiếu nại 2011 Đ.29 khoản 3 điểm d, Đ.38) and signs it in their own right: under this title, with no
# authority line (neither "TM." a body nor "TUQ.": Nghị định 30/2020/NĐ-CP Điều 13 names those who sign for
# someone else). A record, printed on the paper: not translated.
VERIFIER_SIGNER_TITLE = "NGƯỜI CÓ TRÁCH NHIỆM XÁC MINH"


def layout_from_values(
    *,
    values: dict[str, str],
    citations: str,
    unit: Unit,
    version: PaperTemplateVersion,
    symbol: str,
    day: dt.date,
    signer_name: str,
    signer_title: str = "",
    authority_line: str = "",
) -> tuple[PaperLayout, dict[str, str]]:
    """`signer_title`, `authority_line`: the signer's title and authority as printed
    (`papers.services.paper_signature`), the template's when empty."""
    if version.issuer == Issuer.COMMITTEE:
        parent_body, issuing_body = unit.name, COMMITTEE_BODY
    else:
        parent_body, issuing_body = superior_name(unit), unit.name
    title_lines = lines_of(render_text(version.title, values))
    recipients = lines_of(render_text(version.recipients, values))
    authority = authority_line or (f"{version.authority} {version.authority_body}".strip() if version.authority else "")
    if signer_title == VERIFIER_SIGNER_TITLE:
        authority = ""  # signed in their own right, for no body (papers.services.paper_signature)
    layout = PaperLayout(
        parent_body=parent_body,
        issuing_body=issuing_body,
        symbol=symbol,
        place=version.place,
        day=day,
        title="\n".join(title_lines),
        citations=lines_of(citations),
        addressee=render_text(version.addressee, values).strip(),
        paragraphs=lines_of(render_text(version.body, values)),
        recipients=recipients,
        authority_line=authority,
        signer_title=signer_title or version.signer_title,
        signer_name=signer_name,
        # A record (biên bản) or a receipt (giấy biên nhận) between two sides: the other party signs at the left foot, under the recipients
        # line. One signed by everyone it names (HAND_SIGNED_KEYS) carries their signature lines in its body
        # and keeps its list of recipients.
        countersign=" ".join(recipients)
        if version.doc_kind in (DocKind.RECORD, DocKind.RECEIPT) and version.template.key not in HAND_SIGNED_KEYS
        else "",
        number_line=version.number_line,
        signer_caption=version.signer_caption,
        countersign_caption=version.countersign_caption,
    )
    summary = (" ".join(title_lines[1:]) or title_lines[0]) if title_lines else ""
    return layout, {"summary": summary, "recipients": "\n".join(recipients)}


# What a preview prints, and the names a template may use.
SAMPLE_CASE = {
    "reference": "KN-2026-00042",
    "unit": "Công đoàn ngành Y tế Thái Bình",
    "superior": "Liên đoàn Lao động tỉnh Thái Bình",
    "kind_lower": "khiếu nại",
    "is_complaint": "có",
    "submitter_address": "Phường Trần Lãm, tỉnh Thái Bình",
    "submitter_id_number": "034190001234",
    "title": "Việc chi trả trợ cấp ốm đau",
    "received_on": "02/03/2026",
    "accepted_on": "05/03/2026",
    "legal_ground": "Điều 16 Nghị định 124/2020/NĐ-CP (sửa đổi bởi Nghị định 155/2026/NĐ-CP)",
    "refusal_ground": "Đã hết thời hiệu khiếu nại",
    "triage_note": "",
    "transfer_body": "Công an huyện Vũ Thư",
    "outcome": "Đúng một phần",
    "outcome_lower": "đúng một phần",
    "decision_text": "Yêu cầu đơn vị chi trả đủ trợ cấp cho người khiếu nại.",
    "decision_ref": " (văn bản số 05/QĐ-BTV ngày 30/03/2026)",
    "submitter": "Ông Nguyễn Văn A",
    "subject_person_or_unit": "Ông Trần Văn B",
    "subject_recipient": "Người bị khiếu nại: Ông Trần Văn B",
    "transferred_from": "Công đoàn Bệnh viện Đa khoa tỉnh",
    "first_resolver": "",
    "subject_manager": "Công đoàn cơ sở Bệnh viện Đa khoa tỉnh",
    "round_label": "lần đầu",
    "next_step": "Trong thời hạn 30 ngày kể từ ngày nhận được Quyết định này, … (quyền tiếp theo theo chính sách).",
    "transferred_on": "06/03/2026",
    "complexity_label": "phức tạp",
    "complexity_criteria": " theo tiêu chí tại điểm b khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP: b) Tố cáo có từ 02 nội "
    "dung phải xác minh trở lên",
    "extension_number": "1",
    "extension_due_on": "05/05/2026",
    "extension_reason": "Phải xác minh tại nhiều đơn vị.",
    "subject_recipient_lower": "người bị khiếu nại",
    "decided_on": "30/03/2026",
    "termination_ground": "Người khiếu nại, tố cáo rút toàn bộ đơn",
    "suspension_ground": "Chờ kết quả giám định",
    "submitter_party": "người khiếu nại",
    "submitter_recipient": "Người khiếu nại: Ông Nguyễn Văn A",
    "pause_basis": "",
    "send_within": "",
    "suspension_reason": "Đã trưng cầu giám định lại chữ ký trên chứng từ chi.",
    "suspension_ref": "số 03/QĐ-BTV ngày 10/03/2026",
    "resumption_reason": "Đã có kết luận giám định lại.",
    "termination_reason": "Người khiếu nại có đơn rút toàn bộ khiếu nại ngày 12/03/2026.",
    "withdrawal_day": "12/03/2026",
    "withdrawal_recorder": "Nguyễn Văn C",
    "withdrawal_recorder_role": "người giải quyết tố cáo",
    "withdrawal_scope": "một phần nội dung tố cáo",
    "withdrawal_content": "Nội dung thứ hai của đơn tố cáo.",
    "expertise_number": "1",
    "expertise_body": "Viện Khoa học hình sự - Bộ Công an",
    "expertise_content": "Giám định chữ ký trên 12 phiếu chi năm 2025.",
    "expertise_materials": "Bản chính 12 phiếu chi; mẫu chữ ký so sánh.",
    "expertise_due_on": "15/04/2026",
    "expertise_basis": "Căn cứ Điều 29 Luật Khiếu nại 2011;",
    "expertise_authority": "",
    "expertise_recipients": "- Người giải quyết khiếu nại;\n- Kế toán CĐCS Bệnh viện;",
    "publication_forms": "niêm yết tại trụ sở làm việc hoặc nơi tiếp công dân",
}
SAMPLE_DIALOGUE = {
    "dialogue_on": "20/03/2026",
    "dialogue_place": "Phòng họp Công đoàn ngành Y tế Thái Bình",
    "dialogue_chair": "Bà Lê Thị Chủ Trì, Phó Chủ nhiệm Ủy ban kiểm tra",
    "dialogue_note_taker": "Ông Phạm Văn Ghi",
    "dialogue_note_taker_position": "Kiểm tra viên",
    "dialogue_notice_on": "13/03/2026",
    "dialogue_notice_to": "người khiếu nại, người bị khiếu nại",
    "dialogue_participants": "Có mặt: Ông Nguyễn Văn A, Ông Trần Văn B. Vắng mặt: không.",
    "complainant_attendance": "Người khiếu nại có mặt",
    "dialogue_content": "Nêu mục đích đối thoại; tóm tắt kết quả xác minh việc chi trả trợ cấp ốm đau.",
    "dialogue_opinions": "Ông A đề nghị chi trả đủ; Ông B trình bày lý do chậm chi.",
    "dialogue_agreed": "Đơn vị chi trả phần trợ cấp còn thiếu trong tháng 4/2026.",
    "dialogue_disputed": "Không có.",
}
SAMPLE_CASE.update(SAMPLE_DIALOGUE)
SAMPLE_CASE.update(SAMPLE_VERIFICATION)
SAMPLE_CASE.update(
    {
        "explanation_title": "VĂN BẢN YÊU CẦU GIẢI TRÌNH\nVề việc giải trình nội dung bị tố cáo",
        "explanation_addressee": "Ông Trần Văn B",
        "explanation_means": "giải trình bằng văn bản và cung cấp thông tin, tài liệu, chứng cứ",
        "explanation_content": "Việc chi quỹ phúc lợi năm 2025 ngoài quy chế.",
        "explanation_due": "gửi văn bản giải trình trước ngày",
        "explanation_due_on": "25/03/2026",
    }
)
SAMPLE_INSPECTION = {
    "reference": "05/QĐ-UBKT",
    "unit": "Công đoàn ngành Y tế Thái Bình",
    "superior": "Liên đoàn Lao động tỉnh Thái Bình",
    "subject_unit": "Công đoàn cơ sở Bệnh viện Đa khoa tỉnh",
    "topics": "Tài chính: chi tiêu",
    "team": "Nguyễn Văn C (trưởng đoàn), Lê Thị D (thành viên), Phạm Văn E (thành viên)",
    "basis": "dấu hiệu vi phạm đã được phát hiện",
    "decision_ref": "số 05/QĐ-UBKT",
    "notice_text": "Đề nghị chuẩn bị sổ sách, chứng từ năm 2025.",
    "outcome": "Có vi phạm một phần",
    "conclusion_text": "Chi sai mục đích 12.500.000 đồng.",
    "recommendations": "Kiến nghị:\n1. Thu hồi khoản chi sai (đơn vị thực hiện: CĐCS Bệnh viện; hạn: 30/04/2026)",
}
SAMPLE_DISCIPLINE = {
    "reference": "TC-2026-00007",
    "unit": "Công đoàn ngành Y tế Thái Bình",
    "superior": "Liên đoàn Lao động tỉnh Thái Bình",
    "source": "hồ sơ TC-2026-00007 (tố cáo) về việc: Chi sai quỹ phúc lợi",
    "subject_name": "Ông Trần Văn B",
    "subject_kind": "cán bộ công đoàn chuyên trách",
    "outcome": "Cảnh cáo",
    "outcome_upper": "CẢNH CÁO",
    "meeting_on": "15/04/2026",
    "members_total": "9",
    "members_present": "8",
    "votes": "khiển trách 2; cảnh cáo 6",
}
SAMPLE_RECEPTION = {
    "reference": "TCD-00012",
    "unit": "Công đoàn ngành Y tế tỉnh Thái Bình",
    "superior": "Liên đoàn Lao động tỉnh Thái Bình",
    "visitor": BLANK_LINE,
    "received_on": "05/08/2026",
    "purpose": "khiếu nại",
    "content": "việc không được hưởng trợ cấp ốm đau năm 2025",
    "refusal_ground": "vụ việc đã giải quyết đúng chính sách, pháp luật, đã được tiếp, giải thích, hướng dẫn",
    "refused_on": "05/08/2026",
    "legal_basis": "khoản 3 Điều 9 Luật Tiếp công dân",
    "handed_time": "09 giờ 30",
    "handed_on": "05 tháng 08 năm 2026",
    "receiver": "Nguyễn Thị Tiếp",
    "receiver_title": "……",
    "documents": "- Quyết định số 12/QĐ-CĐCS (bản phô tô, 2 trang)\n- Đơn khiếu nại (bản chính, 3 trang)",
}
SAMPLES = {
    "case": SAMPLE_CASE,
    "inspection": SAMPLE_INSPECTION,
    "discipline": SAMPLE_DISCIPLINE,
    "reception": SAMPLE_RECEPTION,
}

# The parts of the sample decision and conclusion (casework.cases.decision_parts), printed under their
# headings as a case's are.
SAMPLE_PARTS = {
    "case.decision": {
        "kind": Kind.COMPLAINT,
        "verification_result": "Đơn vị chi trợ cấp ốm đau tháng 01/2026 thiếu 1.200.000 đồng so với bảng thanh toán.",
        "legal_basis": "Điều lệ Công đoàn Việt Nam; quy chế chi tiêu nội bộ của đơn vị.",
        "decision_text": "Khiếu nại đúng một phần: trợ cấp chi thiếu; việc chi chậm có lý do.",
        "resolution_measures": SAMPLE_CASE["decision_text"],
        "dialogue_on": dt.date(2026, 3, 20),
        "dialogue_agreed": SAMPLE_DIALOGUE["dialogue_agreed"],
        "dialogue_disputed": SAMPLE_DIALOGUE["dialogue_disputed"],
    },
    "case.conclusion": {
        "kind": Kind.DENUNCIATION,
        "verification_result": "Chủ tịch công đoàn cơ sở chi quỹ phúc lợi năm 2025 ngoài quy chế 18.000.000 đồng.",
        "legal_basis": "Điều lệ Công đoàn Việt Nam; quy chế chi tiêu nội bộ của đơn vị.",
        "decision_text": "Nội dung tố cáo đúng một phần; trách nhiệm thuộc chủ tịch công đoàn cơ sở.",
        "resolution_measures": "Yêu cầu hoàn trả khoản chi ngoài quy chế; kiến nghị xem xét kỷ luật.",
        "policy_recommendations": "Đề nghị bổ sung quy chế chi quỹ phúc lợi.",
    },
}


def sample_values(key: str) -> dict[str, Any]:
    """What a preview of the template `key` prints: the sample of its kind of paper, a decision's or a
    conclusion's text in its parts."""
    sample = SAMPLES[key.split(".", 1)[0]]
    if key not in SAMPLE_PARTS:
        return sample
    return {**sample, "decision_text": decision_parts_text(Case(**SAMPLE_PARTS[key]))}
