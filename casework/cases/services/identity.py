"""Revealing a denouncer's identity: only whom `can_reveal_identity` allows, with a reason, audited;
and the grant by the person who decides that lets someone else see it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.decision_parts import DRAFT_FIELDS, PART_FIELDS
from casework.cases.identity import PersonalDataDestroyed, identity_decrypt
from casework.cases.models import (
    Case,
    CriminalReferral,
    DenouncerIdentity,
    ExpertiseRequest,
    IdentityGrant,
    Kind,
    Withdrawal,
)
from casework.cases.permissions import can_reveal_identity, is_decider
from casework.cases.redaction import Masking, masks_clean, masks_places, masks_propose
from casework.org.selectors import unit_names_holding
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed

MIN_REASON_LENGTH = 10


@transaction.atomic
def case_identity_reveal(*, case: Case, actor: Any, reason: str) -> list[dict]:
    """Decrypt and return the denouncer(s). Every reveal is an audit event with its reason."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationFailed(
            {"reason": _("Phải nêu lý do xem danh tính người tố cáo (ít nhất %(n)s ký tự).") % {"n": MIN_REASON_LENGTH}}
        )
    case = Case.objects.select_related("unit").get(pk=case.pk)
    if case.kind != Kind.DENUNCIATION:
        raise TransitionNotAllowed(_("Chỉ đơn tố cáo mới có danh tính được bảo vệ."))
    if not can_reveal_identity(case, actor):
        raise TransitionNotAllowed(
            _(
                "Chỉ cán bộ tiếp nhận (khi kiểm tra trước thụ lý), người được phân công giải quyết, người "
                "quyết định hoặc người được người quyết định cho phép mới được xem danh tính người tố cáo."
            )
        )
    identity = DenouncerIdentity.objects.filter(case=case).first()
    if identity is None:
        from casework.privacy.models import CaseKey

        if CaseKey.objects.filter(case=case, destroyed_at__isnull=False).exists():
            raise PersonalDataDestroyed()
        raise TransitionNotAllowed(_("Hồ sơ này không lưu danh tính người tố cáo."))
    people = identity_decrypt(identity.ciphertext, case=case)
    audit_record(actor=actor, action="case.identity_reveal", target=case, unit=case.unit, reason=reason)
    return people


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationFailed(
            {"reason": _("%(message)s (ít nhất %(n)s ký tự).") % {"message": message, "n": MIN_REASON_LENGTH}}
        )
    return reason


@transaction.atomic
def case_identity_grant(*, case: Case, actor: Any, grantee: Any, reason: str) -> IdentityGrant:
    """The person who decides lets `grantee` see the denouncer's identity, for a stated reason."""
    from casework.cases.recusal import case_recusal_reason
    from casework.cases.selectors import case_visible_q

    reason = _reason(reason, _("Phải nêu lý do cho phép xem danh tính người tố cáo"))
    case = Case.objects.select_for_update(of=("self",), no_key=True).select_related("unit").get(pk=case.pk)
    if case.kind != Kind.DENUNCIATION:
        raise TransitionNotAllowed(_("Chỉ đơn tố cáo mới có danh tính được bảo vệ."))
    if not is_decider(case, actor):
        raise TransitionNotAllowed(
            _("Chỉ người có thẩm quyền quyết định mới được cho phép xem danh tính người tố cáo.")
        )
    if grantee is None or not Case.objects.filter(case_visible_q(user=grantee), pk=case.pk).exists():
        raise ValidationFailed({"user": _("Người được cho phép phải là người được xem hồ sơ này.")})
    recused = case_recusal_reason(case=case, user=grantee)
    if recused:
        raise ValidationFailed({"user": _("Không thể cho phép: %(reason)s.") % {"reason": recused}})
    reason = case_text_masked(case, reason)[:500]
    grant, created = IdentityGrant.objects.get_or_create(
        case=case, user=grantee, defaults={"granted_by": actor, "reason": reason, "granted_at": clock.now()}
    )
    if created:
        audit_record(
            actor=actor,
            action="case.identity_grant",
            target=case,
            unit=case.unit,
            after={"user": grantee.pk},
            reason=reason,
        )
    return grant


@transaction.atomic
def case_identity_file_open(*, case: Case, actor: Any, attachment_pk: int, reason: str) -> tuple[Any, bytes]:
    """Open one identity-bearing file of the case: only for whom `can_reveal_identity` allows, with a
    reason, each opening audited. Returns the attachment and its decrypted bytes."""
    from casework.files.models import Attachment

    reason = _reason(reason, _("Phải nêu lý do mở tài liệu có thông tin người tố cáo"))
    attachment = Attachment.objects.filter(
        pk=attachment_pk, target_type="cases.case", target_id=str(case.pk), identifying=True
    ).first()
    if attachment is None:
        raise ValidationFailed({"attachment": _("Không tìm thấy tài liệu.")})
    if not can_reveal_identity(case, actor):
        raise TransitionNotAllowed(_("Bạn không được xem tài liệu có thông tin người tố cáo."))
    with attachment.file.open("rb") as handle:
        data = identity_decrypt(handle.read(), case=case)
    audit_record(
        actor=actor,
        action="case.identity_file_open",
        target=case,
        unit=case.unit,
        after={"attachment": attachment.pk},
        reason=reason,
    )
    return attachment, data


def _masks_seal(case: Case, masks: list[str]) -> str:
    from casework.cases.identity import identity_encrypt

    return identity_encrypt(masks, case=case)


def case_redaction_masks(*, case: Case) -> list[str]:
    """The masks in force (decrypted): for the redaction form of whoever may see the identity."""
    if not case.redaction_sealed:
        return []
    return identity_decrypt(case.redaction_sealed, case=case)


def _people(case: Case) -> list[dict]:
    """The denouncers the case's sealed identity holds (none when it holds none)."""
    identity = DenouncerIdentity.objects.filter(case=case).first()
    return identity_decrypt(identity.ciphertext, case=case) if identity else []


def case_redaction_proposed(*, case: Case) -> list[str]:
    """The masks the system proposes from the identity it holds (name, phone, e-mail, address, ID)."""
    return masks_propose(_people(case))


def masking_build(*, masks: list[str], people: list[dict], case: Case | None = None) -> Masking:
    """How a text goes through `masks`: those that are only where `people` live (`masks_places`) stay
    where written within the name of a unit of the tree that holds them, or of a body `case` records
    (where its letter was transferred, the experts asked to assess, the body a criminal file went to);
    every other mask is applied everywhere."""
    places = masks_places(masks, people)
    kept: list[str] = []
    if places:
        kept = unit_names_holding(phrases=places)
        if case is not None and case.pk is not None:
            kept += [
                case.transfer_body,
                *ExpertiseRequest.objects.filter(case=case).values_list("body", flat=True),
                *CriminalReferral.objects.filter(case=case).values_list("body_name", flat=True),
            ]
    return Masking(tuple(masks), places, tuple(name for name in kept if name))


# The texts an officer types into a denunciation after intake (notes, records, proposals, decisions,
# the reasons of its steps): stored and shown through its masks, like the working copy.
CASE_OFFICER_TEXTS = frozenset(
    {
        "legal_ground",
        "triage_note",
        "dialogue_record",
        "dialogue_participants",
        "dialogue_chair",
        "dialogue_notice_related",
        "dialogue_opinions",
        "dialogue_agreed",
        "dialogue_disputed",
        "proposal",
        *PART_FIELDS,  # the decision's parts and their drafts (casework.cases.decision_parts)
        *DRAFT_FIELDS,
        "suspension_reason",
        "resumption_reason",
        "extension_reason",
        "processing_extension_reason",
        "withdrawn_content",
        "withdrawal_assessment",
        "obstacle_note",
    }
)


def case_masking(case: Case) -> Masking:
    """How a denunciation's texts are masked: with the officer's masks, or, when none are stored, those
    proposed from the sealed identity (`masking_build`: a place of the denouncer stays within a unit's
    name). Read once per case object (kept with the sealed list and the transfer's body it came from: a
    transfer's step masks its reason before the body is set, its audit event after). Nothing is read for a
    complaint or a petition, nor once the case's key is destroyed."""
    if case.kind != Kind.DENUNCIATION:
        return Masking()
    key = (case.redaction_sealed, case.transfer_body)
    cached = case.masks_in_force
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        people = _people(case)
        masking = masking_build(
            masks=case_redaction_masks(case=case) or masks_propose(people), people=people, case=case
        )
    except PersonalDataDestroyed:
        masking = Masking()
    case.masks_in_force = (key, masking)
    return masking


def case_masks_in_force(case: Case) -> list[str]:
    """The phrases a denunciation's texts are masked with (`case_masking`)."""
    return list(case_masking(case).masks)


def case_text_masked(case: Case, text: str, *, naming: str = "") -> str:
    """`text` as it may be stored or sent about the case: on a denunciation, every phrase that
    identifies the denouncer replaced by MASK (Luật Tố cáo 2018 Đ.47 k1); otherwise unchanged.
    `naming`: the name of a body the text records (the experts asked, the investigating body), kept
    like a unit's name."""
    if case.kind != Kind.DENUNCIATION or not text or not isinstance(text, str):
        return text
    masking = case_masking(case)
    return (masking.naming(naming) if naming else masking).apply(text)


def case_typed_texts_masked(*, case: Case, texts: Any) -> bool:
    """Whether any of the texts an officer just typed on the case was stored with a phrase masked."""
    return case.kind == Kind.DENUNCIATION and any(
        isinstance(text, str) and case_text_masked(case, text) != text for text in texts
    )


def case_texts_masked(
    case: Case, values: dict[str, Any], fields: Any = CASE_OFFICER_TEXTS, *, naming: str = ""
) -> dict[str, Any]:
    """`values` with those of `fields` masked by `case_text_masked` (the others as they are); `naming`: a body
    these texts record, kept like a unit's name."""
    if case.kind != Kind.DENUNCIATION:
        return values
    return {k: case_text_masked(case, v, naming=naming) if k in fields else v for k, v in values.items()}


def case_redaction_initial(*, case: Case, people: list[dict]) -> None:
    """At intake: the working copy with the proposed masks, before any officer adjusts it."""
    masks = masks_propose(people)
    case.content_redacted = masking_build(masks=masks, people=people, case=case).apply(case.content)
    case.redaction_sealed = _masks_seal(case, masks)
    case.save(update_fields=["content_redacted", "redaction_sealed"])


def case_redaction_carry(*, case: Case, origin: Case) -> None:
    """A transferred denunciation keeps the working copy made where it was received."""
    case.content_redacted = origin.content_redacted
    case.redaction_sealed = _masks_seal(case, case_redaction_masks(case=origin)) if origin.redaction_sealed else ""
    case.save(update_fields=["content_redacted", "redaction_sealed"])


@transaction.atomic
def case_redaction_save(*, case: Case, actor: Any, masks: list[str], expected_version: int | None = None) -> Case:
    """The officer who holds the identity sets the masks; the working copy is made from them.

    The audit event records that the copy changed and how many masks it has, never the phrases."""
    from casework.cases.services.common import case_lock, case_save

    case = case_lock(case=case, expected_version=expected_version)
    if case.kind != Kind.DENUNCIATION:
        raise TransitionNotAllowed(_("Chỉ đơn tố cáo mới có bản che thông tin người tố cáo."))
    if not can_reveal_identity(case, actor):
        raise TransitionNotAllowed(_("Chỉ người được xem danh tính người tố cáo mới lập được bản che."))
    masks = masks_clean(masks)
    before = len(case_redaction_masks(case=case))
    try:
        people = _people(case)
    except PersonalDataDestroyed:
        people = []  # nothing tells a place from a name: every mask applies everywhere
    masking = masking_build(masks=masks, people=people, case=case)
    case.content_redacted = masking.apply(case.content)
    for field in CASE_OFFICER_TEXTS:  # what officers typed so far, read by the same people
        setattr(case, field, masking.apply(getattr(case, field))[: Case._meta.get_field(field).max_length])
    for row in Withdrawal.objects.filter(case=case):  # a withdrawal's texts, read by the same people
        row.withdrawn_content, row.assessment, row.measures = (
            masking.apply(row.withdrawn_content),
            masking.apply(row.assessment),
            masking.apply(row.measures),
        )
        row.save(update_fields=["withdrawn_content", "assessment", "measures"])
    _records_of_case_masked(case, masking)
    title = masking.apply(case.title)  # the title is on every list: masked like the working copy
    retitled = title != case.title
    case.title = title
    case.redaction_sealed = _masks_seal(case, masks)
    case.redacted_by = actor
    case.redacted_at = clock.now()
    case_save(case)
    audit_record(
        actor=actor,
        action="case.redaction",
        target=case,
        unit=case.unit,
        before={"masks": before},
        after={"masks": len(masks)},
    )
    if retitled:
        from casework.search.services import search_index_case

        search_index_case(case=case)
    return case


def _masked_rows(rows: Any, fields: tuple[str, ...], masking: Masking) -> list[Any]:
    """The rows whose `fields` a mask changes, changed (each field within its column's length)."""
    changed = []
    for row in rows:
        before = [getattr(row, f) for f in fields]
        for field in fields:
            limit = type(row)._meta.get_field(field).max_length
            setattr(row, field, masking.apply(getattr(row, field))[:limit])
        if [getattr(row, f) for f in fields] != before:
            row.save(update_fields=list(fields))
            changed.append(row)
    return changed


def _records_of_case_masked(case: Case, masking: Masking) -> None:
    """What officers typed into the case's other records, stored through the masks in force when
    written, goes through the new masks too: the flags raised from the case (read by the inspection
    committee outside the case, and indexed for search), the measures of its conclusion (read by the
    unit that must carry them out, the one denounced), its requests for an expert assessment, the
    escalations of the case and of its measures and their in-app notices (Luật Tố cáo 2018 Đ.47
    khoản 1, Đ.48 khoản 1). The audit trail keeps each as it was written: it is append-only."""
    from casework.inspections.models import Flag, Recommendation
    from casework.search.services import search_index_flag
    from notifications.models import Notification
    from workflows.models import Escalation

    flags = Flag.objects.filter(source_type="cases.case", source_id=str(case.pk))
    for flag in _masked_rows(flags, ("evidence",), masking):
        search_index_flag(flag=flag)
    measures = Recommendation.objects.filter(case=case)
    _masked_rows(measures, ("text",), masking)
    fields = ("body", "content", "materials", "related", "conclusion_summary")
    _masked_rows(ExpertiseRequest.objects.filter(case=case), fields, masking)
    escalations = Escalation.objects.filter(
        Q(target_type="cases.case", target_id=str(case.pk))
        | Q(
            target_type="inspections.recommendation",
            target_id__in=[str(pk) for pk in measures.values_list("pk", flat=True)],
        )
    )
    _masked_rows(escalations, ("reason", "proposal", "decision_reason"), masking)
    # The in-app notices of the case and of its measures, shown again in each reader's centre.
    prefixes = [f"case:{case.pk}:", *(f"recommendation:{pk}:" for pk in measures.values_list("pk", flat=True))]
    for prefix in prefixes:
        _masked_rows(Notification.objects.filter(key__startswith=prefix), ("title", "body"), masking)


def case_titles_mask() -> int:
    """Mask the denouncer in the title of every denunciation that still names them (Luật Tố cáo 2018
    Đ.47 k1): the phrases proposed from the sealed identity and the officer's masks in force. Each
    title changed is audited (that it was masked, never the phrase) and indexed again for search.
    Returns how many titles changed; running it again changes nothing."""
    from casework.search.services import search_index_case

    changed = 0
    identities = DenouncerIdentity.objects.filter(case__kind=Kind.DENUNCIATION).values_list("case_id", flat=True)
    for case_id in identities.order_by("case_id").iterator():
        with transaction.atomic():
            case = Case.objects.select_for_update(of=("self",), no_key=True).select_related("unit").get(pk=case_id)
            try:
                people = _people(case)
                masks = [*masks_propose(people), *case_redaction_masks(case=case)]
            except PersonalDataDestroyed:
                continue  # past retention: the identity is gone, nothing can be matched
            title = masking_build(masks=masks, people=people, case=case).apply(case.title)
            if title == case.title:
                continue
            Case.objects.filter(pk=case.pk).update(title=title, version=F("version") + 1, updated_at=clock.now())
            case.title = title
            audit_record(actor=None, action="case.title_masked", target=case, unit=case.unit)
            search_index_case(case=case)
            changed += 1
    return changed


@transaction.atomic
def case_paper_to_denouncer(*, case: Case, actor: Any, notice: str) -> list[dict]:
    """The denouncers to address a notice to: only for whom `can_reveal_identity` allows, and
    the production of that paper is audited (which notice, by whom)."""
    if case.kind != Kind.DENUNCIATION:
        raise TransitionNotAllowed(_("Chỉ đơn tố cáo mới có văn bản gửi người tố cáo."))
    if not can_reveal_identity(case, actor):
        raise TransitionNotAllowed(
            _("Chỉ người được xem danh tính người tố cáo mới lập được văn bản gửi người tố cáo.")
        )
    identity = DenouncerIdentity.objects.filter(case=case).first()
    if identity is None:
        raise TransitionNotAllowed(_("Hồ sơ này không lưu danh tính người tố cáo."))
    audit_record(
        actor=actor,
        action="case.paper_to_denouncer",
        target=case,
        unit=case.unit,
        after={"notice": notice},
        reason=_("Lập văn bản gửi người tố cáo"),
    )
    return identity_decrypt(identity.ciphertext, case=case)
