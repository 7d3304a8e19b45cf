"""Tiếp nhận đơn: by an intake officer, online by anyone, and second-round complaints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.cases.complaint_limits import DECIDED, first_round_end, second_complaint_last_day
from casework.cases.identity import case_key_create, identity_encrypt, identity_reencrypt, submitter_fingerprint
from casework.cases.integrations import attachment_store_for_case, flag_raise_from_case
from casework.cases.models import Case, Channel, DenouncerIdentity, Kind, Submitter
from casework.cases.permissions import INTAKE_ROLES
from casework.cases.receipts import receipt_code_hash, receipt_code_new
from casework.cases.recusal import person_key
from casework.cases.redaction import masks_propose, redact
from casework.cases.selectors import intake_subject_unit_offered
from casework.cases.services.common import case_notify, case_save, deadline_start, reference_next
from casework.cases.services.identity import case_redaction_carry, case_redaction_initial
from casework.cases.services.public import PUBLIC_FILES_MAX, public_evidence_store, public_receipt_email
from casework.org import role_cache
from casework.org.models import Unit
from casework.org.selectors import user_has_role, users_with_role
from casework.search.services import search_index_case
from core import clock
from core.errors import TransitionNotAllowed, ValidationFailed
from workflows.flows.routing import process_advance
from workflows.services.deadlines import deadline_close
from workflows.services.policy import policy_current, policy_first_date


@dataclass
class SubmitterData:
    full_name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    is_representative: bool = False
    id_number: str = ""  # CCCD/CMND: kept in a denouncer's encrypted identity only

    def as_dict(self) -> dict:
        return {
            "full_name": self.full_name.strip(),
            "phone": self.phone.strip(),
            "email": self.email.strip(),
            "address": self.address.strip(),
            "is_representative": self.is_representative,
            "id_number": self.id_number.strip(),
        }


def _too_long(model: type[models.Model], field: str, value: str) -> str:
    """The refusal of a text longer than its column holds ("" when it fits): a form or serializer
    limits it, but the import of old registers and other callers come straight here, and
    PostgreSQL refuses an over-long value with an error the user would see as a crash."""
    column = model._meta.get_field(field)
    assert isinstance(column, models.Field)  # a column, not a relation
    limit = column.max_length
    if limit is None or len(value or "") <= limit:
        return ""
    return gettext("%(field)s: tối đa %(limit)s ký tự.") % {"field": capfirst(column.verbose_name), "limit": limit}


def _validate(
    *,
    kind: str,
    channel: str,
    received_on: dt.date | None,
    unit: Unit | None,
    title: str,
    content: str,
    submitters: list[SubmitterData],
    anonymous: bool,
    evidence: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Loại đơn không hợp lệ: chọn khiếu nại, tố cáo hoặc kiến nghị, phản ánh.")
    if channel not in Channel.values:
        errors["channel"] = _("Hình thức tiếp nhận không hợp lệ.")
    if received_on is None:
        errors["received_on"] = _("Phải nhập ngày nhận đơn.")
    elif received_on > clock.today():
        errors["received_on"] = _("Ngày nhận đơn không được sau ngày hôm nay.")
    elif (first := policy_first_date()) is not None and received_on < first:
        # Deadlines are counted by the policy in force on the day the letter arrived: none before this one.
        errors["received_on"] = gettext(
            "Ngày nhận đơn phải từ %(date)s trở đi (ngày sớm nhất có chính sách thời hạn)."
        ) % {"date": first.strftime("%d/%m/%Y")}
    if unit is None:
        errors["unit"] = _("Phải chọn đơn vị giải quyết.")
    elif not unit.is_active:
        errors["unit"] = _("Đơn vị giải quyết đã ngừng hoạt động.")
    if not (title or "").strip():
        errors["title"] = _("Phải nhập trích yếu nội dung đơn.")
    elif message := _too_long(Case, "title", title):
        errors["title"] = message
    if not (content or "").strip():
        errors["content"] = _("Phải nhập nội dung đơn.")
    named = [s for s in submitters if s.full_name.strip()]
    if anonymous:
        if kind != Kind.DENUNCIATION:
            errors["submitters"] = _(
                "Chỉ đơn tố cáo mới có thể không rõ người gửi; khiếu nại, kiến nghị phải ghi rõ họ tên."
            )
        elif named:
            errors["submitters"] = _("Đơn không rõ người gửi không được kèm thông tin người gửi.")
        elif evidence and len(evidence.strip()) < 10:
            errors["evidence"] = _("Chứng cứ phải nêu cụ thể (ít nhất 10 ký tự).")
    else:
        if not named:
            errors["submitters"] = _("Phải nhập họ tên ít nhất một người gửi đơn.")
        elif len(named) > 1 and sum(1 for s in named if s.is_representative) != 1:
            errors["submitters"] = _("Đơn tập thể phải có đúng một người đại diện.")
        for s in named:
            if s.email and "@" not in s.email:
                errors["submitters"] = gettext("E-mail của %(full_name)s không hợp lệ.") % {"full_name": s.full_name}
            for field in ("full_name", "phone", "email", "address"):
                if message := _too_long(Submitter, field, getattr(s, field)):
                    errors["submitters"] = message
    return errors


def _limitation_errors(
    *, kind: str, received_on: dt.date | None, knew_on: dt.date | None, obstacle_days: int | None, note: str
) -> dict[str, str]:
    """Luật Khiếu nại Đ.9: the date of knowledge and the obstacle period, recorded for complaints."""
    errors: dict[str, str] = {}
    if (knew_on is not None or obstacle_days) and kind != Kind.COMPLAINT:
        errors["knew_on"] = _("Ngày biết được quyết định, hành vi: chỉ ghi với đơn khiếu nại.")
        return errors
    if knew_on is not None and received_on is not None and knew_on > received_on:
        errors["knew_on"] = _("Ngày biết được quyết định, hành vi không được sau ngày nhận đơn.")
    if obstacle_days is None or obstacle_days < 0 or obstacle_days > 3650:
        errors["obstacle_days"] = _("Số ngày có trở ngại khách quan: nhập số ngày từ 0 đến 3650.")
    elif obstacle_days and not (note or "").strip():
        errors["obstacle_note"] = _("Trở ngại khách quan: ghi rõ (ốm đau, thiên tai, đi công tác...) khi có số ngày.")
    elif obstacle_days and knew_on is None:
        errors["knew_on"] = _("Ngày biết được quyết định, hành vi: phải nhập khi có trở ngại khách quan.")
    return errors


def intake_letter_errors(
    *,
    kind: str,
    channel: str,
    received_on: dt.date | None,
    unit: Unit | None,
    title: str,
    content: str,
    submitters: list[SubmitterData],
    anonymous: bool,
    evidence: str,
    knew_on: dt.date | None,
    obstacle_days: int | None,
    obstacle_note: str,
    subject_person: str = "",
) -> dict[str, str]:
    """What `case_intake` refuses in the letter itself (not who registers it nor what it is about):
    part of `intake_check`."""
    errors = _validate(
        kind=kind,
        channel=channel,
        received_on=received_on,
        unit=unit,
        title=title,
        content=content,
        submitters=submitters,
        anonymous=anonymous,
        evidence=evidence,
    )
    errors.update(
        _limitation_errors(
            kind=kind, received_on=received_on, knew_on=knew_on, obstacle_days=obstacle_days, note=obstacle_note
        )
    )
    for field, value in (("subject_person", subject_person), ("obstacle_note", obstacle_note)):
        if message := _too_long(Case, field, value):
            errors[field] = message
    return errors


def intake_subject_unit_refusal(*, actor: Any, subject_unit: Unit | None) -> str:
    """Why `actor` may not name `subject_unit` as the unit a letter is about ("" when they may):
    it must be among the units `intake_subject_units` offers them. An id that names no unit is
    refused in the same words (pass None for it), so the answer never tells which ids exist.
    Decided from the actor's roles as already read: no query within a request or a
    `role_cache.remembering()` block."""
    if subject_unit is not None and intake_subject_unit_offered(user=actor, unit=subject_unit):
        return ""
    return _("Đơn vị bị khiếu nại, tố cáo không thuộc phạm vi của bạn.")


def intake_check(
    *, actor: Any, unit: Unit | None, subject_unit: Unit | None, subject_named: bool, **letter: Any
) -> None:
    """Refuse a letter as `case_intake` does, before anything is stored: the letter's own errors
    (`intake_letter_errors`) and the unit concerned (`intake_subject_unit_refusal`) on their fields
    (ValidationFailed), then the actor's right to register letters for `unit` (TransitionNotAllowed).
    The roles are read once for both. `subject_named`: a unit concerned was named (an id that names
    no unit comes as `subject_unit` None and is refused like one outside the actor's units)."""
    with role_cache.remembering():
        errors = intake_letter_errors(unit=unit, **letter)
        may_register = user_has_role(user=actor, roles=INTAKE_ROLES, unit=unit)
        if may_register and subject_named:
            if refusal := intake_subject_unit_refusal(actor=actor, subject_unit=subject_unit):
                errors["subject_unit"] = refusal
        if errors:
            raise ValidationFailed(errors)
        if not may_register:
            raise TransitionNotAllowed(gettext("Bạn không có quyền tiếp nhận đơn cho %(unit)s.") % {"unit": unit})


def case_create(
    *,
    actor: Any,
    kind: str,
    channel: str,
    received_on: dt.date,
    unit: Unit,
    title: str,
    content: str,
    submitters: list[SubmitterData],
    subject_unit: Unit | None,
    subject_person: str,
    subject_user: Any,
    is_complex: bool,
    congress_date: dt.date | None,
    anonymous: bool,
    previous: Case | None = None,
    origin: Case | None = None,
    receipt_hash: str | None = None,
    identity_ciphertext: str = "",
    identity_people: int = 1,
    is_group: bool | None = None,
    fingerprint: str = "",
    knew_on: dt.date | None = None,
    obstacle_days: int = 0,
    obstacle_note: str = "",
) -> Case:
    """Create the case row, its submitters or encrypted identity, audit and the acceptance clock, in
    the caller's transaction: the one step of every way a letter arrives (intake, the public form, a
    second complaint, a transfer from another unit in `triage`).

    `identity_ciphertext` carries a denouncer's identity over from `origin` (a transferred case),
    re-encrypted under the new case's key without leaving this function; `is_group` then comes
    from that case too.
    """
    now = clock.now()
    named = [s.as_dict() for s in submitters if s.full_name.strip()]
    if len(named) == 1:
        named[0]["is_representative"] = True
    first = next((s for s in named if s["is_representative"]), named[0] if named else None)
    if not fingerprint and first:
        fingerprint = submitter_fingerprint(full_name=first["full_name"], phone=first["phone"], email=first["email"])
    if kind == Kind.DENUNCIATION and named:
        # The title is on every list, notice and register line: a denouncer named in it is masked
        # like in the working copy (Luật Tố cáo 2018 Đ.47); the identity is kept sealed.
        title = redact(title, masks_propose(named))
        obstacle_note = redact(obstacle_note or "", masks_propose(named))
    case = Case(
        reference=reference_next(kind=kind, year=received_on.year),
        kind=kind,
        channel=channel,
        received_on=received_on,
        unit=unit,
        subject_unit=subject_unit,
        subject_person=(subject_person or "").strip(),
        subject_person_key=person_key(subject_person),
        subject_user=subject_user,
        title=title.strip(),
        content=content.strip(),
        is_complex=is_complex,
        is_remote=bool((subject_unit or unit).remote_area),
        is_anonymous=anonymous,
        is_group=len(named) > 1 if is_group is None else is_group,
        submitter_fingerprint=fingerprint,
        round=2 if previous else 1,
        previous=previous,
        origin=origin,
        policy_version=policy_current(on=received_on),
        congress_date=congress_date,
        knew_on=knew_on,
        obstacle_days=obstacle_days or 0,
        obstacle_note=(obstacle_note or "").strip()[:255],
        receipt_code_hash=receipt_hash,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=now,
        updated_at=now,
    )
    case.save()
    case_key_create(case=case)
    # Vào sổ văn bản đến: the letter's number in the unit's incoming register, in the same transaction.
    from casework.papers.services import incoming_register_entry

    incoming_register_entry(case=case)
    process_advance(obj=case)
    if kind == Kind.DENUNCIATION:
        # The denouncer's identity never lands in a plain column (Luật Tố cáo Đ.47).
        if named or identity_ciphertext:
            DenouncerIdentity.objects.create(
                case=case,
                ciphertext=(
                    identity_reencrypt(identity_ciphertext, source=origin, target=case)
                    if identity_ciphertext
                    else identity_encrypt(named, case=case)
                ),
                people=len(named) if named else identity_people,
                created_at=now,
            )
        if not identity_ciphertext:
            case_redaction_initial(case=case, people=named)
        elif origin is not None:
            case_redaction_carry(case=case, origin=origin)
    else:
        Submitter.objects.bulk_create(
            [Submitter(case=case, **{k: v for k, v in s.items() if k != "id_number"}) for s in named]
        )
    audit_record(
        actor=actor,
        action="case.intake",
        target=case,
        unit=unit,
        after={
            "status": case.status,
            "reference": case.reference,
            "kind": kind,
            "channel": channel,
            "received_on": received_on.isoformat(),
            "round": case.round,
            "policy_version": case.policy_version.number,
        },
    )
    if not anonymous:
        deadline_start(case, "accept", start=received_on)
    case_notify(
        case=case,
        users=users_with_role(unit=unit, roles=INTAKE_ROLES),
        title=gettext_lazy("Đơn mới cần phân loại, xử lý"),
        event="intake",
    )
    search_index_case(case=case)
    return case


def _set_aside_anonymous(*, case: Case, actor: Any, evidence: str, category: str = "") -> Case:
    """Không rõ người tố cáo: not processed as a denunciation; concrete evidence becomes a flag."""
    flag = None
    if evidence.strip():
        flag = flag_raise_from_case(
            case=case,
            unit=case.subject_unit or case.unit,
            evidence=evidence.strip(),
            category=category,
            person=case.subject_person,
        )
    before = case.status
    case.set_aside()
    case.flag_ref = f"inspections.flag:{flag.pk}" if flag is not None else ""
    case.closed_on = clock.today()
    case_save(case)
    audit_record(
        actor=actor,
        action="case.set_aside",
        target=case,
        unit=case.unit,
        before={"status": before},
        after={"status": case.status, "flag": case.flag_ref},
        reason="Tố cáo không rõ người tố cáo: không xử lý theo thủ tục giải quyết tố cáo (Luật Tố cáo 2018 Đ.25).",
    )
    return case


@transaction.atomic
def case_intake(
    *,
    actor: Any,
    kind: str,
    channel: str,
    received_on: dt.date | None,
    unit: Unit | None,
    title: str,
    content: str,
    submitters: list[SubmitterData] | None = None,
    subject_unit: Unit | None = None,
    subject_person: str = "",
    subject_user: Any = None,
    is_complex: bool = False,
    congress_date: dt.date | None = None,
    anonymous: bool = False,
    evidence: str = "",
    evidence_category: str = "",
    attachments: list[Any] | None = None,
    knew_on: dt.date | None = None,
    obstacle_days: int | None = 0,
    obstacle_note: str = "",
) -> Case:
    """Register a letter, visit, call or e-mail received by an officer of `unit`.

    For a complaint, `knew_on` (when the complainant knew of the decision or act) and the days
    lost to objective obstacles (`obstacle_days`, with `obstacle_note`) set its limitation
    (Luật Khiếu nại Đ.9): past it the refusal ground "hết thời hiệu" is proposed.

    `attachments` (uploaded scans) are stored in the same transaction: a refused file
    registers nothing.

    `subject_unit`, the unit complained about or denounced, must be one `intake_subject_units`
    offers `actor` (the units they read cases of): any other is refused on the field, with the
    letter's other errors, and nothing is stored (an officer who may not register letters for `unit`
    is told that instead). Every intake by an officer comes through here (the intake page, the
    reception book, the API at once or queued, the import of old registers), always with an
    actor: there is no intake by the system. Two paths set a subject unit without
    this check: the public form (`case_public_submit`), whose sender has no scope and is offered
    every active unit, and a letter carried on from a case already registered (a transfer, a
    second complaint), which keeps the unit that case's intake accepted.
    """
    submitters = submitters or []
    intake_check(
        actor=actor,
        unit=unit,
        subject_unit=subject_unit,
        subject_named=subject_unit is not None,
        kind=kind,
        channel=channel,
        received_on=received_on,
        title=title,
        content=content,
        submitters=submitters,
        anonymous=anonymous,
        evidence=evidence,
        knew_on=knew_on,
        obstacle_days=obstacle_days,
        obstacle_note=obstacle_note,
        subject_person=subject_person,
    )
    assert received_on is not None and unit is not None  # intake_check names either when missing
    case = case_create(
        actor=actor,
        kind=kind,
        channel=channel,
        received_on=received_on,
        unit=unit,
        title=title,
        content=content,
        submitters=submitters,
        subject_unit=subject_unit,
        subject_person=subject_person,
        subject_user=subject_user,
        is_complex=is_complex,
        congress_date=congress_date,
        anonymous=anonymous,
        knew_on=knew_on,
        obstacle_days=obstacle_days or 0,
        obstacle_note=obstacle_note,
    )
    for upload in attachments or []:
        try:
            # A denunciation's letter as received carries the handwriting and signature: sealed.
            kind = "letter_scan" if case.kind == Kind.DENUNCIATION else ""
            attachment_store_for_case(case=case, upload=upload, actor=actor, kind=kind)
        except ValidationFailed as exc:
            raise ValidationFailed({"attachment": sum(exc.fields.values(), [])}) from exc
    if anonymous:
        case = _set_aside_anonymous(case=case, actor=actor, evidence=evidence, category=evidence_category)
    return case


@transaction.atomic
def case_public_submit(
    *,
    kind: str,
    unit: Unit | None,
    title: str,
    content: str,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    subject_unit: Unit | None = None,
    subject_person: str = "",
    evidence: str = "",
    attachments: list[Any] | None = None,
    code: str | None = None,
) -> tuple[Case, str]:
    """Online submission without an account. Returns the case and its receipt code (shown once).

    `code` is the receipt code to give when the caller fixed it in advance (the web form derives it from
    its one-time token, so that a resend of the same form shows it again); a new one when None.

    The sender has no account and so no scope: the public form and API offer every active unit,
    both as the unit written to and as the unit the letter is about (`subject_unit`), which is
    not checked against anyone's scope here (see `case_intake`).

    The citizen's files are checked like officers' uploads (a denunciation's are sealed); the code
    is sent to the e-mail they gave, through the outbox."""

    anonymous = not full_name.strip()
    submitters = [] if anonymous else [SubmitterData(full_name=full_name, phone=phone, email=email, address=address)]
    errors = _validate(
        kind=kind,
        channel=Channel.ONLINE,
        received_on=clock.today(),
        unit=unit,
        title=title,
        content=content,
        submitters=submitters,
        anonymous=anonymous,
        evidence=evidence,
    )
    if not anonymous and not (phone.strip() or email.strip() or address.strip()):
        errors["phone"] = _("Phải để lại ít nhất một cách liên lạc: điện thoại, e-mail hoặc địa chỉ.")
    if len([u for u in attachments or [] if u]) > PUBLIC_FILES_MAX:
        errors["evidence_files"] = gettext("Tối đa %(n)s tệp mỗi lần gửi.") % {"n": PUBLIC_FILES_MAX}
    if errors:
        raise ValidationFailed(errors)
    assert unit is not None  # _validate names it when missing
    code = code or receipt_code_new()
    case = case_create(
        actor=None,
        kind=kind,
        channel=Channel.ONLINE,
        received_on=clock.today(),
        unit=unit,
        title=title,
        content=content,
        submitters=submitters,
        subject_unit=subject_unit,
        subject_person=subject_person,
        subject_user=None,
        is_complex=False,
        congress_date=None,
        anonymous=anonymous,
        receipt_hash=receipt_code_hash(code),
    )
    public_evidence_store(case=case, uploads=attachments or [])
    if anonymous:
        case = _set_aside_anonymous(case=case, actor=None, evidence=evidence)
    public_receipt_email(case=case, code=code, email=email)
    return case, code


@transaction.atomic
def case_complaint_second(
    *,
    first: Case,
    actor: Any,
    received_on: dt.date | None,
    content: str,
    channel: str = Channel.LETTER,
    title: str = "",
) -> Case:
    """Khiếu nại lần hai: filed with the directly superior union, linked to the first resolution."""
    first = Case.objects.select_related("unit__parent").get(pk=first.pk)
    if first.kind != Kind.COMPLAINT or first.round != 1:
        raise ValidationFailed({"previous": _("Chỉ khiếu nại lần đầu mới có thể khiếu nại lần hai.")})
    # Đ.33: after the first decision, or once the first-round limit ran out without one.
    if first_round_end(first) is None:
        raise TransitionNotAllowed(
            gettext(
                "Khiếu nại lần đầu %(reference)s chưa có quyết định giải quyết và chưa hết thời hạn giải quyết "
                "(đang ở trạng thái “%(status)s”)."
            )
            % {"reference": first.reference, "status": first.get_status_display()}
        )
    if first.next_rounds.exists():
        raise ValidationFailed(
            {
                "previous": gettext("Khiếu nại %(reference)s đã có hồ sơ giải quyết lần hai.")
                % {"reference": first.reference}
            }
        )
    superior = first.unit.parent
    if superior is None:
        raise ValidationFailed({"previous": _("Đơn vị giải quyết lần đầu không có công đoàn cấp trên trực tiếp.")})
    submitters = [
        SubmitterData(
            full_name=s.full_name,
            phone=s.phone,
            email=s.email,
            address=s.address,
            is_representative=s.is_representative,
        )
        for s in first.submitters.all()
    ]
    errors = _validate(
        kind=Kind.COMPLAINT,
        channel=channel,
        received_on=received_on,
        unit=superior,
        title=title or first.title,
        content=content,
        submitters=submitters,
        anonymous=False,
        evidence="",
    )
    last_day = second_complaint_last_day(first)
    if not errors and last_day is not None and received_on is not None and received_on > last_day:
        if first.status in DECIDED:
            errors["received_on"] = gettext(
                "Đã quá thời hạn khiếu nại lần hai (hạn cuối %(last)s, Luật Khiếu nại Đ.33): quyết định giải quyết "
                "lần đầu đã có hiệu lực pháp luật (Đ.44)."
            ) % {"last": f"{last_day:%d/%m/%Y}"}
        else:  # the first round ran out undecided: there is no first decision to become final
            errors["received_on"] = gettext(
                "Đã quá thời hạn khiếu nại lần hai (hạn cuối %(last)s, tính từ ngày hết thời hạn giải quyết lần "
                "đầu, Luật Khiếu nại Đ.33)."
            ) % {"last": f"{last_day:%d/%m/%Y}"}
    if errors:
        raise ValidationFailed(errors)
    assert received_on is not None  # _validate names it when missing
    if not user_has_role(user=actor, roles=INTAKE_ROLES, unit=superior):
        raise TransitionNotAllowed(
            gettext("Khiếu nại lần hai do %(superior)s tiếp nhận; bạn không có quyền tại đơn vị này.")
            % {"superior": superior}
        )
    case = case_create(
        actor=actor,
        kind=Kind.COMPLAINT,
        channel=channel,
        received_on=received_on,
        unit=superior,
        title=title or f"Khiếu nại lần hai: {first.title}",
        content=content,
        submitters=submitters,
        subject_unit=first.subject_unit,
        subject_person=first.subject_person,
        subject_user=first.subject_user,
        is_complex=first.is_complex,
        congress_date=None,
        anonymous=False,
        previous=first,
        fingerprint=first.submitter_fingerprint,
    )
    # The first round's limitation clock (if any) stops: the second complaint was filed.
    deadline_close(target=first, step="limitation")
    return case
