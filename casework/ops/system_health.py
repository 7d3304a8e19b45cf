"""System health: is the work shared by every instance getting done?

The deadline sweep (without it nothing escalates), the e-mail outbox and the audit chain's
periodic verification. These fail for the whole system at once, so they are reported here and
on /metrics, where an alert pages someone (docs/operations.md), and never by /readyz, where a
failure would take every instance out of the load balancer together.

A check that does not apply (the job is not scheduled) is ok with a detail saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings

from casework.ops.readiness import CheckResult, run_checks
from casework.ops.selectors import (
    AUDIT_VERIFY_JOB,
    heartbeat_age,
    heartbeat_get,
    heartbeat_outcome,
    scheduled_job_name,
    sweep_job_name,
)
from core import clock

SWEEP_MAX_AGE = dt.timedelta(minutes=5)
AUDIT_VERIFY_MAX_AGE = dt.timedelta(hours=2)


def _age(age: dt.timedelta) -> str:
    return f"last run {int(age.total_seconds())}s ago"


def check_sweep() -> CheckResult:
    name = sweep_job_name()
    if name is None:
        return True, "not configured"
    age = heartbeat_age(name=name)
    if age is None:
        return False, "never ran"
    return age <= SWEEP_MAX_AGE, _age(age)


def check_outbox() -> CheckResult:
    from notifications.models import OutboxMessage

    limit = settings.READY_OUTBOX_MAX
    # Due and undelivered: pending, or claimed by a worker whose lease has run out.
    waiting = [s for s in ("pending", "sending") if s in OutboxMessage.Status.values]
    backlog = OutboxMessage.objects.filter(status__in=waiting, next_attempt_at__lte=clock.now()).count()
    if backlog > limit:
        return False, f"{backlog} due messages (limit {limit})"
    return True, f"{backlog} due messages"


def check_audit_verification() -> CheckResult:
    if scheduled_job_name(AUDIT_VERIFY_JOB) is None:
        return True, "not configured"
    beat = heartbeat_get(name=AUDIT_VERIFY_JOB)
    if beat is None:
        return False, "never ran"
    age = clock.now() - beat.at
    if heartbeat_outcome(beat) is False:
        return False, f"chain broken ({_age(age)})"
    return age <= AUDIT_VERIFY_MAX_AGE, _age(age)


CHECKS: dict[str, Callable[[], CheckResult]] = {
    "sweep": check_sweep,
    "outbox": check_outbox,
    "audit_verification": check_audit_verification,
}


def system_health_report() -> tuple[bool, dict[str, dict[str, object]]]:
    return run_checks(CHECKS)
