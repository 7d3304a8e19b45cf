"""The daily retention pass for Celery beat and the embedded scheduler (casework.web.schedule)."""

from __future__ import annotations

from casework.privacy.services import retention_run


def retention_run_periodic() -> dict[str, int]:
    outcomes = retention_run()
    return {
        "destroyed": sum(o.outcome == "destroyed" for o in outcomes),
        "held": sum(o.outcome == "held" for o in outcomes),
    }
