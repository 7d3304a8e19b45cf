"""The periodic jobs and how often they run: one list for Celery beat and the embedded scheduler."""

from __future__ import annotations

import logging
import time
from importlib import import_module

log = logging.getLogger(__name__)

# dotted path of a function taking no argument, seconds between runs
PERIODIC_JOBS: list[tuple[str, int]] = [
    ("notifications.delivery.outbox_deliver_due", 60),
    ("workflows.sweep.sweep_deadlines", 60),
    # Absences beginning or ending: their tasks handed over or back within the hour.
    ("workflows.services.absences.absences_sweep", 3600),
    # Inspections whose unit's time to explain the draft report ran out: to the signers within the hour.
    ("casework.inspections.services.inspections.inspection_explanation_lapses", 3600),
    # The last day of a unit's time to explain: its representatives reminded once, in office hours.
    ("casework.inspections.services.inspections.inspection_explanation_reminders", 3600),
    # Letters queued through the API when no worker was asked (broker down): within a minute.
    ("casework.cases.services.queued_intake.intake_queue_drain", 60),
    ("casework.audit.jobs.audit_verify_periodic", 3600),
    # Exports queued when no worker was asked (broker down): built within a minute or two.
    ("casework.reports.services.export_jobs_drain", 60),
    ("casework.reports.services.export_jobs_prune", 86400),
    # Spent form tokens and API idempotency keys past their periods (docs/retention.md): once a day.
    ("casework.web.form_tokens.spent_tokens_prune", 86400),
    ("casework.api.idempotency.idempotency_keys_prune", 86400),
    # Personal data past its storage period (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.14 khoản 1 điểm c):
    # destroyed once a day.
    ("casework.privacy.jobs.retention_run_periodic", 86400),
]


def run_periodic_jobs(*, last_run: dict[str, float] | None = None) -> dict[str, object]:
    """Run the periodic jobs once. With `last_run` (the embedded scheduler's memory of when each
    job last ran, by time.monotonic()), run only those whose interval has passed, and update it."""
    summary: dict[str, object] = {}
    for dotted, every in PERIODIC_JOBS:
        if last_run is not None:
            if time.monotonic() - last_run.get(dotted, float("-inf")) < every:
                continue
            last_run[dotted] = time.monotonic()
        module_name, func_name = dotted.rsplit(".", 1)
        started = time.monotonic()
        try:
            summary[func_name] = getattr(import_module(module_name), func_name)()
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            log.exception("periodic job %s failed", dotted)
            summary[func_name] = f"error: {exc}"
            continue
        _beat(dotted, time.monotonic() - started, summary[func_name])
    return summary


def _beat(dotted: str, duration: float, result: object) -> None:
    """Record that the job finished (casework.ops readiness and metrics read it); only after success."""
    try:
        from casework.ops.services import heartbeat_beat

        heartbeat_beat(dotted, duration=duration, result=result)
    except Exception:  # noqa: BLE001 - a heartbeat must never fail the scheduler
        log.warning("could not record heartbeat for %s", dotted, exc_info=True)


def seconds_to_next_job(last_run: dict[str, float]) -> float:
    now = time.monotonic()
    return max(0.0, min(last_run.get(d, float("-inf")) + every - now for d, every in PERIODIC_JOBS))
