"""The case row every arriving letter makes (`case_create`: officer intake, the public form, a second
complaint, a transfer), and the setting aside of a denunciation whose sender is unknown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy

from casework.audit.services import audit_record
from casework.cases.identity import case_key_create, identity_encrypt, identity_reencrypt, submitter_fingerprint
from casework.cases.integrations import flag_raise_from_case
from casework.cases.models import Case, DenouncerIdentity, Kind, Submitter
from casework.cases.permissions import INTAKE_ROLES
from casework.cases.redaction import masks_propose
from casework.cases.services.common import case_notify, case_save, deadline_start, reference_next
from casework.cases.services.identity import case_redaction_carry, case_redaction_initial, masking_build
from casework.cases.services.intake_rules import SubmitterData
from casework.cases.services.sending import transferrer_clock_start
from casework.org.models import Unit
from casework.org.selectors import users_with_role
from casework.search.services import search_index_case
from core import clock
from workflows.flows.routing import process_advance
from workflows.services.policy import policy_current


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

    A case is created not complex, whichever way it arrives: only the complexity decision with its grounds
    makes it complex (`case_complexity_decide`; Nghị định 124/2020/NĐ-CP Đ.3a, Nghị định 31/2019/NĐ-CP Đ.3).
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
        masking = masking_build(masks=masks_propose(named), people=named)
        title = masking.apply(title)
        obstacle_note = masking.apply(obstacle_note or "")
    case = Case(
        reference=reference_next(kind=kind, year=received_on.year),
        kind=kind,
        channel=channel,
        received_on=received_on,
        unit=unit,
        subject_unit=subject_unit,
        subject_person=(subject_person or "").strip(),
        subject_user=subject_user,
        title=title.strip(),
        content=content.strip(),
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
        # The identity paper's number is sealed under the case's key, never in a plain column.
        Submitter.objects.bulk_create(
            [
                Submitter(
                    case=case,
                    id_number_sealed=identity_encrypt(s["id_number"], case=case) if s["id_number"] else "",
                    **{k: v for k, v in s.items() if k != "id_number"},
                )
                for s in named
            ]
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
        # Luật Tố cáo 2018 Đ.26 khoản 2: a denunciation another body transferred: its result told to that body.
        transferrer_clock_start(case)
    case_notify(
        case=case,
        users=users_with_role(unit=unit, roles=INTAKE_ROLES),
        title=gettext_lazy("Đơn mới cần phân loại, xử lý"),
        event="intake",
    )
    search_index_case(case=case)
    return case


def case_set_aside_anonymous(*, case: Case, actor: Any, evidence: str, category: str = "") -> Case:
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
