"""The canonical bytes and hash of an audit event: shared by the writer and the verifier."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def normalize(value: Any) -> Any:
    """What a JSONField will give back when read: so the writer hashes what the verifier reads."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept as is: one text per JSON value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    return canonical_json(fields).encode()


def event_fields(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    actor_role: str,
    actor_unit_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    unit_id: int | None,
    before: Any,
    after: Any,
    reason: str,
    meta: Any,
    prev_hash: str,
) -> dict[str, Any]:
    return {
        "seq": seq,
        # Microsecond UTC ISO text: the same on SQLite and PostgreSQL after a round trip.
        "at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "actor_role": actor_role,
        "actor_unit_id": actor_unit_id,
        "action": action,
        "target_type": target_type,
        "target_id": str(target_id),
        "unit_id": unit_id,
        "before": before,
        "after": after,
        "reason": reason,
        "meta": meta,
        "prev_hash": prev_hash,
    }


def compute_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()
