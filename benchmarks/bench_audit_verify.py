"""audit_verify_vs_hashlib: `verify_audit` over 1,000,000 events versus hashing the same
canonical bytes in a bare Python loop. Ratio = our events/s over the floor's (≥ 0.5)."""

from __future__ import annotations

import hashlib
import os

from benchmarks.data import copy_audit_events
from benchmarks.harness import ratio_result, side_by_side
from casework.audit.verification import audit_chain_verify

EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", "1000000"))
REPEAT = int(os.environ.get("BENCH_AUDIT_REPEAT", "5"))


def chain_reset() -> None:
    """An empty trail, so the copied chain starts at seq 1. The rows that point at an event (a data
    subject's request keeps the event of its export) go with it: PostgreSQL truncates a referenced
    table only together with the tables referencing it."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("TRUNCATE audit_chainhead")
        cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_truncate")
        cur.execute("TRUNCATE audit_auditevent CASCADE")
        cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_no_truncate")


def run():
    from django.db import connection

    chain_reset()
    payloads = copy_audit_events(EVENTS)
    with connection.cursor() as cur:
        # What autovacuum does to an append-only table in service (it vacuums after every 20 % of
        # inserts): statistics, and the visibility map that lets the link walk read the index alone.
        cur.execute("VACUUM ANALYZE audit_auditevent")
    result_holder = {}

    def ours() -> None:
        result_holder["r"] = audit_chain_verify()

    def floor() -> None:
        sha = hashlib.sha256
        for payload in payloads:
            sha(payload).hexdigest()

    ours_t, floor_t, spread = side_by_side(ours, floor, repeat=REPEAT)
    verified = result_holder["r"]
    assert verified.ok and verified.checked == EVENTS, "the benchmark chain must verify"
    # events per second, ours over the floor's = floor time over our time
    return ratio_result(
        "audit_verify_vs_hashlib",
        f"verify_audit over {EVENTS:,} events vs bare sha256 loop (events/s ratio)",
        ours_t,
        floor_t,
        spread,
        target=0.5,
        higher_is_better=True,
        rate=True,
        detail={
            "events": EVENTS,
            "ours_events_per_s": round(EVENTS / ours_t),
            "floor_events_per_s": round(EVENTS / floor_t),
        },
    )
