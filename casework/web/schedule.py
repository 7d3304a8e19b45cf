"""The periodic jobs and how often they run: one list for Celery beat and the embedded scheduler."""

from __future__ import annotations

import logging
from importlib import import_module

log = logging.getLogger(__name__)

# dotted path of a function taking no argument, seconds between runs
PERIODIC_JOBS: list[tuple[str, int]] = [
    ("notifications.delivery.outbox_deliver_due", 60),
    ("workflows.sweep.sweep_deadlines", 60),
]


def run_periodic_jobs() -> dict[str, object]:
    summary: dict[str, object] = {}
    for dotted, _every in PERIODIC_JOBS:
        module_name, func_name = dotted.rsplit(".", 1)
        try:
            summary[func_name] = getattr(import_module(module_name), func_name)()
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            log.exception("periodic job %s failed", dotted)
            summary[func_name] = f"error: {exc}"
    return summary
