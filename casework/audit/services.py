"""Writing audit events. Services call `audit_record` inside their own transaction."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from casework.audit.chain import GENESIS_HASH, canonical_json, event_fields, normalize
from casework.audit.checkpoints import CheckpointData, checkpoint_sign, format_instant
from casework.audit.context import current_meta
from casework.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent
from casework.audit.sealing import sealing_case_id
from core import clock

SYSTEM_LABEL = "Hệ thống"


def _lock_head() -> tuple[int, str]:
    """Lock the chain head; return the newest event's seq and hash.

    The row lock is held until commit or rollback, so writers append one at a time; under READ
    COMMITTED a writer that waited reads the row the previous writer committed, so it continues
    from it."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).values_list("seq", "hash")
    try:
        return head.get()
    except AuditChainHead.DoesNotExist:
        # The head row is missing after a flush (tests) or on a hand-made database: rebuild it from
        # the newest event. A concurrent rebuilder waits on the primary key, then writes nothing.
        newest = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, last_hash = newest if newest else (0, GENESIS_HASH)
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1, seq=seq, hash=last_hash)], ignore_conflicts=True)
        return head.get()


def audit_chain_lock() -> None:
    """Take the trail's head now, for a transaction that will append to it and must not wait for it
    while holding other rows. Every writer takes the head with its first event and keeps it until
    commit, so a writer that locks rows after its event (a step stopping its clocks) holds the head
    while it waits for them: one that took those rows first and then waits for the head would deadlock
    with it. The head first, then rows claimed without waiting (SKIP LOCKED), never waits holding any."""
    _lock_head()


def target_ref(target: Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(target, tuple):
        return target[0], str(target[1])
    return f"{target._meta.app_label}.{target._meta.model_name}", str(target.pk)


# Decisions taken by someone who holds the deciding role only in an acting capacity (quyền chủ nhiệm)
# carry the appointment's document in their event.
DECISION_ACTIONS = frozenset(
    {
        "case.approve",
        "case.send_back",
        "case.reopen_verification",
        "case.handle_conclusion",
        "case.suspend",
        "case.resume",
        "case.terminate",
        "case.complexity",
        "case.decide",
        "case.extend",
        "case.processing_extend",
        "case.discipline_ballot",
        "inspection.decide",
        "inspection.conclude",
        "flag.decide",
        "plan.approve",
        "escalation.approve",
        "escalation.return",
        "escalation.extend",
        "escalation.refer_up",
        "escalation.discipline",
    }
)


def _acting_appointment(actor: Any, unit: Any) -> str:
    from casework.org.models import Unit
    from casework.org.selectors import acting_document_for

    if actor is None or unit is None:
        return ""
    unit_obj = unit if isinstance(unit, Unit) else Unit.objects.filter(pk=unit).first()
    return acting_document_for(user=actor, unit=unit_obj) if unit_obj is not None else ""


def _names_a_case(target: Any, target_id: str) -> bool:
    """Whether an event's target is a registered case (whose key can seal its personal data)."""
    if not isinstance(target, tuple):
        return True
    from casework.cases.models import Case

    return str(target_id).isdigit() and Case.objects.filter(pk=int(target_id)).exists()


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: Model | tuple[str, Any],
    unit: Any | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    actor_role: str = "",
    actor_unit: Any | None = None,
    meta: dict | None = None,
    actor_label: str | None = None,
    case_id: Any | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction.

    `actor` None means the system (the scheduler), unless `actor_label` names someone else
    (e.g. an anonymous visitor whose sign-in failed). `unit` is the unit the target belongs to,
    which scopes who may read the event. `case_id`: the case an event about another object
    belongs to (a file added to it), whose key seals a citizen's request data.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside a transaction (the service's)")
    target_type, target_id = target_ref(target)
    about_case = target_type == "cases.case" and _names_a_case(target, target_id)
    sealing_case = None if about_case else sealing_case_id(target_type, target_id)
    if sealing_case is not None:
        # An object of a case (a measure of its conclusion): its texts under the case's key too.
        from casework.cases.identity import case_audit_seal

        before, after, reason = case_audit_seal(
            case=sealing_case, before=before or {}, after=after or {}, reason=reason
        )
    if about_case:
        # Personal data about a case enters the chain only under the case's own key (retention),
        # whoever records it: the case's services, an escalation or the sweep (which name the case
        # by its reference pair); an import names no case ("import").
        from casework.cases.identity import case_audit_seal

        before, after, reason = case_audit_seal(
            case=target_id if isinstance(target, tuple) else target,
            before=before or {},
            after=after or {},
            reason=reason,
        )
    actor_obj = actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None
    request_meta = {**current_meta(), **(meta or {})}
    meta_case = target_id if about_case else case_id
    if meta_case is not None and actor_obj is None:
        # No account behind the request: a citizen on the public side, whose address is theirs.
        from casework.cases.identity import case_meta_seal

        request_meta = case_meta_seal(case_pk=meta_case, meta=request_meta)
    if action in DECISION_ACTIONS and (appointment := _acting_appointment(actor_obj, unit)):
        request_meta["acting_appointment"] = appointment
    last_seq, prev_hash = _lock_head()
    seq = last_seq + 1
    at = clock.now()
    fields = event_fields(
        seq=seq,
        at=at,
        actor_id=actor_obj.pk if actor_obj else None,
        actor_label=actor_label or (str(actor_obj) if actor_obj else SYSTEM_LABEL),
        actor_role=actor_role,
        actor_unit_id=getattr(actor_unit, "pk", actor_unit),
        action=action,
        target_type=target_type,
        target_id=target_id,
        unit_id=getattr(unit, "pk", unit),
        before=normalize(before or {}),
        after=normalize(after or {}),
        reason=reason,
        meta=normalize(request_meta),
        prev_hash=prev_hash,
    )
    text = canonical_json(fields)  # what is hashed is stored as is (see canonical_sql)
    digest = hashlib.sha256(text.encode()).hexdigest()
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor_obj,
        actor_label=fields["actor_label"],
        actor_role=actor_role,
        actor_unit_id=fields["actor_unit_id"],
        action=action,
        target_type=target_type,
        target_id=target_id,
        unit_id=fields["unit_id"],
        before=fields["before"],
        after=fields["after"],
        reason=reason,
        meta=fields["meta"],
        prev_hash=prev_hash,
        hash=digest,
        canonical=text,
    )
    event.save(force_insert=True)
    AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=digest)
    return event


def audit_record_standalone(**kwargs: Any) -> AuditEvent:
    """For events with no surrounding service transaction (logins, exports)."""
    with transaction.atomic():
        return audit_record(**kwargs)


@transaction.atomic
def audit_checkpoint_create() -> AuditCheckpoint:
    """Sign the current head of the chain (seq 0 and the genesis hash when it is empty)."""
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, head_hash = head if head else (0, GENESIS_HASH)
    now = clock.now()
    # Signed over the same text the JSON copy carries, so the copy verifies on its own.
    data = CheckpointData(seq=seq, hash=head_hash, created_at=format_instant(now))
    return AuditCheckpoint.objects.create(seq=seq, hash=head_hash, created_at=now, signature=checkpoint_sign(data))
