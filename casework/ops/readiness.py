"""Readiness checks: can this process serve traffic and is the system behind it alive?

Each check returns (ok, detail). A check that does not apply (no Redis configured, no sweep
job scheduled) is ok with a detail saying so: "not configured" is not a failure.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from casework import clock
from casework.ops.selectors import heartbeat_age, sweep_job_name

log = logging.getLogger(__name__)

SWEEP_MAX_AGE = dt.timedelta(minutes=5)

CheckResult = tuple[bool, str]


def check_database() -> CheckResult:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, "ok"


def check_redis() -> CheckResult:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return True, "not configured"
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return True, "ok"


_migrations_applied = False


def check_migrations() -> CheckResult:
    # Once this process's migrations are all applied they stay so (new migrations come with new
    # code, hence a new process): skip loading the graph on every probe after that.
    global _migrations_applied
    if _migrations_applied:
        return True, "ok"
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return False, f"{len(plan)} migration(s) not applied"
    _migrations_applied = True
    return True, "ok"


def check_sweep() -> CheckResult:
    name = sweep_job_name()
    if name is None:
        return True, "not configured"
    age = heartbeat_age(name=name)
    if age is None:
        return False, "never ran"
    if age > SWEEP_MAX_AGE:
        return False, f"last run {int(age.total_seconds())}s ago"
    return True, f"last run {int(age.total_seconds())}s ago"


def check_outbox() -> CheckResult:
    from notifications.models import OutboxMessage

    limit = settings.READY_OUTBOX_MAX
    # Due and undelivered: pending, or claimed by a worker whose lease has run out.
    waiting = [s for s in ("pending", "sending") if s in OutboxMessage.Status.values]
    backlog = OutboxMessage.objects.filter(status__in=waiting, next_attempt_at__lte=clock.now()).count()
    if backlog > limit:
        return False, f"{backlog} due messages (limit {limit})"
    return True, f"{backlog} due messages"


CHECKS: dict[str, Callable[[], CheckResult]] = {
    "database": check_database,
    "redis": check_redis,
    "migrations": check_migrations,
    "sweep": check_sweep,
    "outbox": check_outbox,
}


def readiness_report() -> tuple[bool, dict[str, dict[str, object]]]:
    """Run every check; one raising counts as failed and never hides the others."""
    report: dict[str, dict[str, object]] = {}
    ready = True
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001 - a failing dependency is exactly what we report
            log.warning("readiness check %s failed", name, exc_info=True)
            # The exception class only: messages can carry hosts or credentials.
            ok, detail = False, f"error: {type(exc).__name__}"
        report[name] = {"ok": ok, "detail": detail}
        ready = ready and ok
    return ready, report
