"""Retention and erasure (Luật Bảo vệ dữ liệu cá nhân 2025; Nghị định 356/2025/NĐ-CP): periods, legal
holds, destruction, subject access.

Only administrators set periods, place holds and answer subject-access requests; destruction runs
from `retention_run` (the daily periodic job and the management command).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from casework.audit.models import AuditEvent
from casework.audit.sealing import case_targets
from casework.audit.services import audit_record, target_ref
from casework.cases.identity import (
    PersonalDataDestroyed,
    identity_decrypt,
    phone_key,
    reception_decrypt,
    subject_fingerprint,
)
from casework.cases.models import (
    Case,
    ComplaintFoundRight,
    ComplaintRepresentative,
    CriminalReferral,
    DenouncedExplanation,
    DenouncerIdentity,
    ExpertiseRequest,
    IntakeSubmission,
    Kind,
    Submitter,
    VerificationAssignment,
    Withdrawal,
)
from casework.cases.services.common import case_lock
from casework.cases.services.public import public_receipt_key
from casework.files.models import Attachment
from casework.files.storage import private_storage
from casework.inspections.models import FollowupReport, Recommendation
from casework.org.models import Role
from casework.org.selectors import user_has_role
from casework.papers.services import papers_personal_data_erase
from casework.privacy.models import (
    RECORD_KINDS,
    CaseKey,
    LegalHold,
    ReceptionKey,
    RetentionPolicy,
    SubjectAccessRequest,
)
from casework.privacy.selectors import (
    SUBJECT_ACCESS_REVEAL,
    SUBJECT_REQUEST_ROLES,
    Expiry,
    reception_entry_reference,
    retention_due,
)
from casework.reception.models import ReceptionDocument, ReceptionEntry
from casework.search.services import search_forget_case
from casework.search.text import tone_marks_placed
from core import clock
from core.errors import ApplicationError, TransitionNotAllowed, ValidationFailed
from notifications.models import Notification, OutboxMessage
from workflows.models import Escalation

MAX_YEARS = 100
ERASED = "[đã hủy]"
ERASED_FILE = "tep-da-huy"


def _require_admin(actor: Any) -> None:
    if not (getattr(actor, "is_authenticated", False) and user_has_role(user=actor, roles=[Role.ADMIN])):
        raise TransitionNotAllowed(gettext("Chỉ quản trị hệ thống được thực hiện thao tác này."))


@transaction.atomic
def retention_policy_set(*, actor: Any, kind: str, years: int, source: str) -> RetentionPolicy:
    """Set how long closed cases of `kind` keep their personal data, with the text that says so."""
    _require_admin(actor)
    errors: dict[str, str] = {}
    if kind not in {value for value, _label in RECORD_KINDS}:
        errors["kind"] = gettext("Loại hồ sơ không hợp lệ.")
    if not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        errors["years"] = gettext("Số năm lưu trữ phải từ 1 đến %(max)s.") % {"max": MAX_YEARS}
    if not (source or "").strip():
        errors["source"] = gettext("Phải ghi căn cứ quy định thời hạn lưu trữ (số, ký hiệu văn bản, điều khoản).")
    if errors:
        raise ValidationFailed(errors)
    old = RetentionPolicy.objects.select_for_update().filter(kind=kind).first()
    policy, _created = RetentionPolicy.objects.update_or_create(
        kind=kind,
        defaults={"years": years, "source": source.strip(), "updated_by": actor, "updated_at": clock.now()},
    )
    audit_record(
        actor=actor,
        action="privacy.retention_policy",
        target=policy,
        before={"years": old.years, "source": old.source} if old else {},
        after={"kind": kind, "years": years, "source": policy.source},
    )
    return policy


@transaction.atomic
def legal_hold_place(
    *,
    actor: Any,
    case: Case | None = None,
    reception_entry: ReceptionEntry | None = None,
    subject_request: SubjectAccessRequest | None = None,
    reason: str,
) -> LegalHold:
    """Stop destruction of a case's data, of a reception visitor's identity or of a data subject's request's
    requester until the hold is released (a lawsuit, an inquiry)."""
    _require_admin(actor)
    if [case, reception_entry, subject_request].count(None) != 2:
        raise ValidationFailed(
            {"case": gettext("Chọn một hồ sơ, một lượt tiếp công dân hoặc một yêu cầu của chủ thể dữ liệu để tạm giữ.")}
        )
    if not (reason or "").strip():
        raise ValidationFailed({"reason": gettext("Phải ghi lý do tạm giữ hồ sơ.")})
    target: Case | ReceptionEntry | SubjectAccessRequest
    if case is not None:
        # The case's own lock (for no key update): a row written meanwhile that names the case does not wait.
        case = case_lock(case=case)
        destroyed = CaseKey.objects.filter(case=case, destroyed_at__isnull=False).exists()
        target, unit = case, case.unit
    elif reception_entry is not None:
        reception_entry = (
            ReceptionEntry.objects.select_for_update(of=("self",), no_key=True)
            .select_related("session__unit")
            .get(pk=reception_entry.pk)
        )
        destroyed = ReceptionKey.objects.filter(entry=reception_entry, destroyed_at__isnull=False).exists()
        target, unit = reception_entry, reception_entry.session.unit
    else:
        assert subject_request is not None
        # For no key update, like the request's own steps: its clocks and events written meanwhile do not wait.
        subject_request = (
            SubjectAccessRequest.objects.select_for_update(of=("self",), no_key=True)
            .select_related("unit")
            .get(pk=subject_request.pk)
        )
        destroyed = subject_request.personal_data_destroyed_at is not None
        target, unit = subject_request, subject_request.unit
    if destroyed:
        raise ApplicationError(gettext("Dữ liệu cá nhân của hồ sơ này đã bị hủy."), code="personal_data_destroyed")
    hold = LegalHold.objects.create(
        case=case,
        reception_entry=reception_entry,
        subject_request=subject_request,
        reason=reason.strip(),
        placed_by=actor,
        placed_at=clock.now(),
    )
    audit_record(actor=actor, action="privacy.legal_hold", target=target, unit=unit, after={"hold": hold.pk},
                 reason=hold.reason)  # fmt: skip
    return hold


@transaction.atomic
def legal_hold_release(*, actor: Any, hold: LegalHold, reason: str = "") -> LegalHold:
    _require_admin(actor)
    hold = (
        LegalHold.objects.select_for_update(of=("self",))
        .select_related("case__unit", "reception_entry__session__unit", "subject_request__unit")
        .get(pk=hold.pk)
    )
    if hold.released_at is None:
        hold.released_at = clock.now()
        hold.save(update_fields=["released_at"])
        target: Any = hold.case or hold.reception_entry or hold.subject_request
        if hold.case is not None:
            unit = hold.case.unit
        elif hold.reception_entry is not None:
            unit = hold.reception_entry.session.unit
        else:
            unit = hold.subject_request.unit  # type: ignore[union-attr]
        audit_record(
            actor=actor, action="privacy.legal_hold_release", target=target, unit=unit,
            after={"hold": hold.pk}, reason=reason,
        )  # fmt: skip
    return hold


@transaction.atomic
def _case_files_erase(case: Case) -> None:
    """The files kept in clear (the letter's scans, evidence) of the case and of everything that
    belongs to it (case_targets: its measures, the reports on them, any type registered with
    casework.audit.sealing): the rows stay, with a neutral name and no file; the stored bytes go once
    the transaction commits. Sealed files need nothing more: the discarded key already makes them unreadable."""
    belonging = Q(pk__in=[])
    for target_type, ids in case_targets(case.pk).items():
        if ids:
            belonging |= Q(target_type=target_type, target_id__in=ids)
    files = Attachment.objects.filter(belonging, identifying=False).exclude(file="")
    names = list(files.values_list("file", flat=True))
    files.update(file="", original_name=ERASED_FILE)

    def delete_stored() -> None:
        storage = private_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_stored)


@transaction.atomic
def case_personal_data_destroy(*, expiry: Expiry, now: dt.datetime) -> bool:
    """Destroy one case's personal data: discard its key, erase the clear copies in mutable rows.

    1. Lock the case; a hold placed meanwhile, or another run that got there first, wins.
    2. Discard the key: everything sealed under it (identities, files, audit values) is unreadable.
    3. Erase the personal data kept in clear in rows that may change (submitters, the person
       complained about, the letter's text and the officers' texts about it, the measures of its
       conclusion and the reports on them, the queued payload, the notices of the case and of its
       measures and the citizen's receipt e-mail), the files kept in clear and the issued papers' files
       and personal values (the register keeps each paper's number, kind, day and hash).
    4. Record the destruction in the audit chain (what, under which period and source).
    Returns False when nothing was done.
    """
    assert expiry.case is not None
    case = case_lock(case=expiry.case)
    if LegalHold.objects.filter(case=case, released_at__isnull=True).exists():
        return False
    if CaseKey.objects.filter(case=case, destroyed_at__isnull=False).exists():
        return False
    updated = CaseKey.objects.filter(case=case).update(wrapped="", destroyed_at=now)
    if not updated:
        CaseKey.objects.create(case=case, wrapped="", created_at=now, destroyed_at=now)
    DenouncerIdentity.objects.filter(case=case).delete()
    Submitter.objects.filter(case=case).update(full_name=ERASED, phone="", email="", address="", id_number_sealed="")
    ComplaintRepresentative.objects.filter(case=case).update(
        full_name=ERASED, address="", scope="", id_number_sealed=""
    )
    # Every text the chain keeps only sealed (PERSONAL_AUDIT_FIELDS, the reasons) goes from the row too.
    Case.objects.filter(pk=case.pk).update(
        subject_person="",
        subject_person_keys="",
        content=ERASED,
        content_redacted="",
        dialogue_record="",
        dialogue_participants="",
        dialogue_chair="",
        dialogue_notice_related="",
        dialogue_opinions="",
        dialogue_agreed="",
        dialogue_disputed="",
        proposal=ERASED if case.proposal else "",
        decision_text=ERASED if case.decision_text else "",
        verification_result=ERASED if case.verification_result else "",
        legal_basis=ERASED if case.legal_basis else "",
        resolution_measures=ERASED if case.resolution_measures else "",
        policy_recommendations=ERASED if case.policy_recommendations else "",
        compensation=ERASED if case.compensation else "",
        proposal_verification_result=ERASED if case.proposal_verification_result else "",
        proposal_legal_basis=ERASED if case.proposal_legal_basis else "",
        proposal_decision_text=ERASED if case.proposal_decision_text else "",
        proposal_resolution_measures=ERASED if case.proposal_resolution_measures else "",
        proposal_policy_recommendations=ERASED if case.proposal_policy_recommendations else "",
        proposal_compensation=ERASED if case.proposal_compensation else "",
        triage_note="",
        withdrawn_content="",
        withdrawal_assessment="",
        obstacle_note="",
        extension_reason="",
        processing_extension_reason="",
        suspension_reason="",
        resumption_reason="",
        submitter_fingerprint="",
    )
    # A denunciation's withdrawals: their texts, and the particulars sealed under the discarded key.
    Withdrawal.objects.filter(case=case).update(withdrawn_content="", assessment="", measures="", particulars_sealed="")
    # The requests for an expert assessment: what was asked and concluded (the chain keeps them sealed).
    ExpertiseRequest.objects.filter(case=case).update(content=ERASED, materials="", related="", conclusion_summary="")
    # The person denounced's explanation during verification: what was asked and said, who said it, where.
    DenouncedExplanation.objects.filter(case=case).update(content=ERASED, explainer="", place="")
    # The assignment of its verification (what was to be verified) and the file sent on for signs of a crime
    # (its note); to whom and the paper's number stay, like a discipline decision's.
    VerificationAssignment.objects.filter(case=case).update(content=ERASED)
    # A complaint found right on re-examination: why it was (the day and who recorded it stay).
    ComplaintFoundRight.objects.filter(case=case).update(reason=ERASED)
    CriminalReferral.objects.filter(case=case).update(note="")
    IntakeSubmission.objects.filter(case=case).update(payload={})
    # The measures of its conclusion and the reports on them are the case's texts too (Luật Tố cáo
    # 2018 Đ.44 khoản 3): erased like its proposal and decision; their status, dates and units stay.
    measures = [str(pk) for pk in Recommendation.objects.filter(case=case).values_list("pk", flat=True)]
    Recommendation.objects.filter(case=case).update(text=ERASED)
    reports = FollowupReport.objects.filter(recommendation__case=case)
    reports.update(text=ERASED)
    reports.exclude(verdict_reason="").update(verdict_reason=ERASED)  # a return keeps a reason (constraint)
    _case_files_erase(case)
    # The discipline proceedings the case gave rise to (the person disciplined, the forms, the ballot) and their
    # decisions are not the case's (case_targets leaves them out) and stay: the decision and the papers of the
    # proceeding are kept in the disciplined person's file and the form in their record (Nghị định 234/2026/NĐ-CP
    # Đ.2 khoản 9, for the union's full-time cadres who are public employees; the union's own rules keep the
    # decision with the member's or cadre's file likewise), a file kept far longer than the case's period, and a
    # proceeding may come from a flag or an inspection, which no case's period reaches. The proposal's reason is
    # sealed in the case's trail and goes with its key (docs/retention.md).
    papers = papers_personal_data_erase(targets=case_targets(case.pk), now=now)
    search_forget_case(case=Case.objects.select_related("unit", "subject_unit").get(pk=case.pk))
    # The escalations of the case and of its measures: their reasons (sealed in the chain) and what
    # their notices said.
    escalations = Escalation.objects.filter(
        Q(target_type="cases.case", target_id=str(case.pk))
        | Q(target_type="inspections.recommendation", target_id__in=measures)
    )
    prefixes = [
        f"case:{case.pk}:",
        *(f"recommendation:{pk}:" for pk in measures),
        *(f"escalation:{pk}:" for pk in escalations.values_list("pk", flat=True)),
    ]
    escalations.update(reason=ERASED, proposal="", decision_reason="")
    # What the case's notices said (reasons typed by officers) and the citizen's receipt e-mail.
    for prefix in prefixes:
        Notification.objects.filter(key__startswith=prefix).update(body="")
        OutboxMessage.objects.filter(key__startswith=prefix).update(body="")
    if case.receipt_code_hash:
        receipt = OutboxMessage.objects.filter(key=public_receipt_key(case))
        receipt.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]).update(
            status=OutboxMessage.Status.SKIPPED
        )
        receipt.update(body="", recipient="")
    assert case.closed_on is not None  # retention_due lists closed cases only
    audit_record(
        actor=None,
        action="case.personal_data_destroyed",
        target=case,
        unit=case.unit,
        after={
            "closed_on": case.closed_on.isoformat(),
            "expired_on": expiry.expires_on.isoformat(),
            "years": expiry.policy.years,
            "source": expiry.policy.source,
            # What was erased of the register of papers: the symbols only, never a value.
            **({"papers_erased": papers} if papers else {}),
        },
    )
    return True


@transaction.atomic
def reception_personal_data_destroy(*, expiry: Expiry, now: dt.datetime) -> bool:
    """Destroy a reception visitor's identity at the end of the reception book's period.

    The entry's key is discarded (its ciphertext, and any copy of it, becomes unreadable); the
    texts of the visit that may name people are erased, and the papers issued from the visit lose
    their files and personal values (`papers_personal_data_erase`, as a case's); the book keeps the
    date, the number of people, the classification and the handling route for statistics, the
    register each paper's entry. One audit event records the destruction with the period and its
    source and the symbols of the papers erased. A hold placed meanwhile, or another run that
    got there first, wins. Returns False when nothing was done.
    """
    assert expiry.entry is not None
    entry = (
        ReceptionEntry.objects.select_for_update(of=("self",), no_key=True)
        .select_related("session__unit")
        .get(pk=expiry.entry.pk)
    )
    if LegalHold.objects.filter(reception_entry=entry, released_at__isnull=True).exists():
        return False
    if ReceptionKey.objects.filter(entry=entry, destroyed_at__isnull=False).exists():
        return False
    if not ReceptionKey.objects.filter(entry=entry).update(wrapped="", destroyed_at=now):
        ReceptionKey.objects.create(entry=entry, wrapped="", created_at=now, destroyed_at=now)
    ReceptionEntry.objects.filter(pk=entry.pk).update(
        content=ERASED, follow_up="", resolved_by="", guided_to="", accepted_by="", note=""
    )
    # The names of the documents the visitor handed over ("Đơn khiếu nại của ông …") may name people; whether
    # each was an original or a copy, and its pages, stay with the book's figures.
    ReceptionDocument.objects.filter(entry=entry).update(name=ERASED)
    # The papers issued from the visit (Mẫu số 01/TCD, 02/TCD), as a case's: their files and personal values go,
    # the register keeps their entry.
    target_type, target_id = target_ref(entry)
    papers = papers_personal_data_erase(targets={target_type: [target_id]}, now=now)
    audit_record(
        actor=None,
        action="reception.personal_data_destroyed",
        target=entry,
        unit=entry.session.unit,
        after={
            "reference": reception_entry_reference(entry),
            "received_on": expiry.starts_on.isoformat(),
            "expired_on": expiry.expires_on.isoformat(),
            "years": expiry.policy.years,
            "source": expiry.policy.source,
            # What was erased of the register of papers: the symbols only, never a value.
            **({"papers_erased": papers} if papers else {}),
        },
    )
    return True


@transaction.atomic
def subject_request_personal_data_destroy(*, expiry: Expiry, now: dt.datetime) -> bool:
    """Erase a closed request's requester and answer's text at the end of the register's period.

    The register keeps the reference, the unit, the days, the right, the status and the outcome for
    statistics; the sealed requester (name, identifiers, what they asked), its fingerprint and the
    answer's text are erased. One audit event records the period and its source. A hold placed meanwhile,
    or another run that got there first, wins. Returns False when nothing was done."""
    assert expiry.request is not None
    # For no key update: the clocks and audit events that name the request do not wait.
    request = SubjectAccessRequest.objects.select_for_update(no_key=True).get(pk=expiry.request.pk)
    if LegalHold.objects.filter(subject_request=request, released_at__isnull=True).exists():
        return False
    if request.personal_data_destroyed_at is not None:
        return False
    request.requester_ciphertext = request.requester_fingerprint = request.outcome_text = ""
    request.extension_reason = ""
    request.personal_data_destroyed_at = now
    request.save(
        update_fields=[
            "requester_ciphertext",
            "requester_fingerprint",
            "outcome_text",
            "extension_reason",
            "personal_data_destroyed_at",
        ]
    )
    audit_record(
        actor=None,
        action="privacy.subject_request_personal_data_destroyed",
        target=request,
        unit=request.unit_id,
        after={
            "reference": request.reference,
            "closed_on": expiry.starts_on.isoformat(),
            "expired_on": expiry.expires_on.isoformat(),
            "years": expiry.policy.years,
            "source": expiry.policy.source,
        },
    )
    return True


@dataclass(frozen=True)
class RetentionOutcome:
    expiry: Expiry
    outcome: str  # "destroyed", "would_destroy", "held"


def retention_run(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[RetentionOutcome]:
    """One pass: destroy the personal data of every closed case, the identity of every reception
    visitor, and the requester of every closed data subject's request, past its period and not held.

    Each case in its own transaction, so one failure leaves the others done; running twice
    destroys nothing twice.
    """
    now = now or clock.now()
    outcomes = []
    for expiry in retention_due(today=timezone.localdate(now)):
        if expiry.held:
            outcomes.append(RetentionOutcome(expiry, "held"))
        elif dry_run:
            outcomes.append(RetentionOutcome(expiry, "would_destroy"))
        elif expiry.entry is not None:
            if reception_personal_data_destroy(expiry=expiry, now=now):
                outcomes.append(RetentionOutcome(expiry, "destroyed"))
        elif expiry.request is not None:
            if subject_request_personal_data_destroy(expiry=expiry, now=now):
                outcomes.append(RetentionOutcome(expiry, "destroyed"))
        elif case_personal_data_destroy(expiry=expiry, now=now):
            outcomes.append(RetentionOutcome(expiry, "destroyed"))
    return outcomes


def _norm(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def _same_name(a: str, b: str) -> bool:
    """The same name, its tone marks in either style's place ("Hòa" and "Hoà")."""
    return bool(_norm(a)) and _norm(tone_marks_placed(_norm(a))) == _norm(tone_marks_placed(_norm(b)))


def _digits(value: str) -> str:
    return "".join(ch for ch in value or "" if ch.isdigit())


def _phone_forms(value: str) -> set[str]:
    """The digits a record may hold for this number, as typed in either form (national, international)."""
    key = phone_key(value)
    if not key:
        return set()
    if key.startswith("0") and len(key) in (10, 11):
        return {key, "84" + key[1:], "0084" + key[1:]}
    return {key}


def _phone_digits(field: str) -> Replace:
    """The field's phone number with the separators people type removed, for a lookup by `_phone_forms`
    in the database (what `_digits` does in Python, for the characters a phone is written with)."""
    expression: Any = F(field)
    for separator in (" ", ".", "-", "+", "(", ")", "/"):
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def _id_paper(value: str) -> str:
    """An identity paper's number in any spacing (a CCCD is digits; an old passport has a letter)."""
    return "".join((value or "").split()).casefold()


@dataclass(frozen=True)
class SubjectIdentifiers:
    """What a request names its person by: the name and at least one exact identifier (a phone, an
    e-mail, an identity paper's number). A record is the person's only when it holds the same name
    and one of those identifiers: a name alone is shared by namesakes (Luật Tố cáo 2018 Đ.47 khoản 1:
    a wrong match would show a denouncer's identity to whoever runs the export)."""

    full_name: str
    phone: str = ""
    email: str = ""
    id_number: str = ""

    @property
    def has_identifier(self) -> bool:
        return bool(_digits(self.phone) or _norm(self.email) or _id_paper(self.id_number))

    def is_person(self, person: dict) -> bool:
        """Does one person of a record (a sender, a visitor) carry the name and one of the identifiers?"""
        if not _same_name(person.get("full_name", ""), self.full_name):
            return False
        phone, email, paper = phone_key(self.phone), _norm(self.email), _id_paper(self.id_number)
        return bool(
            (phone and phone_key(person.get("phone", "")) == phone)
            or (email and _norm(person.get("email", "")) == email)
            or (paper and _id_paper(person.get("id_number", "")) == paper)
        )


def _contact_q(who: SubjectIdentifiers) -> Q:
    """Rows (a letter's senders, user accounts) holding one of the request's contacts: the e-mail in any
    case, the phone in either form whatever its separators (on a queryset annotated `phone_digits` by
    `_phone_digits`). A candidate only: the row is the person's when it carries the name too (`is_person`)."""
    contacts = Q(pk__in=[])
    if forms := _phone_forms(who.phone):
        contacts |= Q(phone_digits__in=forms)
    if _norm(who.email):
        contacts |= Q(email__iexact=who.email.strip())
    return contacts


def _subject_cases(
    *, actor: Any, who: SubjectIdentifiers, roles: list[str]
) -> list[tuple[Case, DenouncerIdentity | None, list]]:
    """The letters of the units where the actor holds one of `roles` (`_export_roles`) that the person sent, each with its sealed identity
    (None for a letter whose senders are kept as submitters) and the person's own rows in it (never a
    co-sender's).

    - A letter kept with submitters: found by the keyed fingerprint intake gives its representative,
      one per phone or e-mail given (never the name's alone, which every letter without a contact
      has), and by its submitters' phone or e-mail; then the submitter must carry the name and one of
      those identifiers.
    - A letter with a sealed identity (a denunciation; it alone keeps an identity paper's number): only
      those whose identity the administrator may reveal (`can_reveal_identity`, Luật Tố cáo 2018 Đ.47
      khoản 1, Đ.48 khoản 1) are decrypted, and one of its people must carry the name and one of the
      identifiers: the same cases the export could list, none other opened.
    Cases whose key was destroyed hold nothing of anyone and are not read."""
    from casework.cases.identity import submitter_fingerprints_of_contacts
    from casework.cases.permissions import can_reveal_identity
    from casework.cases.recusal import case_recused_q
    from casework.cases.selectors import submitter_id_number
    from casework.org.selectors import scope_q

    # Never a letter the actor is recused from (the person it is about, a leader of the unit concerned, a
    # namesake holding a role there: casework.cases.recusal): for them it does not exist, so the export
    # would tell the person concerned who complained about them.
    in_scope = (
        Case.objects.filter(scope_q(user=actor, roles=roles, prefix="unit__"))
        .exclude(Exists(CaseKey.objects.filter(case=OuterRef("pk"), destroyed_at__isnull=False)))
        .exclude(case_recused_q(user=actor))
    )
    sealed = Exists(DenouncerIdentity.objects.filter(case=OuterRef("pk")))
    by_contact = (
        Submitter.objects.annotate(phone_digits=_phone_digits("phone")).filter(_contact_q(who)).values("case_id")
    )
    fingerprints = submitter_fingerprints_of_contacts(full_name=who.full_name, phone=who.phone, email=who.email)
    found: list[tuple[Case, DenouncerIdentity | None, list]] = []
    plain = (
        in_scope.exclude(sealed)
        .filter(Q(submitter_fingerprint__in=fingerprints) | Q(pk__in=by_contact))
        .select_related("unit")
        .order_by("received_on", "pk")
    )
    for case in plain:
        # The identity paper's number a complainant gave is theirs too: unsealed for the export and for
        # telling them from a namesake (Mẫu số 01 of Nghị định 124/2020/NĐ-CP, thay thế bởi Nghị định
        # 155/2026/NĐ-CP Đ.20).
        rows = [
            {
                "full_name": s.full_name,
                "phone": s.phone,
                "email": s.email,
                "address": s.address,
                **({"id_number": number} if (number := submitter_id_number(s)) else {}),
            }
            for s in case.submitters.select_related("case")
        ]
        mine = [row for row in rows if who.is_person(row)]
        if mine:
            found.append((case, None, mine))
    identities = (
        DenouncerIdentity.objects.filter(case__in=in_scope)
        .select_related("case__unit")
        .order_by("case__received_on", "case_id")
    )
    for identity in identities:
        if not can_reveal_identity(identity.case, actor):
            continue  # neither decrypted nor listed nor counted
        try:
            people = identity_decrypt(identity.ciphertext, case=identity.case)
        except PersonalDataDestroyed:
            continue
        mine = [p for p in people if isinstance(p, dict) and who.is_person(p)]
        if mine:
            found.append((identity.case, identity, mine))
    return sorted(found, key=lambda row: (row[0].received_on, row[0].pk))


def _reception_visits(*, actor: Any, who: SubjectIdentifiers, roles: list[str]) -> list[dict]:
    """The person's visits in the reception book within the units where the actor holds one of `roles`: the name and the
    identity-card number both match (a name alone does not tell two people apart, and a visit is
    disclosed only to its visitor). Visits whose identity was destroyed hold nothing of them; a
    denounced visit only to whom `can_reveal_visitor` allows. Each row carries its `entry`."""
    from casework.cases.recusal import case_recused_q
    from casework.org.selectors import scope_q
    from casework.reception.permissions import can_reveal_visitor, visit_denounced
    from casework.reception.selectors import reception_entry_row

    visits = []
    entries = (
        ReceptionEntry.objects.filter(scope_q(user=actor, roles=roles, prefix="session__unit__"))
        .exclude(Exists(ReceptionKey.objects.filter(entry=OuterRef("pk"), destroyed_at__isnull=False)))
        .select_related("session__unit", "case__unit")
        .order_by("received_at", "pk")
    )
    recused = set(Case.objects.filter(case_recused_q(user=actor)).values_list("pk", flat=True))
    for entry in entries.iterator():
        if entry.case_id is not None and entry.case_id in recused:
            continue  # a visit taken up as a letter the actor is recused from, as that letter (`_subject_cases`)
        # A denunciation told in person is answered by whom may learn who told it (Luật Tố cáo 2018
        # Đ.47 khoản 1): to anyone else it is neither decrypted nor shown, nor counted.
        if visit_denounced(entry) and not can_reveal_visitor(actor, entry):
            continue
        try:
            people = reception_decrypt(entry.visitor_ciphertext, entry=entry)
        except PersonalDataDestroyed:
            continue
        mine = [p for p in people if isinstance(p, dict) and who.is_person(p)]
        if mine:
            # The book's columns (Mẫu số 03/TCD) as the book shows them to this reader once the visit is revealed
            # (the export of a denounced visit is an audited reveal, below): the keepers' texts masked where the
            # book masks them (`reception_entry_row`); the address and the identity paper are the visitor's own,
            # from the sealed identity.
            row = reception_entry_row(entry=entry, user=actor, revealed=True)
            visits.append(
                {
                    "entry": entry,
                    "reference": reception_entry_reference(entry),
                    "unit": entry.session.unit.name,
                    "received_on": timezone.localdate(entry.received_at).isoformat(),
                    "as_visitor": mine,
                    "address": str(mine[0].get("address", "")),
                    "id_number": str(mine[0].get("id_number", "")),
                    "people_count": entry.people_count,
                    # The visitor's own words, as told: the export goes to them. The book masks a denounced
                    # visit's texts from readers who may not learn who told it; the person denounced is never
                    # matched here (only the visit's sealed visitors are), so their request finds nothing of it.
                    "content": entry.content,
                    "classification": entry.classification,
                    "handling_route": entry.handling_route,
                    "within_competence": entry.within_competence,
                    "resolved_by": row.resolved_by,
                    "guided_to": row.guided_to,
                    "accepted_by": row.accepted_by,
                    "follow_up": row.follow_up,
                    "note": row.note,
                }
            )
    return visits


# On every export, whatever was found: who denounced is answered by the body that resolves the
# denunciation (Luật Tố cáo 2018 Đ.47 khoản 1, Đ.48 khoản 1), never by whoever runs the export, and
# the same line whether or not the person denounced anyone, so neither its presence nor a count tells.
DENUNCIATIONS_NOTICE = gettext_lazy(
    "Thông tin về việc tố cáo, nếu có, do cơ quan, người giải quyết tố cáo trả lời; bản trích xuất này "
    "không chứa danh tính người tố cáo mà người trích xuất không có thẩm quyền xem (Luật Tố cáo 2018, Điều 47)."
)

# The answer when nothing in the administrator's units carries the name with one of the identifiers given:
# records bearing only the same name may be a namesake's, and are not handed over.
NOTHING_FOUND = gettext_lazy(
    "Không tìm thấy đơn, lượt tiếp công dân hay tài khoản nào mang họ tên này cùng số điện thoại, e-mail hoặc "
    "số CCCD/CMND đã nêu. Hồ sơ chỉ ghi họ tên, không có thông tin nào trong số đó, không được trích xuất vì "
    "không xác định được đúng là của người yêu cầu."
)


def _export_roles(actor: Any, subject_request: SubjectAccessRequest | None) -> list[str]:
    """Who may run the export, and the roles whose units it searches. A search without a recorded request is an
    administrator's, within the units they administer. For a recorded request, whoever carries the requests of
    its unit (SUBJECT_REQUEST_ROLES: an administrator, or the person the unit charges with the protection of
    personal data, Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1 điểm d, Đ.15 khoản 2 điểm a: the controller gives
    the person their data) runs it within the units whose requests they carry, the same rule that shows them
    the request (`subject_requests_for_user`)."""
    if subject_request is None:
        _require_admin(actor)
        return [Role.ADMIN]
    if not (
        getattr(actor, "is_authenticated", False)
        and user_has_role(user=actor, roles=SUBJECT_REQUEST_ROLES, unit=subject_request.unit)
    ):
        raise TransitionNotAllowed(
            gettext(
                "Chỉ quản trị hệ thống hoặc người phụ trách bảo vệ dữ liệu cá nhân của đơn vị tiếp nhận yêu cầu được "
                "thực hiện thao tác này."
            )
        )
    return list(SUBJECT_REQUEST_ROLES)


def personal_data_export(
    *,
    actor: Any,
    full_name: str,
    phone: str = "",
    email: str = "",
    id_number: str = "",
    reason: str,
    subject_request: SubjectAccessRequest | None = None,
) -> dict:
    """Answer a person's request for the data held about them (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4
    khoản 1 điểm d; Đ.15 khoản 2 điểm a: provided to the person at their request).

    The person is found as a letter's sender (`_subject_cases`: the name with the phone, the e-mail or
    the identity paper's number the letter holds), as a visitor in the reception book (name and
    identity-card number) and as a user account (the name with the same e-mail or phone), within the units the
    administrator answers for (their unit and its subtree); a record that shares only the name is
    never the person's, and when nothing matches the answer says so (NOTHING_FOUND). The export is itself an audit event; the names it returns never enter the chain
    (only the case and visit references and account ids do).

    A data subject may ask what is held about them (Đ.4 khoản 1), but an administrator is not entitled to
    learn who denounced (Luật Tố cáo 2018 Đ.47 khoản 1): a denunciation and a denounced visit are in
    the export only where the administrator may reveal that identity (`can_reveal_identity`,
    `can_reveal_visitor`), each such reading a reveal event of its own; every export carries
    DENUNCIATIONS_NOTICE.

    Run for a recorded request (`subject_request`, through `subject_request_export`), the export's event
    names the request and is linked to it as its export. Run so, it is also the data protection officer's
    (`_export_roles`), within the units whose requests they carry.
    """
    roles = _export_roles(actor, subject_request)
    who = SubjectIdentifiers(full_name=full_name or "", phone=phone or "", email=email or "", id_number=id_number or "")
    errors = {}
    if not _norm(who.full_name):
        errors["full_name"] = gettext("Phải nhập họ tên người yêu cầu.")
    if not who.has_identifier:
        errors["phone"] = gettext("Phải nhập số điện thoại, e-mail hoặc số CCCD/CMND để xác định đúng người.")
    if not (reason or "").strip():
        errors["reason"] = gettext("Phải ghi căn cứ yêu cầu (số, ngày đơn yêu cầu).")
    if errors:
        raise ValidationFailed(errors)
    from casework.cases.permissions import can_reveal_identity
    from casework.org.models import User
    from casework.org.selectors import scope_q
    from casework.reception.permissions import visit_denounced
    from notifications.models import ChannelChoice

    cases = []
    revealed: list[Case] = []
    for case, identity, mine in _subject_cases(actor=actor, who=who, roles=roles):
        if identity is not None or case.kind == Kind.DENUNCIATION:
            # Who denounced is learnt only by whom the resolver's rule allows (Luật Tố cáo 2018 Đ.47
            # khoản 1, Đ.48 khoản 1): to anyone else the case is neither decrypted nor listed nor
            # counted; DENUNCIATIONS_NOTICE, on every export, sends the person to the resolving body.
            if not can_reveal_identity(case, actor):
                continue
            revealed.append(case)
        cases.append(
            {
                "reference": case.reference,
                "kind": case.kind,
                "status": case.status,
                "received_on": case.received_on.isoformat(),
                "closed_on": case.closed_on.isoformat() if case.closed_on else None,
                "as_sender": mine,
            }
        )
    accounts = []
    # An account is the person's when it holds the name with the request's e-mail or phone (in either
    # form), as a letter's sender is: an e-mail or a phone alone may be a relative's, a former holder's.
    match = User.objects.annotate(phone_digits=_phone_digits("phone")).filter(_contact_q(who))
    if not actor.is_superuser:  # accounts holding a role in the actor's units
        match = match.filter(scope_q(user=actor, roles=roles, prefix="roles__unit__"))
    for user in match.distinct().order_by("pk"):
        if not who.is_person({"full_name": user.full_name, "phone": user.phone, "email": user.email}):
            continue
        accounts.append(
            {
                "username": user.username,
                "full_name": user.full_name,
                "email": user.email,
                "phone": user.phone,
                "roles": list(user.roles.values("role", "unit__name", "valid_from", "valid_to")),
                "notification_channels": list(
                    ChannelChoice.objects.filter(user=user).values("channel", "address", "enabled")
                ),
                "notifications": Notification.objects.filter(user=user).count(),
                "audit_events_as_actor": AuditEvent.objects.filter(actor=user).count(),
            }
        )
    visits = _reception_visits(actor=actor, who=who, roles=roles) if _id_paper(who.id_number) else []
    entries = [visit.pop("entry") for visit in visits]
    denounced = {case.reference for case in revealed}
    told = {visit["reference"] for visit, entry in zip(visits, entries, strict=True) if visit_denounced(entry)}
    with transaction.atomic():
        event = audit_record(
            actor=actor,
            action="privacy.subject_access_export",
            target=(
                "privacy.subject",
                subject_fingerprint(full_name=full_name, phone=phone, email=email, id_number=id_number)[:16],
            ),
            after={
                # A denunciation found (a letter, a visit that told one) is the operator's reveal, recorded
                # on the case or the visit below, never here: this event names the person (their accounts,
                # the request) and every administrator reads it, so a reference here would tell them who
                # denounced (Luật Tố cáo 2018 Đ.47 khoản 1, Đ.48 khoản 1).
                "cases": [c["reference"] for c in cases if c["reference"] not in denounced],
                "visits": [v["reference"] for v in visits if v["reference"] not in told],
                "accounts": [a["username"] for a in accounts],
                **({"request": subject_request.reference} if subject_request is not None else {}),
            },
            reason=reason.strip(),
        )
        if subject_request is not None:
            SubjectAccessRequest.objects.filter(pk=subject_request.pk).update(export_event=event)
        # A denouncer's identity read through the export is a reveal like the case page's, recorded
        # on the case (and on the visit) with the request as its reason, marked as the export's: it
        # shares the export's actor and moment, so the audit keeps it from the export's readers who may
        # not learn the denouncer (casework.audit.selectors, Luật Tố cáo 2018 Đ.47 khoản 1).
        for case in revealed:
            audit_record(
                actor=actor,
                action="case.identity_reveal",
                target=case,
                unit=case.unit,
                after={SUBJECT_ACCESS_REVEAL: True},
                reason=reason.strip(),
            )
        for visit in entries:
            if visit_denounced(visit):
                audit_record(
                    actor=actor,
                    action="reception.visitor_reveal",
                    target=visit,
                    unit=visit.session.unit,
                    after={
                        **({"case": visit.case.reference} if visit.case is not None else {}),
                        SUBJECT_ACCESS_REVEAL: True,
                    },
                    reason=reason.strip(),
                )
    return {
        "generated_at": clock.now().isoformat(),
        "denunciations": str(DENUNCIATIONS_NOTICE),
        "nothing_found": "" if cases or visits or accounts else str(NOTHING_FOUND),
        "cases": cases,
        "visits": visits,
        "accounts": accounts,
    }
