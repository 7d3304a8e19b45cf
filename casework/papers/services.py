"""Issuing official papers: templates as versioned data, numbering in the registers, cancelling.

Numbers come from `RegisterCounter` rows incremented (and so locked) inside the issuing
transaction: two officers issuing at once get consecutive numbers, and a rolled-back issue gives
its number back, so the register stays gapless and unique (one code path on SQLite and PostgreSQL).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import TemplateSyntaxError
from django.utils.translation import gettext as _

from casework.audit.services import audit_record, target_ref
from casework.cases.models import Case, DisciplineProceeding
from casework.inspections.models import Flag
from casework.org.models import Position, Role
from casework.org.selectors import absence_cover, acting_document_for, position_held, users_with_role
from casework.papers.context import (
    HAND_SIGNED_KEYS,
    INSPECTION_DOC_KEYS,
    REPEATED_KEYS,
    RESUMPTION_KEYS,
    VERIFIER_SIGNER_TITLE,
    case_paper_key,
    layout_from_values,
    paper_layout,
    printed_values,
    target_values,
    unknown_placeholders,
)
from casework.papers.defaults import PLACE, TEMPLATES
from casework.papers.layout import paper_pdf
from casework.papers.models import (
    Authority,
    Book,
    DocKind,
    IncomingEntry,
    Issuer,
    Paper,
    PaperTemplate,
    PaperTemplateVersion,
    RegisterCounter,
)
from casework.papers.selectors import paper_issued_for
from core import clock
from core.errors import ValidationFailed

TEMPLATE_FIELDS = (
    "doc_kind",
    "issuer",
    "symbol_suffix",
    "place",
    "title",
    "addressee",
    "body",
    "recipients",
    "authority",
    "authority_body",
    "signer_title",
    "signer_role",
    "signer_caption",
    "countersign_caption",
)
# Whether the form prints the "Số: …" line: a yes/no of the template, kept as a boolean.
TEMPLATE_FLAGS = ("number_line",)


# The papers whose register number is the decision number of what they decide.
DECISION_KEYS = frozenset(
    {"case.decision", "case.conclusion", "case.termination", "inspection.decision", "discipline.decision"}
)


# ---- registers ---------------------------------------------------------------------------------


def register_take(*, unit: Any, book: str, doc_kind: str, year: int) -> int:
    """The next number of the unit's register for the kind and year. Call inside the issuing
    transaction: the UPDATE locks the counter row until it commits, so a second issuer waits and
    then reads the number after the first one's (on SQLite the write lock serialises them)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register_take must run inside the issuing transaction")
    counter = RegisterCounter.objects.filter(unit=unit, book=book, doc_kind=doc_kind, year=year)
    if not counter.update(last=F("last") + 1):
        try:
            with transaction.atomic():  # the first number of the year: create the counter at 1
                RegisterCounter.objects.create(unit=unit, book=book, doc_kind=doc_kind, year=year, last=1)
            return 1
        except IntegrityError:  # another issuer created it first: take the next number after theirs
            counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


def paper_symbol(*, number: int, doc_kind: str, suffix: str) -> str:
    """Số và ký hiệu: "05/QĐ-UBKT" (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.3)."""
    return f"{number:02d}/{doc_kind}-{suffix}"


@transaction.atomic
def incoming_register_entry(*, case: Case) -> IncomingEntry:
    """Vào sổ văn bản đến: the letter takes the next number of the unit's incoming register."""
    year = case.received_on.year
    number = register_take(unit=case.unit, book=Book.INCOMING, doc_kind=DocKind.INCOMING, year=year)
    return IncomingEntry.objects.create(
        unit=case.unit, year=year, number=number, case=case, received_on=case.received_on, registered_at=clock.now()
    )


# ---- templates ---------------------------------------------------------------------------------


def template_current(*, key: str) -> PaperTemplateVersion:
    """The newest version of the template; the shipped default becomes version 1 on first use."""
    if key not in TEMPLATES:
        raise ValidationFailed({"key": _("Không có mẫu văn bản này.")})
    version = (
        PaperTemplateVersion.objects.filter(template__key=key).select_related("template").order_by("-number").first()
    )
    if version is not None:
        return version
    return template_seed(key=key)


@transaction.atomic
def template_seed(*, key: str) -> PaperTemplateVersion:
    default = TEMPLATES[key]
    template, _created = PaperTemplate.objects.get_or_create(key=key, defaults={"name": default["name"]})
    template = PaperTemplate.objects.select_for_update(no_key=True).get(pk=template.pk)
    existing = template.versions.order_by("-number").first()
    if existing is not None:  # another request seeded it first
        return existing
    fields: dict[str, Any] = {f: default.get(f, "") for f in TEMPLATE_FIELDS}
    fields["place"] = fields["place"] or PLACE
    fields.update({f: bool(default.get(f, True)) for f in TEMPLATE_FLAGS})
    return PaperTemplateVersion.objects.create(
        template=template, number=1, note="Mẫu ban đầu", created_at=clock.now(), **fields
    )


def template_flag(value: Any, *, default: bool) -> bool:
    """A yes/no of a template as posted ("1"/"0", "on", a boolean); absent: `default`."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "on", "true", "yes")


def _template_errors(data: dict[str, str], key: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    required = ("title", "body", "recipients", "signer_title", "symbol_suffix", "place", "signer_role")
    for name in ("signer_caption", "countersign_caption"):
        if len(data.get(name) or "") > 128:
            errors[name] = _("Tối đa 128 ký tự.")
    for name in required:
        if not (data.get(name) or "").strip():
            errors[name] = _("Trường này không được để trống.")
    if data.get("doc_kind") not in DocKind.values or data.get("doc_kind") == DocKind.INCOMING:
        errors["doc_kind"] = _("Loại văn bản không hợp lệ.")
    if data.get("signer_role") and data["signer_role"] not in Role.values:
        errors["signer_role"] = _("Vai trò người ký không có trong danh mục vai trò.")
    if data.get("issuer") not in Issuer.values:
        errors["issuer"] = _("Cơ quan ban hành không hợp lệ.")
    if data.get("authority", "") not in Authority.values:
        errors["authority"] = _("Thẩm quyền ký phải là TM., KT., Q., TL., TUQ. hoặc để trống.")
    if data.get("authority") and not (data.get("authority_body") or "").strip():
        errors["authority_body"] = _("Phải ghi tập thể hoặc người được thay mặt, ký thay.")
    for name in ("title", "addressee", "body", "recipients"):
        try:
            unknown = unknown_placeholders(data.get(name) or "", key)
        except TemplateSyntaxError:
            errors[name] = _("Mẫu có lỗi cú pháp (kiểm tra các cặp ngoặc nhọn của trường dữ liệu và lệnh).")
            continue
        if unknown:
            errors[name] = _("Mẫu dùng một trường dữ liệu không có (xem danh sách trường được dùng).")
    return errors


@transaction.atomic
def template_save(*, key: str, actor: Any, data: dict[str, str], note: str = "") -> PaperTemplateVersion:
    """An edit of a template: a new version; papers already issued keep the version they used."""
    current = template_current(key=key)
    flags = {f: template_flag(data.get(f), default=getattr(current, f)) for f in TEMPLATE_FLAGS}
    data = {f: str(data.get(f, "") or "").replace("\x00", "").strip() for f in TEMPLATE_FIELDS}
    errors = _template_errors(data, key)
    if errors:
        raise ValidationFailed(errors)
    template = PaperTemplate.objects.select_for_update(no_key=True).get(pk=current.template_id)
    last = template.versions.order_by("-number").first()
    if last is not None and all(getattr(last, f) == v for f, v in {**data, **flags}.items()):
        raise ValidationFailed({"body": _("Mẫu chưa thay đổi so với phiên bản hiện hành.")})
    version = PaperTemplateVersion.objects.create(
        template=template,
        number=(last.number if last else 0) + 1,
        note=(note or "").strip()[:255],
        created_by=actor,
        created_at=clock.now(),
        **data,
        **flags,
    )
    audit_record(
        actor=actor,
        action="paper.template_save",
        target=version,
        after={"key": key, "version": version.number, **data, **flags},
        reason=version.note,
    )
    return version


# ---- papers ------------------------------------------------------------------------------------


def paper_keys_available(target: Any) -> list[str]:
    """The papers a case or an inspection can be issued now (the same list its page shows)."""
    from casework.reception.models import REFUSAL_NOTIFIED, ReceptionEntry
    from casework.reports.documents import inspection_documents_available, notices_available

    if isinstance(target, ReceptionEntry):
        # Mẫu số 01/TCD, for a refusal the head of the unit notifies in writing (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3);
        # Mẫu số 02/TCD, for the documents the visitor handed over (Đ.15 khoản 4).
        keys = ["reception.refusal"] if target.refusal_ground in REFUSAL_NOTIFIED else []
        return [*keys, "reception.receipt"] if target.documents.exists() else keys
    if isinstance(target, Case):
        return [case_paper_key(target, n) for n in notices_available(target)]
    if isinstance(target, DisciplineProceeding):
        if target.status != DisciplineProceeding.Status.DECIDED:
            return []
        from casework.cases.services.publicity import discipline_denunciations

        return discipline_paper_keys(target, denounced=bool(discipline_denunciations(target)))
    if isinstance(target, Flag):
        return []  # a flag has no papers of its own; its discipline decisions are the proceeding's
    return [INSPECTION_DOC_KEYS[doc] for doc in inspection_documents_available(target)]


def discipline_paper_keys(proceeding: DisciplineProceeding, *, denounced: bool) -> list[str]:
    """The papers of a discipline decision issued (none before the ballot): the decision, and when it handles a
    denounced violation (`denounced`) the notice publishing it, Luật Tố cáo 2018 Đ.40 khoản 1. One notice per
    decision: the notice is the decision's, whichever denunciations' cases it is recorded on."""
    if proceeding.status != DisciplineProceeding.Status.DECIDED:
        return []
    return ["discipline.decision", *(["discipline.publication"] if denounced else [])]


def paper_copies_due(target: Any, key: str) -> int:
    """How many papers of this kind the target should have: one per extension decision of a
    denunciation (Luật Tố cáo Đ.30), one per suspension of a case and one per resumption of a
    denunciation (Đ.34) or a complaint (Nghị định 124/2020/NĐ-CP Đ.28b), one per withdrawal of a
    denunciation recorded by a record (Nghị định 31/2019/NĐ-CP Đ.4 khoản 2), one per request for an expert
    assessment, one of any other kind."""
    if key not in REPEATED_KEYS:
        return 1
    if key == "case.extension":
        return int(getattr(target, "extensions", 0) or 0)
    if key == "case.withdrawal_record":
        from casework.cases.services.withdrawal_record import withdrawal_records_count

        return withdrawal_records_count(target)
    if key == "case.expertise":  # one paper per request (Nghị định 31/2019/NĐ-CP Đ.15 khoản 2)
        return target.expertise_requests.count()
    if key == "case.explanation_request":  # one per request to explain (Nghị định 31/2019/NĐ-CP Đ.12)
        return target.explanations.filter(entry="request").count()
    if key in ("case.verification_assignment", "case.complaint_verification_assignment"):
        # one per assignment (Luật Tố cáo 2018 Đ.31 khoản 1, 2; Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38)
        return target.verification_assignments.count()
    if key == "case.explanation_session":  # one per working session (Nghị định 31/2019/NĐ-CP Đ.12 khoản 2)
        return target.explanations.filter(entry="explained", form="session").count()
    from casework.audit.selectors import audit_events_for

    events = audit_events_for(target_type="cases.case", target_id=target.pk)
    running = 1 if target.suspension_ground else 0
    if key in RESUMPTION_KEYS.values():
        # Every suspension but the running one has ended (the resumption being recorded included).
        return events.filter(action="case.suspend").count() - running
    # Every suspension but the running one ended in a resumption: count those, and the running one.
    return events.filter(action="case.resume").count() + running


def paper_issued_count(*, target: Any, key: str) -> int:
    target_type, target_id = target_ref(target)
    return Paper.objects.filter(
        target_type=target_type, target_id=target_id, template_version__template__key=key, status=Paper.Status.ISSUED
    ).count()


def paper_keys_to_issue(target: Any) -> list[str]:
    """The papers the target can be issued now and does not have yet (the papers page's list)."""
    return [
        key
        for key in paper_keys_available(target)
        if paper_issued_count(target=target, key=key) < paper_copies_due(target, key)
    ]


def target_disciplines(target: Any) -> Any:
    """The discipline decisions taken on a case, a flag or an inspection (none on another target), with the body
    that issued each, in the order decided."""
    from casework.papers.selectors import DISCIPLINE_SOURCES

    target_type, _target_id = target_ref(target)
    source = DISCIPLINE_SOURCES.get(target_type)
    if source is None:
        return DisciplineProceeding.objects.none()
    return (
        DisciplineProceeding.objects.filter(**{source: target}, status=DisciplineProceeding.Status.DECIDED)
        .select_related("unit")
        .order_by("decided_at", "pk")
    )


def discipline_papers_to_issue(target: Any) -> list[tuple[DisciplineProceeding, str]]:
    """The papers of the discipline decisions taken on `target` (`target_disciplines`) that can be issued now and
    are not yet (`paper_keys_to_issue` of each decision): the notice publishing a decision that handles a denounced
    violation among them (Luật Tố cáo 2018 Đ.40 khoản 1). Each is numbered in the register of the body that
    issued the decision. Read for all the decisions at once: the denunciations they handle in one reading
    (`disciplines_denunciations`), the papers issued in one query, whatever the number of decisions."""
    from collections import Counter

    from casework.cases.models import Kind
    from casework.cases.services.publicity import disciplines_denunciations

    proceedings = list(target_disciplines(target))
    if not proceedings:
        return []
    # A decision on the case is on a denunciation when the case is one; a flag's or an inspection's, when it took
    # a flag raised from a concluded denunciation.
    own = isinstance(target, Case) and target.kind == Kind.DENUNCIATION
    handled = disciplines_denunciations(proceedings)
    issued = Counter(
        Paper.objects.filter(
            target_type=target_ref(proceedings[0])[0],
            target_id__in=[str(row.pk) for row in proceedings],
            status=Paper.Status.ISSUED,
        ).values_list("target_id", "template_version__template__key")
    )
    return [
        (proceeding, key)
        for proceeding in proceedings
        for key in discipline_paper_keys(proceeding, denounced=own or proceeding.pk in handled)
        if issued[(str(proceeding.pk), key)] < paper_copies_due(proceeding, key)
    ]


def paper_signer(*, target: Any, key: str, version: PaperTemplateVersion) -> Any:
    """Who signs: the person who took the decision where the record names one, else the holder of
    the template's signing role in the unit; never the case officer as such. A paper signed by hand by
    everyone it names (HAND_SIGNED_KEYS) has none."""
    from casework.reception.models import ReceptionEntry

    if key in HAND_SIGNED_KEYS:
        return None
    if isinstance(target, ReceptionEntry) and key == "reception.receipt":
        # The officer who received the documents signs the receipt as "Người nhận" (Mẫu số 02/TCD).
        received = target.documents.select_related("received_by").order_by("received_at", "pk").first()
        named = received.received_by if received is not None else None
    elif isinstance(target, ReceptionEntry):
        named = None  # the head of the receiving unit (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3): the template's role
    elif isinstance(target, DisciplineProceeding):
        named = target.signed_by  # the member who signs on the body's behalf
    elif not isinstance(target, Case):
        named = target.conclusion_approved_by if key == "inspection.conclusion" else target.decided_by
    elif (request := _verifier_request(target, key)) is not None:
        # Decided, and signed, by the verifier: under the resolver's authorisation, or by law.
        named = request.requested_by
    elif key == "case.withdrawal_record":
        from casework.cases.services.withdrawal_record import withdrawal_record_latest

        record = withdrawal_record_latest(target)  # signed by whoever made the record (Đ.4 khoản 2)
        named = record.recorder if record is not None else None
    else:
        named = None
    if named is not None:
        return named
    signers = users_with_role(unit=target.unit, roles=[version.signer_role])
    if isinstance(target, Case):
        from casework.cases.selectors import case_decision_excluded_user_ids

        # Nobody recused from the case (the person concerned, leaders of the unit concerned) and
        # nobody who declared a conflict of interest in it signs its papers.
        signers = signers.exclude(pk__in=case_decision_excluded_user_ids(case=target))
    people = list(signers)
    if len(people) < 2:
        return people[0] if people else None
    # Several hold the role (the chair, and an acting chair appointed for the chair's absence; the chair,
    # vice-chairs and members of a standing committee): someone present before someone away, the holder
    # in their own right before the acting one, then by position (POSITION_ORDER).
    covered, uncovered = absence_cover(user_ids=[p.pk for p in people])
    return min(
        people,
        key=lambda p: (
            p.pk in covered or p.pk in uncovered,
            bool(acting_document_for(user=p, unit=target.unit, role=version.signer_role)),
            POSITION_ORDER[position_held(user=p, unit=target.unit, role=version.signer_role)],
        ),
    )


# Whoever decides a request for an expert assessment under the resolver's authorisation: the body
# assigned to verify the denunciation (Nghị định 31/2019/NĐ-CP Đ.15 khoản 1, sửa đổi bởi Nghị định
# 156/2026/NĐ-CP), here the officer holding the case. A record, printed on the paper: not translated.
AUTHORISED_SIGNER_TITLE = "NGƯỜI ĐƯỢC GIAO XÁC MINH"


def _verifier_request(target: Any, key: str) -> Any:
    """The request for an expert assessment a "case.expertise" paper carries (the case's latest), when
    the verifier decided it: a denunciation's under the resolver's authorisation, a complaint's by law;
    else None."""
    if key != "case.expertise" or not isinstance(target, Case) or target.pk is None:
        return None
    from casework.cases.models import ExpertiseRequest

    request = ExpertiseRequest.objects.filter(case_id=target.pk).select_related("requested_by").order_by("-number")
    latest = request.first()
    return latest if latest is not None and (latest.authorised or latest.verifier_by_law) else None


def paper_signature(*, target: Any, key: str, version: PaperTemplateVersion) -> tuple[Any, str, str]:
    """Who signs, the title printed above their name and the authority line ("" for the template's).
    A request for an expert assessment the verifier decided is signed by them:
    - a denunciation's, decided under the resolver's authorisation (Nghị định 31/2019/NĐ-CP Đ.15 khoản 1,
      sửa đổi bởi Nghị định 156/2026/NĐ-CP), "TUQ." the body that authorised them (thừa ủy quyền, Nghị
      định 30/2020/NĐ-CP Điều 13; QĐ 933/QĐ-TLĐ);
    - a complaint's, decided by the person responsible for verification in their own right (Luật Khiếu
      nại 2011 Đ.29 khoản 3 điểm d, Đ.38; Nghị định 124/2020/NĐ-CP, as amended by Nghị định 155/2026/NĐ-CP,
      says nothing else of it), under that title and for no body (VERIFIER_SIGNER_TITLE: no authority line).
    The resolver's own request is signed as the template says."""
    signer = paper_signer(target=target, key=key, version=version)
    request = _verifier_request(target, key)
    if request is not None and request.authorised:
        body = version.authority_body or version.signer_title
        return signer, AUTHORISED_SIGNER_TITLE, f"{Authority.TUQ} {body}"
    if request is not None:
        return signer, VERIFIER_SIGNER_TITLE, ""
    return signer, *paper_signer_title(signer=signer, version=version, unit=target.unit)


# A position as printed under the body's name, and the head's title a deputy signs for ("KT."). Printed
# words of the paper: not translated.
POSITION_TITLES = {
    Position.CHAIR: "CHỦ TỊCH",
    Position.VICE_CHAIR: "PHÓ CHỦ TỊCH",
    Position.COMMITTEE_CHAIR: "CHỦ NHIỆM",
    Position.COMMITTEE_VICE_CHAIR: "PHÓ CHỦ NHIỆM",
    Position.MEMBER: "ỦY VIÊN",
}
DEPUTY_OF = {Position.VICE_CHAIR: Position.CHAIR, Position.COMMITTEE_VICE_CHAIR: Position.COMMITTEE_CHAIR}
# Who signs first when several hold the signing role: the chair, a vice-chair, someone whose position is not
# known, a member (the union's rules: the chair signs the body's papers, or a vice-chair on the chair's behalf).
POSITION_ORDER = {
    Position.CHAIR: 0,
    Position.COMMITTEE_CHAIR: 0,
    Position.VICE_CHAIR: 1,
    Position.COMMITTEE_VICE_CHAIR: 1,
    "": 2,
    Position.MEMBER: 3,
}


def paper_signer_title(*, signer: Any, version: PaperTemplateVersion, unit: Any) -> tuple[str, str]:
    """The signer's title as printed and the authority line ("" for the template's), from the position the
    signer holds on the day of issue in the body the paper is signed for (Nghị định 30/2020/NĐ-CP Đ.13 and
    Phụ lục I mục II.7, which QĐ 933/QĐ-TLĐ follows for union papers):
    - acting (quyền) under an appointment: "Q." before the template's title;
    - on a template signed "TM." the body: the chair under their title ("TM. BAN THƯỜNG VỤ / CHỦ TỊCH"), a
      vice-chair for the chair ("TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), a member under their own
      title ("TM. BAN THƯỜNG VỤ / ỦY VIÊN"), never a position they do not hold;
    - a position not known, or a template signed otherwise: the template's title and authority line."""
    if signer is not None and acting_document_for(user=signer, unit=unit, role=version.signer_role):
        return f"Q. {version.signer_title}", ""
    position = position_held(user=signer, unit=unit, role=version.signer_role)
    if not position or version.authority != Authority.TM:
        return version.signer_title, ""
    head = DEPUTY_OF.get(Position(position))
    if head is None:
        return POSITION_TITLES[Position(position)], ""
    body = f"{version.authority} {version.authority_body}".strip()
    return POSITION_TITLES[Position(position)], f"{body}\n{Authority.KT} {POSITION_TITLES[head]}"


def paper_draft(
    *,
    target: Any,
    key: str,
    version: PaperTemplateVersion | None = None,
    addressee: str | None = None,
    reader: Any = None,
) -> bytes:
    """The paper as it would be issued now, unnumbered (for preview and printing before issue).

    `addressee` replaces who the paper is addressed to, for a copy made for one party (a
    denunciation's notice to the denouncer or to the person denounced); never kept in the register.
    `reader`: who it is shown to; the complainant's identity paper number is printed only for one the
    identity rule lets see it, sealed for anyone else and when nobody is named."""
    version = version or template_current(key=key)
    issued = paper_issued_for(target=target, key=key)
    symbol = issued.symbol if issued else f"……/{version.doc_kind}-{version.symbol_suffix}"
    signer, signer_title, authority_line = paper_signature(target=target, key=key, version=version)
    layout, _texts = paper_layout(
        target=target,
        key=key,
        version=version,
        symbol=symbol,
        day=clock.today(),
        signer_name=_name(signer),
        addressee=addressee,
        signer_title=signer_title,
        authority_line=authority_line,
        reader=reader,
    )
    return paper_pdf(layout)


def paper_copy_for(*, paper: Paper, addressee: str) -> bytes:
    """A copy of an issued paper addressed to one party (a denunciation's notice to the denouncer or
    to the person denounced): typeset from what the paper was issued with (its values, grounds,
    number, day and signer), only the addressee changed; never kept in the register."""
    return _typeset_again(paper, {**paper.values, "submitter": addressee})


def paper_copy_sealed(*, paper: Paper) -> bytes:
    """The copy of an issued paper for a reader who may not see the complainant's identity paper number
    it prints (`selectors.paper_id_number_hidden_from`): typeset from what the register keeps, where the
    number is sealed; never kept in the register."""
    return _typeset_again(paper, paper.values)


def _typeset_again(paper: Paper, values: dict[str, str]) -> bytes:
    layout, _texts = layout_from_values(
        values=values,
        citations=paper.citations,
        unit=paper.unit,
        version=paper.template_version,
        symbol=paper.symbol,
        day=paper.issued_on,
        signer_name=paper.signer_name,
        signer_title=paper.signer_title,
        authority_line=paper.authority_line,
    )
    return paper_pdf(layout)


def _name(user: Any) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or str(user)


@transaction.atomic
def paper_issue(*, target: Any, key: str, actor: Any) -> Paper:
    """Ban hành: number the paper in the outgoing register, render it from the current template
    version and keep the PDF and its hash."""
    if key not in paper_keys_available(target):
        raise ValidationFailed({"key": _("Văn bản này chưa thể ban hành ở bước hiện tại của hồ sơ.")})
    existing = paper_issued_for(target=target, key=key)
    if existing is not None and paper_issued_count(target=target, key=key) >= paper_copies_due(target, key):
        raise ValidationFailed(
            {
                "key": _("Văn bản này đã được ban hành số %(symbol)s; hủy văn bản đó trước khi ban hành lại.")
                % {"symbol": existing.symbol}
            }
        )
    version = template_current(key=key)
    today = clock.today()
    number = register_take(unit=target.unit, book=Book.OUTGOING, doc_kind=version.doc_kind, year=today.year)
    symbol = paper_symbol(number=number, doc_kind=version.doc_kind, suffix=version.symbol_suffix)
    signer, signer_title, authority_line = paper_signature(target=target, key=key, version=version)
    values, grounds = target_values(target, key)
    typeset: dict[str, Any] = {
        "citations": grounds.citations,
        "unit": target.unit,
        "version": version,
        "symbol": symbol,
        "day": today,
        "signer_name": _name(signer),
        "signer_title": signer_title,
        "authority_line": authority_line,
    }
    # The paper is sent to the complainant: it prints their identity paper number (Mẫu số 03, Mẫu số 14
    # mục I.3), which the register's values and texts keep sealed.
    layout, _printed = layout_from_values(
        values=printed_values(target=target, key=key, values=values, issued=True), **typeset
    )
    _kept, texts = layout_from_values(values=values, **typeset)
    data = paper_pdf(layout)
    digest = hashlib.sha256(data).hexdigest()
    target_type, target_id = target_ref(target)
    paper = Paper(
        unit=target.unit,
        doc_kind=version.doc_kind,
        year=today.year,
        number=number,
        symbol=symbol,
        template_version=version,
        target_type=target_type,
        target_id=target_id,
        target_reference=target.reference,
        summary=texts["summary"][:512],
        recipients=texts["recipients"],
        values=values,
        citations=grounds.citations,
        signer=signer,
        signer_name=_name(signer),
        signer_title=signer_title,
        authority_line=authority_line,
        issued_on=today,
        issued_at=clock.now(),
        issued_by=actor,
        pdf_sha256=digest,
    )
    paper.pdf.save(f"{target.reference.replace('/', '-')}-{number:04d}.pdf", ContentFile(data), save=False)
    paper.save()
    if key in DECISION_KEYS:
        # A decision's number is the register's only (never typed); a re-issue after cancelling takes the new one.
        type(target).objects.filter(pk=target.pk).update(decision_number=symbol)
        target.decision_number = symbol
    if key == "reception.refusal":
        from casework.reception.services import reception_refusal_notified

        # The notice is the step its clock waits for (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3).
        reception_refusal_notified(entry=target, actor=actor, symbol=symbol)
    if isinstance(target, Case):
        from casework.cases.services.sending import transferrer_paper_issued

        # A notice of acceptance or refusal naming the body that transferred a denunciation tells it the result
        # (Luật Tố cáo 2018 Đ.26 khoản 2): the clock that waits for it stops.
        transferrer_paper_issued(case=target, actor=actor, key=key, version=version, symbol=symbol)
    audit_record(
        actor=actor,
        action="paper.issue",
        target=paper,
        unit=target.unit,
        after={
            "symbol": symbol,
            "key": key,
            "template_version": version.number,
            "target": f"{target_type}:{target_id}",
            "sha256": digest,
            "signer": paper.signer_name,
            **({"authority": authority_line} if authority_line else {}),
        },
    )
    return paper


@transaction.atomic
def paper_cancel(*, paper: Paper, actor: Any, reason: str) -> Paper:
    """Hủy văn bản: the number stays in the register, marked cancelled."""
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("Phải nêu lý do hủy văn bản.")})
    # A paper whose personal data was destroyed with its record (papers_personal_data_erase) is no longer
    # anyone's to cancel: its record has ended, and a reason would be written where its values were erased.
    updated = Paper.objects.filter(pk=paper.pk, status=Paper.Status.ISSUED, personal_data_destroyed_at=None).update(
        status=Paper.Status.CANCELLED, cancelled_at=clock.now(), cancelled_by=actor, cancel_reason=reason[:2000]
    )
    if updated != 1:
        if Paper.objects.filter(pk=paper.pk, personal_data_destroyed_at__isnull=False).exists():
            raise ValidationFailed({"status": _("Văn bản đã hủy theo thời hạn lưu trữ: không hủy được nữa.")})
        raise ValidationFailed({"status": _("Văn bản đã bị hủy trước đó.")})
    paper.refresh_from_db()
    if paper.template_version.template.key == "reception.refusal":
        from casework.reception.models import ReceptionEntry
        from casework.reception.services import reception_refusal_notice_cancelled

        # The written refusal is owed again, its clock running (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3).
        entry = ReceptionEntry.objects.select_related("session__unit").get(pk=int(paper.target_id))
        reception_refusal_notice_cancelled(entry=entry, actor=actor, symbol=paper.symbol)
    if paper.target_type == "cases.case":
        from casework.cases.services.sending import TRANSFERRER_PAPERS, transferrer_paper_cancelled

        if paper.template_version.template.key in TRANSFERRER_PAPERS:
            # The result is owed again to the body that transferred a denunciation (Luật Tố cáo 2018 Đ.26 khoản 2).
            case = Case.objects.select_related("unit").get(pk=int(paper.target_id))
            transferrer_paper_cancelled(case=case, actor=actor, symbol=paper.symbol)
    audit_record(
        actor=actor,
        action="paper.cancel",
        target=paper,
        unit=paper.unit,
        before={"status": Paper.Status.ISSUED},
        after={"status": paper.status, "symbol": paper.symbol},
        reason=reason,
    )
    return paper


# What an erased paper's values, recipients and cancellation reason read (`papers_personal_data_erase`).
ERASED_PAPER = "[đã hủy theo thời hạn lưu trữ]"


@transaction.atomic
def papers_personal_data_erase(*, targets: dict[str, list[str]], now: Any) -> list[str]:
    """Erase the personal data of the papers issued for `targets` (target type → ids) at the end of their
    record's retention period (a case and what belongs to it, a visit of the reception book): the one code path
    of casework.privacy's destructions, in their transaction.

    Their stored files (the issued PDF, which prints names, addresses and a complainant's identity paper number,
    and the signed PDF or the scan of the hand-signed paper) are deleted once the transaction commits; the values
    they were typeset from and the recipients become ERASED_PAPER, the summary (which may name the person) the
    name of the kind of paper, a cancellation's reason ERASED_PAPER. The register keeps its entry: unit, kind,
    year, number and symbol, the day issued, the target's reference, the template version, the signer, the legal
    grounds, the status and both SHA-256: the register of outgoing papers (Nghị định 30/2020/NĐ-CP Đ.16, which
    the union applies under its Đ.2 khoản 2) still shows that paper N° X of kind Y was issued on day D for R,
    while the personal data go at the end of their period (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.14 khoản 1 điểm c,
    khoản 3). Papers already erased are left as they are. Returns the symbols of the papers erased."""
    from django.db.models import Q

    from casework.files.storage import private_storage

    belonging = Q(pk__in=[])
    for target_type, ids in targets.items():
        if ids:
            belonging |= Q(target_type=target_type, target_id__in=ids)
    # For no key update: the audit events naming a paper do not wait.
    papers = list(
        Paper.objects.select_for_update(of=("self",), no_key=True)
        .filter(belonging, personal_data_destroyed_at__isnull=True)
        .select_related("template_version__template")
        .order_by("issued_at", "pk")
    )
    names: list[str] = []
    for paper in papers:
        names += [name for name in (paper.pdf.name, paper.signed_pdf.name) if name]
        Paper.objects.filter(pk=paper.pk).update(
            pdf="",
            signed_pdf="",
            values=dict.fromkeys(paper.values or {}, ERASED_PAPER),
            summary=paper.template_version.template.name[:512],
            recipients=ERASED_PAPER,
            cancel_reason=ERASED_PAPER if paper.cancel_reason else "",
            personal_data_destroyed_at=now,
        )

    def delete_stored() -> None:
        storage = private_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_stored)
    return [paper.symbol for paper in papers]
