"""Readiness: can this instance serve traffic? Only what belongs to the instance is checked.

A load balancer takes an instance out of rotation when this fails, so a check here must be one
that a different instance could pass: its database connection, its migrations, its cache. What
is shared by every instance (the deadline sweep, the outbox, the audit verification) is the
system's health (casework/ops/system_health.py): it pages someone, it never cuts traffic, since
a stopped beat would otherwise take every instance out at once.

Each check returns (ok, detail).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

log = logging.getLogger(__name__)

CheckResult = tuple[bool, str]


def check_database() -> CheckResult:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, "ok"


def check_cache() -> CheckResult:
    """A write and a read through the instance's cache (Redis when REDIS_URL is set, else local memory)."""
    key = "casework:readyz"
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    if cache.get(key) != token:
        return False, "read back a different value"
    return True, "ok"


class MigrationsCheck:
    """Once this process's migrations are all applied they stay so (new migrations come with new
    code, hence a new process): the graph is loaded until then, not on every probe after."""

    def __init__(self) -> None:
        self.applied = False

    def reset(self) -> None:
        self.applied = False

    def __call__(self) -> CheckResult:
        if self.applied:
            return True, "ok"
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return False, f"{len(plan)} migration(s) not applied"
        self.applied = True
        return True, "ok"


check_migrations = MigrationsCheck()


def run_checks(checks: dict[str, Callable[[], CheckResult]]) -> tuple[bool, dict[str, dict[str, object]]]:
    """Run every check; one raising counts as failed and never hides the others."""
    report: dict[str, dict[str, object]] = {}
    ok_all = True
    for name, check in checks.items():
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001 - a failing dependency is exactly what we report
            log.warning("check %s failed", name, exc_info=True)
            # The exception class only: messages can carry hosts or credentials.
            ok, detail = False, f"error: {type(exc).__name__}"
        report[name] = {"ok": ok, "detail": detail}
        ok_all = ok_all and ok
    return ok_all, report


CHECKS: dict[str, Callable[[], CheckResult]] = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
}


def readiness_report() -> tuple[bool, dict[str, dict[str, object]]]:
    return run_checks(CHECKS)
