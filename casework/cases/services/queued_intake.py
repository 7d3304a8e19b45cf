"""Đơn gửi qua API chờ đăng ký: accept a letter in one write, register it in the background.

`intake_submission_queue` runs in the request: it checks the letter with the rules of
`case_intake` and the sender's scope and role, then stores it (one INSERT). The sender learns at
once whether the letter is acceptable; what is left (the reference number, the case, its flow,
audit event, deadline and notifications) is `case_intake`'s own transaction, run by a worker in
`intake_queue_drain` under the sender's name, with the request's IP and id in the audit event.
Statutory time counts from `received_on`, the day the letter came in, not from registration.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext, gettext_noop
from django_fsm import ConcurrentTransition

from casework.audit.context import current_meta, request_meta
from casework.audit.services import audit_record
from casework.cases.identity import identity_decrypt, identity_encrypt
from casework.cases.models import IntakeSubmission, SubmissionStatus
from casework.cases.services.complexity import complexity_not_an_input
from casework.cases.services.intake import case_intake
from casework.cases.services.intake_rules import SubmitterData, intake_check
from casework.cases.services.representation import RepresentativeData, representative_errors
from casework.org import role_cache
from casework.org.models import Unit
from casework.org.selectors import unit_is_visible
from core import clock
from core.errors import KeyReused, PolicyMissing, TransitionNotAllowed, ValidationFailed
from core.task_kick import TaskKick

log = logging.getLogger(__name__)

# An unexpected error (not a refusal) leaves the letter queued for the next pass; after this
# many it is refused with a message that names the fault, so one letter cannot block the queue.
MAX_ATTEMPTS = 5
# Each queued letter asks a worker to register it when it commits (throttled per process).
intake_kick = TaskKick("casework.cases.tasks.intake_drain", "INTAKE_KICK_INTERVAL")
# The letter's own fields among `_values`, as `intake_check` reads them.
LETTER_FIELDS = (
    "kind",
    "channel",
    "received_on",
    "title",
    "content",
    "submitters",
    "anonymous",
    "evidence",
    "knew_on",
    "obstacle_days",
    "obstacle_note",
    "subject_person",
)
SYSTEM_FAULT = gettext_noop(
    "Lỗi hệ thống khi đăng ký đơn; đơn chưa được đăng ký, hãy liên hệ quản trị hệ thống và gửi lại."
)


def _units(unit_id: int, subject_id: int | None) -> tuple[Unit | None, Unit | None]:
    ids = [pk for pk in (unit_id, subject_id) if pk is not None]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids).order_by()}  # no order: looked up by id
    return found.get(unit_id), (found.get(subject_id) if subject_id is not None else None)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _representative(value: dict[str, Any] | None) -> RepresentativeData | None:
    """The representative a queued complaint names (Luật Khiếu nại 2011 Đ.12 khoản 1), or None. Its
    document is an attachment of the registered case (POST /api/cases/{id}/attachments/)."""
    if not value:
        return None
    return RepresentativeData(
        capacity=str(value.get("capacity", "")),
        full_name=str(value.get("full_name", "")),
        address=str(value.get("address", "")),
        id_number=str(value.get("id_number", "")),
        document_on=_date(value.get("document_on")),
        scope=str(value.get("scope", "")),
        certified=bool(value.get("certified", False)),
    )


def _values(payload: dict[str, Any], *, unit: Unit, subject_unit: Unit | None) -> dict[str, Any]:
    """The keyword arguments of `case_intake` from a stored payload (plain JSON). A letter queued marked
    complex is refused, saying why: complexity is its own decision with grounds (`complexity_not_an_input`)."""
    if payload.get("is_complex"):
        raise ValidationFailed({"is_complex": complexity_not_an_input()})
    return {
        "kind": payload["kind"],
        "channel": payload["channel"],
        "received_on": dt.date.fromisoformat(payload["received_on"]),
        "unit": unit,
        "title": payload["title"],
        "content": payload["content"],
        "submitters": [SubmitterData(**s) for s in payload.get("submitters", [])],
        "subject_unit": subject_unit,
        "subject_person": payload.get("subject_person", ""),
        "congress_date": _date(payload.get("congress_date")),
        "anonymous": payload.get("anonymous", False),
        "evidence": payload.get("evidence", ""),
        "evidence_category": payload.get("evidence_category", ""),
        "knew_on": _date(payload.get("knew_on")),
        "obstacle_days": payload.get("obstacle_days", 0),
        "obstacle_note": payload.get("obstacle_note", ""),
        "representative": _representative(payload.get("representative")),
    }


def intake_submission_queue(
    *, actor: Any, payload: dict[str, Any], key: str = "", request_hash: str = ""
) -> tuple[IntakeSubmission, bool]:
    """Check a letter as `case_intake` would and queue it. Returns (submission, created).

    `payload` holds the fields of `case_intake` as JSON (ids for units, ISO dates). A unit the
    actor may not see is 404, as in the synchronous intake; without the intake role there the
    answer is TransitionNotAllowed; bad fields raise ValidationFailed, among them a subject unit
    `case_intake` would refuse, or an id that names no unit, in the same words. Nothing is stored
    then. The checks read the actor's roles once (within a request, as its authentication read them).
    With `key` (Idempotency-Key) a second call returns the first submission (created False);
    the same key with another `request_hash` raises KeyReused.
    """
    unit_id, subject_id = payload["unit"], payload.get("subject_unit")
    unit, subject_unit = _units(unit_id, subject_id)
    with role_cache.remembering():
        if unit is None or not unit_is_visible(user=actor, unit=unit):
            raise Http404(gettext("Không tìm thấy đơn vị."))
        values = _values(payload, unit=unit, subject_unit=subject_unit)
        # As `case_intake` refuses them, before the letter's other checks.
        if errors := representative_errors(kind=values["kind"], data=values["representative"]):
            raise ValidationFailed(errors)
        intake_check(
            actor=actor,
            unit=unit,
            subject_unit=subject_unit,
            subject_named=subject_id is not None,
            **{name: values[name] for name in LETTER_FIELDS},
        )
    submission = IntakeSubmission(
        actor=actor,
        unit=unit,
        # Names, contacts and a denouncer's identity: sealed while the letter waits, erased once
        # it is registered or refused (the case then holds them, encrypted where the law asks).
        payload={"sealed": identity_encrypt(payload, case=None)},
        meta=current_meta(),
        key=key,
        request_hash=request_hash,
        submitted_at=clock.now(),
    )
    if not key:
        submission.save()
        transaction.on_commit(intake_kick)
        return submission, True
    try:
        with transaction.atomic():
            submission.save()
            transaction.on_commit(intake_kick)
    except IntegrityError:
        first = IntakeSubmission.objects.get(actor=actor, key=key)
        if first.request_hash != request_hash:
            raise KeyReused(gettext("Idempotency-Key này đã được dùng cho một đơn khác.")) from None
        return first, False
    return submission, True


def _refusal(exc: ValidationFailed | TransitionNotAllowed | PolicyMissing | Http404) -> dict[str, list[str]]:
    if isinstance(exc, ValidationFailed):
        return exc.fields
    if isinstance(exc, Http404):
        return {"unit": [gettext("Không tìm thấy đơn vị.")]}
    if isinstance(exc, PolicyMissing):
        return {"received_on": [exc.message]}
    return {"unit": [exc.message]}


def intake_submission_register(submission: IntakeSubmission) -> IntakeSubmission:
    """Register one queued letter (or refuse it, saying why). Call inside a transaction that
    holds the submission's row; the submission moves on only if this transaction commits."""
    # The request's IP and id, and the submission, go into the audit events written now.
    token = request_meta.set({**submission.meta, "submission": submission.pk})
    payload = identity_decrypt(submission.payload["sealed"], case=None)
    try:
        try:
            with transaction.atomic():  # a refusal leaves nothing of the case behind
                unit, subject_unit = _units(payload["unit"], payload.get("subject_unit"))
                if unit is None:
                    raise Http404
                case = case_intake(actor=submission.actor, **_values(payload, unit=unit, subject_unit=subject_unit))
        except (ValidationFailed, TransitionNotAllowed, PolicyMissing, Http404) as exc:
            _refuse(submission, _refusal(exc))
        else:
            submission.register(case)
            submission.payload = {}
            submission.processed_at = clock.now()
            submission.save()
    finally:
        request_meta.reset(token)
    return submission


def _refuse(submission: IntakeSubmission, errors: dict[str, list[str]]) -> None:
    submission.reject(errors)
    submission.payload = {}  # the sender has the letter; a refused one is not kept here
    submission.processed_at = clock.now()
    submission.save()
    # The messages stay with the submission, for its sender and the unit's intake staff: they may
    # name a sender ("E-mail của … không hợp lệ"), a denouncer among them (Luật Tố cáo 2018 Đ.47
    # khoản 1). The audit trail, read more widely, records only which fields were refused.
    audit_record(
        actor=submission.actor,
        action="intake.rejected",
        target=submission,
        unit=submission.unit,
        after={"status": submission.status, "errors": sorted(errors)},
        reason=gettext("Đơn gửi qua API không đăng ký được."),
    )


def _claim_next(skip: list[int]) -> IntakeSubmission | None:
    """The oldest queued letter no other worker holds, locked until this transaction ends."""
    return (
        IntakeSubmission.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("actor")
        .filter(status=SubmissionStatus.QUEUED)
        .exclude(pk__in=skip)
        .order_by("pk")
        .first()
    )


def intake_queue_drain(*, limit: int = 500) -> dict[str, int]:
    """Register queued letters, oldest first, each in its own transaction. Safe on several
    workers at once: a letter is claimed with SKIP LOCKED and moves on only once."""
    counts = {SubmissionStatus.REGISTERED.value: 0, SubmissionStatus.REJECTED.value: 0, "retry": 0}
    failed: list[int] = []  # failed unexpectedly in this pass: left for the next one
    for _ in range(limit):
        try:
            with transaction.atomic():
                submission = _claim_next(failed)
                if submission is None:
                    break
                try:
                    with transaction.atomic():
                        intake_submission_register(submission)
                except ConcurrentTransition:
                    continue  # another worker registered it first (SQLite has no row locks)
                except Exception:  # noqa: BLE001 - one broken letter must not stop the queue
                    log.exception("intake submission %s could not be registered", submission.pk)
                    failed.append(submission.pk)
                    _count_failure(submission)
                    counts["retry"] += submission.status == SubmissionStatus.QUEUED
                    continue
        except ConcurrentTransition:
            continue
        counts[submission.status] += 1
    return counts


def _count_failure(submission: IntakeSubmission) -> None:
    submission.refresh_from_db(fields=["status", "attempts"])
    if submission.status != SubmissionStatus.QUEUED:
        return
    submission.attempts += 1
    if submission.attempts < MAX_ATTEMPTS:
        IntakeSubmission.objects.filter(pk=submission.pk).update(attempts=submission.attempts)
        return
    _refuse(submission, {"non_field_errors": [gettext(SYSTEM_FAULT)]})
