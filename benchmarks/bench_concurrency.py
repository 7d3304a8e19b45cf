"""concurrent_transitions: 16 workers race to accept the same 1,000 cases. Every case must be
accepted exactly once (no lost update, no double transition) and the audit chain must stay one
line (no fork). Targets: lost updates = 0, forks = 0.
The cases come from `intake_cases`: one registered by `case_intake`, the others SQL copies of it
that `case_accept` takes exactly as the original.
"""

from __future__ import annotations

import os
import random
import threading
from collections import Counter

from django.db import connection

from benchmarks.fixtures import intake_cases
from benchmarks.harness import Result
from casework.audit.models import AuditEvent
from casework.audit.verification import audit_chain_verify
from casework.cases.models import Case
from casework.cases.services import case_accept
from casework.org.models import User
from core.errors import ConcurrentChange, TransitionNotAllowed

WORKERS = int(os.environ.get("BENCH_WORKERS", "16"))
CASES = int(os.environ.get("BENCH_RACE_CASES", "1000"))


def run():
    ids = [c.pk for c in intake_cases(CASES)]
    assert len(set(ids)) == CASES, len(ids)
    with connection.cursor() as cur:
        for table in ("cases_case", "cases_submitter", "viewflow_process", "viewflow_task", "workflows_deadline"):
            cur.execute(f"ANALYZE {table}")
    officer = User.objects.get(username="tiepnhan")
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    errors: list[str] = []

    def worker(seed: int) -> None:
        order = ids[:]
        random.Random(seed).shuffle(order)
        local: Counter[str] = Counter()
        try:
            for pk in order[: max(1, CASES // 4)]:
                case = Case.objects.get(pk=pk)
                try:
                    case_accept(subject_area="khac", case=case, actor=officer, legal_ground="Luật Khiếu nại 2011, Đ.27")
                    local["success"] += 1
                except (ConcurrentChange, TransitionNotAllowed):
                    local["conflict"] += 1
        except Exception as exc:  # noqa: BLE001 - reported in the result, not swallowed
            errors.append(repr(exc))
        finally:
            connection.close()
            with lock:
                outcomes.update(local)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    accepted_cases = Case.objects.filter(pk__in=ids, status="accepted").count()
    accept_events = Counter(
        AuditEvent.objects.filter(action="case.accept", target_id__in=[str(i) for i in ids]).values_list(
            "target_id", flat=True
        )
    )
    double = sum(1 for n in accept_events.values() if n > 1)
    # A lost update: a success the database does not show, or a case accepted twice.
    lost = abs(outcomes["success"] - accepted_cases) + double
    verification = audit_chain_verify()
    forks = 0 if verification.ok else 1
    return Result(
        name="concurrent_transitions",
        what=f"{WORKERS} workers racing to accept {CASES} cases",
        ratio=None,
        target="lost updates = 0, forks = 0",
        met=(lost == 0 and forks == 0 and not errors),
        detail={
            "successful_transitions": outcomes["success"],
            "conflicts": outcomes["conflict"],
            "cases_accepted": accepted_cases,
            "lost_updates": lost,
            "chain_forks": forks,
            "chain_events_checked": verification.checked,
            "worker_errors": errors[:5],
            "first_break": str(verification.first_break) if verification.first_break else "",
        },
    )
