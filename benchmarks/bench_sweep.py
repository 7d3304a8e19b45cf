"""sweep_scaling: one sweep pass with 100,000 open deadlines versus 1,000, both with the same 100
due. The sweep reads due rows by index, so its cost must follow the due items (≤ 1.3×).

Both sizes are measured under the same conditions, so that the ratio shows the sweep and not
the machine: the sizes alternate in rounds (small, large | large, small | ...), so drift in the
machine's load falls on both; before each size the table is vacuumed and analyzed, as a live
database would be; and every pass finds the very same 100 due rows at the same moment. Between
passes (untimed) the rows the pass breached are put back and what it made (escalations, their
"decide" clocks, notifications, outbox messages) is removed, so no pass sees an earlier one's
work. The audit events it appended stay: the chain is append-only, and both sizes see it grow.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import statistics
import time

from django.db import connection

from benchmarks.data import clone_deadlines
from benchmarks.fixtures import BENCH_NOW, org
from benchmarks.harness import ratio_result
from notifications.models import Notification, OutboxMessage
from workflows.models import Deadline, DeadlineRule, Escalation
from workflows.services.escalations import ESCALATION_TARGET
from workflows.sweep import BATCH, sweep_run

SMALL = int(os.environ.get("BENCH_SWEEP_SMALL", "1000"))
LARGE = int(os.environ.get("BENCH_SWEEP_LARGE", "100000"))
DUE = 100
ROUNDS = int(os.environ.get("BENCH_SWEEP_ROUNDS", "3"))
REPEAT = int(os.environ.get("BENCH_SWEEP_REPEAT", "2"))  # passes per size per round
PASS_AT = BENCH_NOW
FAR = BENCH_NOW + dt.timedelta(days=365)
TARGET = "bench.item"
MORE = "more-"  # target id prefix of the open deadlines only the large size has

# What a pass writes and the reset removes again.
_MADE_BY_PASS = (Escalation, Notification, OutboxMessage)


def _deadlines(n: int, *, prefix: str, due_at: dt.datetime, unit, rule) -> None:
    """n open deadlines `prefix`0..n-1 due at `due_at`: one made by the ORM, the rest copied in SQL."""
    if n <= 0:
        return
    template = Deadline.objects.create(
        target_type=TARGET,
        target_id=f"{prefix}0",
        unit=unit,
        step="resolve",
        rule=rule,
        starts_on=due_at.date() - dt.timedelta(days=30),
        days=30,
        day_unit="calendar",
        due_on=due_at.date(),
        due_at=due_at,
    )
    clone_deadlines(template.pk, n - 1, prefix=prefix)


def _vacuum_analyze(*models) -> None:
    # VACUUM cannot run inside a transaction (the smoke tests' one): there, statistics only.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cur:
        for model in models:
            cur.execute(f'{command} "{model._meta.db_table}"')


def _delete(model, where: str, params: list) -> None:
    """A plain DELETE: the ORM's would first load every row to check what points at it."""
    with connection.cursor() as cur:
        cur.execute(f'DELETE FROM "{model._meta.db_table}" WHERE {where}', params)


def _open_count() -> int:
    return Deadline.objects.filter(status=Deadline.Status.OPEN).count()


def _resize(open_far: int, *, unit, rule) -> None:
    """Make `open_far` open deadlines not yet due (besides the DUE due ones), then vacuum and analyze."""
    wanted = open_far - SMALL
    if wanted <= 0:
        _delete(Deadline, "target_type = %s AND target_id LIKE %s", [TARGET, f"{MORE}%"])
    elif not Deadline.objects.filter(target_type=TARGET, target_id__startswith=MORE).exists():
        _deadlines(wanted, prefix=MORE, due_at=FAR, unit=unit, rule=rule)
    _vacuum_analyze(Deadline)


def _marks() -> dict:
    marks = {m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in _MADE_BY_PASS}
    marks[Deadline] = Deadline.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return marks


def _reset(due_ids: list[int], marks: dict) -> None:
    """Undo a pass: the due rows open again, nothing the pass made left over."""
    for model in _MADE_BY_PASS:  # escalations first: they point at the due rows
        _delete(model, "id > %s", [marks[model]])
    _delete(Deadline, "target_type = %s AND id > %s", [ESCALATION_TARGET, marks[Deadline]])
    Deadline.objects.filter(pk__in=due_ids).update(
        status=Deadline.Status.OPEN, breached_at=None, closed_at=None, next_reminder_at=None, reminders_sent=[]
    )
    _vacuum_analyze(Deadline, *_MADE_BY_PASS)


def _timed_pass(due_ids: list[int], marks: dict) -> tuple[float, str]:
    _reset(due_ids, marks)
    gc.collect()
    began = time.perf_counter()
    result = sweep_run(now=PASS_AT)
    elapsed = time.perf_counter() - began
    assert result.breached == DUE and not result.errors, f"the pass must breach the {DUE} due deadlines: {result}"
    return elapsed, str(result)


def _due_plan() -> str:
    """How the pass's read of due rows is answered (the scan nodes of its plan)."""
    qs = (
        Deadline.objects.filter(status=Deadline.Status.OPEN, due_at__lt=PASS_AT)
        .order_by("due_at")
        .values_list("pk", flat=True)[:BATCH]
    )
    return "; ".join(m.strip() for m in re.findall(r"[A-Za-z ]*Scan[^(]*", qs.explain()))


def run():
    sector, _hospital, _users = org()
    # Benchmarks that ran before left running deadlines that would fall due at PASS_AT: mark them
    # met, so each pass has exactly the DUE deadlines made here.
    Deadline.objects.filter(status=Deadline.Status.OPEN).update(status=Deadline.Status.MET, closed_at=BENCH_NOW)
    rule = DeadlineRule.objects.get(version__number=1, subject="complaint_1", step="resolve", variant="normal")
    _deadlines(DUE, prefix="due-", due_at=PASS_AT - dt.timedelta(hours=1), unit=sector, rule=rule)
    due_ids = list(
        Deadline.objects.filter(target_type=TARGET, target_id__startswith="due-").values_list("pk", flat=True)
    )
    _deadlines(SMALL, prefix="open-", due_at=FAR, unit=sector, rule=rule)
    marks = _marks()

    times: dict[int, list[float]] = {SMALL: [], LARGE: []}
    plans, outcomes = {}, set()
    for r in range(ROUNDS):
        for size in (SMALL, LARGE) if r % 2 == 0 else (LARGE, SMALL):
            _resize(size, unit=sector, rule=rule)
            assert _open_count() == size + DUE, (_open_count(), size + DUE)
            plans[size] = _due_plan()
            for _ in range(REPEAT):
                elapsed, outcome = _timed_pass(due_ids, marks)
                times[size].append(elapsed)
                outcomes.add(outcome)
    _reset(due_ids, marks)
    assert len(outcomes) == 1, f"every pass must do the same work: {outcomes}"

    small, large = times[SMALL], times[LARGE]
    ratios = [b / a for a, b in zip(small, large, strict=True)]
    return ratio_result(
        "sweep_scaling",
        f"sweep pass with {LARGE:,} vs {SMALL:,} open deadlines, {DUE} due in each",
        statistics.median(large),
        statistics.median(small),
        max(ratios) - min(ratios),
        target=1.3,
        detail={
            "open_small": SMALL,
            "open_large": LARGE,
            "due": DUE,
            "passes_per_size": len(small),
            "pass": outcomes.pop(),
            "due_read_small": plans[SMALL],
            "due_read_large": plans[LARGE],
        },
    )
