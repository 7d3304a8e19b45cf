"""transition_vs_naive_stack: our case accept (state, hash-chained audit event, deadline, outbox
message, flow routing) versus a plain stack doing the same job on a bench-only model:
django-fsm-2 transition + save, django-fsm-log StateLog, django-simple-history, and the same
deadline and outbox rows written with plain ORM creates, in one transaction after re-reading the
row under lock (what any correct stack must do). Target ≤ 1.0× (we are not slower)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
import uuid

from django.db import transaction

from benchmarks.fixtures import intake_cases, org
from benchmarks.harness import ratio_result
from benchmarks.naive.models import NaiveCase
from casework import clock
from casework.cases.services import case_accept
from notifications.models import OutboxMessage
from workflows.models import Deadline

N = int(os.environ.get("BENCH_NAIVE_TRANSITIONS", "200"))
REPEAT = int(os.environ.get("BENCH_NAIVE_REPEAT", "3"))
LEGAL_GROUND = "Luật Khiếu nại 2011, Đ.27"


def naive_cases(n: int, *, prefix: str, unit) -> list[NaiveCase]:  # noqa: ANN001
    rows = [
        NaiveCase(reference=f"{prefix}{i}", title=f"Đơn số {i}", content=f"Nội dung đơn thư số {i}.", unit=unit)
        for i in range(n)
    ]
    # bulk_create skips history on purpose: only the measured transitions are the stack's work.
    return NaiveCase.objects.bulk_create(rows, batch_size=2000)


def naive_accept(*, case: NaiveCase, actor, email: str) -> NaiveCase:  # noqa: ANN001
    """The plain stack's accept: lock, transition, save, StateLog and history rows, deadline, outbox."""
    with transaction.atomic():
        case = NaiveCase.objects.select_for_update().get(pk=case.pk)
        case.accept(by=actor, description=LEGAL_GROUND)
        case.legal_ground = LEGAL_GROUND
        case.accepted_on = clock.today()
        case.version += 1
        case.save()
        now = clock.now()
        due_at = now + dt.timedelta(days=30)
        Deadline.objects.create(
            target_type="naive.naivecase",
            target_id=str(case.pk),
            unit_id=case.unit_id,
            step="resolve",
            starts_on=now.date(),
            days=30,
            day_unit="working",
            due_on=due_at.date(),
            due_at=due_at,
        )
        OutboxMessage.objects.create(
            key=f"naive:{case.pk}:accept",
            recipient=email,
            subject=f"Đơn {case.reference} đã được thụ lý",
            body=f"Đơn {case.reference} đã được thụ lý ngày {case.accepted_on:%d/%m/%Y}.",
            next_attempt_at=now,
            created_at=now,
        )
    return case


def run():  # noqa: ANN201
    sector, _hospital, users = org()
    officer = users["tiepnhan"]
    ours_batches = [intake_cases(N) for _ in range(REPEAT)]
    tag = uuid.uuid4().hex[:6]  # unique references even when run twice on one database
    naive_batches = [naive_cases(N, prefix=f"N{tag}-{r}-", unit=sector) for r in range(REPEAT)]
    # Warm both paths (imports, caches, prepared plans) outside the measurement.
    case_accept(case=intake_cases(1)[0], actor=officer, legal_ground=LEGAL_GROUND)
    naive_accept(case=naive_cases(1, prefix=f"N{tag}-w-", unit=sector)[0], actor=officer, email="a@example.test")

    ours_t, naive_t = [], []
    for ours_batch, naive_batch in zip(ours_batches, naive_batches, strict=True):
        start = time.perf_counter()
        for case in naive_batch:
            naive_accept(case=case, actor=officer, email=f"nguoigui{case.pk}@example.test")
        naive_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        for case in ours_batch:
            case_accept(case=case, actor=officer, legal_ground=LEGAL_GROUND)
        ours_t.append(time.perf_counter() - start)
    assert NaiveCase.objects.filter(reference__startswith=f"N{tag}-", status="accepted").count() == N * REPEAT + 1
    ratios = [o / f for o, f in zip(ours_t, naive_t, strict=True)]
    return ratio_result(
        "transition_vs_naive_stack",
        f"case accept through its service vs django-fsm-2 + fsm-log + simple-history ({N} transitions)",
        statistics.median(ours_t),
        statistics.median(naive_t),
        max(ratios) - min(ratios),
        target=1.0,
        detail={"transitions": N, "repeat": REPEAT},
    )
