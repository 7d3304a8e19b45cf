"""Side-by-side measurement: each benchmark times ours and its reference in the same run,
alternating them, and reports the ratio of medians. No absolute time is ever asserted."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Result:
    name: str
    what: str
    ratio: float | None
    target: str
    met: bool
    ours_median: float | None = None
    reference_median: float | None = None
    spread: float | None = None
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def side_by_side(
    ours: Callable[[], object],
    reference: Callable[[], object],
    *,
    repeat: int = 3,
    setup: Callable[[], object] | None = None,
    warmup: bool = True,
) -> tuple[float, float, float]:
    """Alternate ours and the reference `repeat` times; return (ours median, ref median, ratio spread).

    Alternating spreads machine noise (the other core, caches) evenly over both sides. Each side
    runs once unmeasured first (`warmup`): the first run of either read its rows from disk, and
    which one came first decided a third of the ratio. The order alternates between rounds
    (reference first, then ours first), so a machine slowing down or speeding up through the run
    does not always favour the same side.
    """
    if warmup:
        for fn in (reference, ours):
            if setup:
                setup()
            fn()
    ours_t, ref_t = [], []
    for round_ in range(repeat):
        pair = {}
        for side, fn in (("ref", reference), ("ours", ours))[:: 1 if round_ % 2 == 0 else -1]:
            if setup:
                setup()
            pair[side] = timed(fn)
        ref_t.append(pair["ref"])
        ours_t.append(pair["ours"])
    ratios = [o / r for o, r in zip(ours_t, ref_t, strict=True) if r > 0]
    spread = (max(ratios) - min(ratios)) if ratios else 0.0
    return statistics.median(ours_t), statistics.median(ref_t), spread


def ratio_result(
    name: str,
    what: str,
    ours: float,
    ref: float,
    spread: float,
    *,
    target: float,
    higher_is_better: bool = False,
    rate: bool = False,
    detail: dict | None = None,
) -> Result:
    """Ratio of our time over the reference's; with `rate`, of our throughput over the
    reference's (the same work done), which is the reference's time over ours."""
    if rate:
        ratio = ref / ours if ours else 0.0
    else:
        ratio = ours / ref if ref else float("inf")
    met = ratio >= target if higher_is_better else ratio <= target
    op = "≥" if higher_is_better else "≤"
    return Result(
        name=name,
        what=what,
        ratio=round(ratio, 3),
        target=f"{op} {target}",
        met=met,
        ours_median=round(ours, 5),
        reference_median=round(ref, 5),
        spread=round(spread, 3),
        detail=detail or {},
    )
