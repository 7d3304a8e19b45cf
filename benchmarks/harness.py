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
) -> tuple[float, float, float]:
    """Alternate ours and the reference `repeat` times; return (ours median, ref median, ratio spread).

    Alternating spreads machine noise (the other core, caches) evenly over both sides.
    """
    ours_t, ref_t = [], []
    for _ in range(repeat):
        if setup:
            setup()
        ref_t.append(timed(reference))
        if setup:
            setup()
        ours_t.append(timed(ours))
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
