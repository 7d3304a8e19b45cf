"""Benchmark, not a test (not collected by default): how many events per second verify_audit checks.

Run on PostgreSQL:
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/casework_x .venv/bin/pytest -s tests/audit/bench_verify_audit.py
The issue asks for at least 100,000 events/s on one core.
"""

import datetime as dt
import os
import resource

import pytest
from django.db import connection

from casework.audit.chain import GENESIS_HASH, compute_hash, event_fields, normalize
from casework.audit.models import AuditEvent
from casework.audit.verification import audit_chain_verify

N = int(os.environ.get("BENCH_EVENTS", "200000"))


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu_reader():  # noqa: ANN202
    """CPU seconds of this connection's PostgreSQL backend (same host only; else 0)."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]

    def read() -> float:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark is for PostgreSQL")
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
    # CPU seconds, not wall time: on a shared machine the wall clock measures the neighbours.
    backend_cpu = _backend_cpu_reader()
    pg0, py0 = backend_cpu(), _own_cpu()
    result = audit_chain_verify()
    pg_cpu, py_cpu = backend_cpu() - pg0, _own_cpu() - py0
    print(
        f"\nverified {result.checked} events in {result.seconds:.2f}s wall ({result.rate:,.0f}/s); "
        f"CPU: python {py_cpu:.2f}s + database {pg_cpu:.2f}s = {result.checked / (py_cpu + pg_cpu):,.0f} events per CPU-second"
    )
    assert result.ok
    assert result.checked == start_seq + N
