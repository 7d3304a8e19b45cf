"""Fast data builders for benchmarks (COPY, bulk_create): benchmarks need 10^5–10^6 rows."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from casework.audit.chain import GENESIS_HASH, canonical_bytes, compute_hash, event_fields


def audit_chain_rows(n: int, *, start_seq: int = 1, prev_hash: str = GENESIS_HASH):
    """Yield (row tuple for COPY, canonical bytes) for n chained events."""
    base = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
    for i in range(n):
        seq = start_seq + i
        at = base + dt.timedelta(seconds=i)
        fields = event_fields(
            seq=seq,
            at=at,
            actor_id=None,
            actor_label="Hệ thống",
            actor_role="",
            actor_unit_id=None,
            action="bench.step",
            target_type="bench.item",
            target_id=str(i % 1000),
            unit_id=None,
            before={"status": "a"},
            after={"status": "b"},
            reason="",
            meta={},
            prev_hash=prev_hash,
        )
        digest = compute_hash(fields)
        yield (
            (
                seq,
                at,
                None,
                "Hệ thống",
                "",
                None,
                "bench.step",
                "bench.item",
                str(i % 1000),
                None,
                '{"status":"a"}',
                '{"status":"b"}',
                "",
                "{}",
                prev_hash,
                digest,
            ),
            canonical_bytes(fields),
        )
        prev_hash = digest


def copy_audit_events(n: int) -> list[bytes]:
    """COPY n chained events into the audit table; return their canonical bytes (for the floor)."""
    payloads = []
    columns = (
        "seq, at, actor_id, actor_label, actor_role, actor_unit_id, action, target_type, target_id, "
        "unit_id, before, after, reason, meta, prev_hash, hash"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy:
            for row, payload in audit_chain_rows(n):
                copy.write_row(row)
                payloads.append(payload)
    return payloads
