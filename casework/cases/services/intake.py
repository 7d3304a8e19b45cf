"""Tiếp nhận đơn by an officer: a letter, visit, call or e-mail registered for a unit (the letter's
rules: `intake_rules`; the row it makes: `creation`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from casework.cases.integrations import attachment_store_for_case
from casework.cases.models import Case, Kind
from casework.cases.services.creation import case_create, case_set_aside_anonymous
from casework.cases.services.intake_rules import SubmitterData, intake_check
from casework.cases.services.representation import case_representative_record, representative_errors
from casework.org.models import Unit
from core.errors import ValidationFailed


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
    congress_date: dt.date | None = None,
    anonymous: bool = False,
    evidence: str = "",
    evidence_category: str = "",
    attachments: list[Any] | None = None,
    knew_on: dt.date | None = None,
    obstacle_days: int | None = 0,
    obstacle_note: str = "",
    representative: Any = None,
    representative_document: Any = None,
) -> Case:
    """Register a letter, visit, call or e-mail received by an officer of `unit`.

    A complaint made through a representative or an authorised person (`representative`, a
    `RepresentativeData`; Luật Khiếu nại 2011 Đ.12 khoản 1) is recorded with its document
    (`representative_document`, an upload): `case_representative_record`.

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
    if errors := representative_errors(kind=kind, data=representative):
        raise ValidationFailed(errors)
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
    if representative is not None:
        try:
            case_representative_record(case=case, actor=actor, data=representative, document=representative_document)
        except ValidationFailed as exc:
            raise ValidationFailed({"representative_document": sum(exc.fields.values(), [])}) from exc
    if anonymous:
        case = case_set_aside_anonymous(case=case, actor=actor, evidence=evidence, category=evidence_category)
    return case
