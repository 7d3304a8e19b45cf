"""Benchmark, not a test (not collected by default): how many events per second verify_audit checks.

Run on PostgreSQL:
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/casework_x .venv/bin/pytest -s tests/audit/bench_verify_audit.py
The issue asks for at least 100,000 events/s on one core.
"""

import datetime as dt
import os

import pytest

from casework.audit.chain import GENESIS_HASH, compute_hash, event_fields, normalize
from casework.audit.models import AuditEvent
from casework.audit.verification import audit_chain_verify

N = int(os.environ.get("BENCH_EVENTS", "200000"))


@pytest.mark.django_db
def test_verify_rate(cast):
    start_seq, prev = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS_HASH)
    base = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
    meta = normalize(
        {"ip": "10.0.0.7", "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0", "request_id": "9f" * 16}
    )
    batch = []
    for i in range(1, N + 1):
        seq = start_seq + i
        fields = event_fields(
            seq=seq, at=base + dt.timedelta(seconds=i), actor_id=cast.officer.pk, actor_label="Nguyễn Văn Cán Bộ",
            actor_role="case_officer", actor_unit_id=cast.sector.pk, action="case.accept", target_type="cases.case",
            target_id=str(i % 5000), unit_id=cast.hospital.pk, before={"status": "received"},
            after={"status": "accepted", "due_on": "2026-02-10"}, reason="Đủ điều kiện thụ lý", meta=meta,
            prev_hash=prev,
        )  # fmt: skip
        digest = compute_hash(fields)
        batch.append(
            AuditEvent(actor_id=fields.pop("actor_id"), hash=digest, **{**fields, "at": base + dt.timedelta(seconds=i)})
        )
        prev = digest
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    result = audit_chain_verify()
    print(f"\nverified {result.checked} events in {result.seconds:.2f}s: {result.rate:,.0f} events/s")
    assert result.ok
    assert result.checked == start_seq + N
