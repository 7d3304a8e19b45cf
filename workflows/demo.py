"""Demo: one pass of the deadline sweep over the demo cases and inspections, so the leadership
queue and "Việc của tôi" show overdue work at once (the scheduler would do the same within a
minute). Idempotent: a second run at the same time finds nothing new to remind or escalate."""

from __future__ import annotations

from workflows.sweep import sweep_run


def load_demo_deadlines() -> dict[str, int]:
    result = sweep_run()
    return {"reminded": result.reminded, "breached": result.breached, "escalated": result.escalated}
