"""sweep_scaling: one sweep pass with 100,000 open deadlines versus 1,000, both with the same 100
due. The sweep reads due rows by index, so its cost must follow the due items (≤ 1.3×)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

from django.db import connection

from benchmarks.fixtures import BENCH_NOW, org
from benchmarks.harness import ratio_result
from workflows.models import Deadline, DeadlineRule
from workflows.sweep import sweep_run

SMALL = int(os.environ.get("BENCH_SWEEP_SMALL", "1000"))
LARGE = int(os.environ.get("BENCH_SWEEP_LARGE", "100000"))
DUE = 100
REPEAT = 3


def _deadlines(n: int, *, prefix: str, due_at: dt.datetime, unit, rule) -> None:  # noqa: ANN001
    rows = [
        Deadline(
            target_type="bench.item",
            target_id=f"{prefix}{i}",
            unit=unit,
            step="resolve",
            rule=rule,
            starts_on=due_at.date() - dt.timedelta(days=30),
            days=30,
            day_unit="calendar",
            due_on=due_at.date(),
            due_at=due_at,
        )
        for i in range(n)
    ]
    Deadline.objects.bulk_create(rows, batch_size=5000)


def _passes(label: str, start: dt.datetime, unit, rule) -> list[float]:  # noqa: ANN001
    times = []
    for r in range(REPEAT):
        now = start + dt.timedelta(days=r)
        _deadlines(DUE, prefix=f"{label}{r}-due-", due_at=now - dt.timedelta(hours=1), unit=unit, rule=rule)
        with connection.cursor() as cur:
            cur.execute("ANALYZE workflows_deadline")
        began = time.perf_counter()
        result = sweep_run(now=now)
        times.append(time.perf_counter() - began)
        assert result.breached == DUE, f"the pass must breach the {DUE} due deadlines, got {result.breached}"
    return times


def run():  # noqa: ANN201
    sector, _hospital, _users = org()
    # Benchmarks that ran before left cases with running deadlines that fall due within the
    # passes' days: mark them met, so each pass has exactly the DUE deadlines made here.
    Deadline.objects.filter(status=Deadline.Status.OPEN).update(status=Deadline.Status.MET, closed_at=BENCH_NOW)
    rule = DeadlineRule.objects.get(version__number=1, subject="complaint_1", step="resolve", variant="normal")
    far = BENCH_NOW + dt.timedelta(days=365)
    _deadlines(SMALL, prefix="open-", due_at=far, unit=sector, rule=rule)
    small = _passes("small", BENCH_NOW, sector, rule)
    _deadlines(LARGE - SMALL, prefix="more-", due_at=far, unit=sector, rule=rule)
    large = _passes("large", BENCH_NOW + dt.timedelta(days=10), sector, rule)
    ratios = [b / a for a, b in zip(small, large, strict=True)]
    return ratio_result(
        "sweep_scaling",
        f"sweep pass with {LARGE:,} vs {SMALL:,} open deadlines, {DUE} due in each",
        statistics.median(large),
        statistics.median(small),
        max(ratios) - min(ratios),
        target=1.3,
        detail={"open_small": SMALL, "open_large": LARGE, "due": DUE},
    )
