"""Is the audit chain intact in a (restored) database? The audit app's verifier when available, else a recomputation."""

from __future__ import annotations

from importlib import util

from casework.audit.chain import GENESIS_HASH, compute_hash, event_fields
from casework.audit.models import AuditEvent


def _recompute(alias: str) -> tuple[bool, str]:
    """Recompute each hash with casework.audit.chain; the first broken link ends the walk."""
    prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in AuditEvent.objects.using(alias).order_by("seq").iterator(chunk_size=2000):
        fields = event_fields(
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            actor_role=event.actor_role,
            actor_unit_id=event.actor_unit_id,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            unit_id=event.unit_id,
            before=event.before,
            after=event.after,
            reason=event.reason,
            meta=event.meta,
            prev_hash=event.prev_hash,
        )
        if event.seq != expected_seq or event.prev_hash != prev or compute_hash(fields) != event.hash:
            return False, f"Chuỗi nhật ký hỏng tại seq {event.seq} (đã kiểm tra {checked} sự kiện)."
        prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    return True, f"Đã kiểm tra {checked} sự kiện; chuỗi nguyên vẹn."


def audit_chain_ok(*, alias: str = "default") -> tuple[bool, str]:
    if alias == "default" and util.find_spec("casework.audit.verification") is not None:
        from casework.audit.verification import audit_chain_verify

        result = audit_chain_verify()
        return result.ok, result.summary()
    return _recompute(alias)
