"""Writing audit events. Services call `audit_record` inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from casework import clock
from casework.audit.chain import GENESIS_HASH, compute_hash, event_fields, normalize
from casework.audit.checkpoints import CheckpointData, checkpoint_sign, format_instant
from casework.audit.context import current_meta
from casework.audit.models import AuditCheckpoint, AuditEvent

# Any constant: it names the one advisory lock that serializes appends to the chain.
CHAIN_LOCK_KEY = 0x4341_5345  # "CASE"

SYSTEM_LABEL = "Hệ thống"


def _lock_chain() -> None:
    """Serialize writers so the chain never forks.

    PostgreSQL: a transaction-scoped advisory lock, released at commit or rollback.
    SQLite: the database opens transactions IMMEDIATE (settings), which already serializes writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def target_ref(target: Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(target, tuple):
        return target[0], str(target[1])
    return f"{target._meta.app_label}.{target._meta.model_name}", str(target.pk)


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
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction.

    `actor` None means the system (the scheduler), unless `actor_label` names someone else
    (e.g. an anonymous visitor whose sign-in failed). `unit` is the unit the target belongs to,
    which scopes who may read the event.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside a transaction (the service's)")
    target_type, target_id = target_ref(target)
    actor_obj = actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None
    request_meta = {**current_meta(), **(meta or {})}
    _lock_chain()
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
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
        hash=compute_hash(fields),
    )
    event.save(force_insert=True)
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
