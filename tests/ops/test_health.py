"""/healthz and /readyz: anonymous, JSON, 503 naming the failing check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError

from casework import clock
from casework.ops import readiness
from casework.ops.models import Heartbeat
from casework.ops.selectors import SWEEP_JOB
from casework.ops.services import heartbeat_beat

pytestmark = pytest.mark.django_db


def test_healthz_answers_anonymously(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert client.head("/healthz").status_code == 200  # load balancers that probe with HEAD
    assert client.post("/healthz").status_code == 405


def test_readyz_is_ready_with_a_fresh_sweep(client, frozen_clock, sweep_scheduled):
    heartbeat_beat(SWEEP_JOB, duration=0.2)
    clock.advance(dt.timedelta(minutes=4))
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert set(checks) == {"database", "redis", "migrations", "sweep", "outbox"}
    assert all(check["ok"] for check in checks.values())
    from django.conf import settings

    assert checks["redis"]["detail"] == ("ok" if settings.REDIS_URL else "not configured")


def test_readyz_reports_sweep_not_configured_without_failing(client, sweep_unscheduled):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["sweep"] == {"ok": True, "detail": "not configured"}


def test_readyz_fails_when_the_sweep_heartbeat_is_stale(client, frozen_clock, sweep_scheduled):
    heartbeat_beat(SWEEP_JOB)
    clock.advance(dt.timedelta(minutes=6))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["sweep"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_readyz_fails_when_the_sweep_never_ran(client, sweep_scheduled):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["sweep"] == {"ok": False, "detail": "never ran"}


def test_readyz_fails_when_the_database_is_down(client, monkeypatch, sweep_unscheduled):
    def database_down():
        raise OperationalError("could not connect to server: Connection refused (host db.internal)")

    monkeypatch.setitem(readiness.CHECKS, "database", database_down)
    response = client.get("/readyz")
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert database == {"ok": False, "detail": "error: OperationalError"}
    # The exception's text (hosts, users) is not shown to an anonymous caller.
    assert "db.internal" not in response.content.decode()


def test_readyz_fails_when_redis_is_configured_but_unreachable(client, settings, sweep_unscheduled):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_readyz_fails_with_unapplied_migrations(client, monkeypatch, sweep_unscheduled):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(readiness, "_migrations_applied", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "detail": "1 migration(s) not applied"}


def test_readyz_fails_when_the_outbox_backlog_is_over_the_limit(client, settings, frozen_clock, sweep_unscheduled):
    from notifications.models import OutboxMessage

    settings.READY_OUTBOX_MAX = 2
    for n in range(3):
        OutboxMessage.objects.create(
            key=f"k{n}", recipient=f"u{n}@example.test", subject="s", body="b",
            next_attempt_at=clock.now(), created_at=clock.now(),
        )  # fmt: skip
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == {"ok": False, "detail": "3 due messages (limit 2)"}
    settings.READY_OUTBOX_MAX = 3
    assert client.get("/readyz").status_code == 200


def test_the_scheduler_beats_after_each_successful_job(monkeypatch, frozen_clock):
    from casework.web import schedule

    monkeypatch.setattr(
        schedule,
        "PERIODIC_JOBS",
        [("tests.ops.jobs.job_ok", 60), ("tests.ops.jobs.job_fails", 60)],
    )
    summary = schedule.run_periodic_jobs()
    assert summary["job_ok"] == "done"
    assert summary["job_fails"].startswith("error:")
    beat = Heartbeat.objects.get(name="tests.ops.jobs.job_ok")
    assert beat.at == clock.now()
    assert beat.duration is not None
    # A job that failed did not "run": its silence must show as a stale heartbeat.
    assert not Heartbeat.objects.filter(name="tests.ops.jobs.job_fails").exists()


def test_a_periodic_celery_task_beats_too(frozen_clock):
    from casework.web.tasks import periodic_job

    periodic_job.apply(args=("tests.ops.jobs.job_ok",))
    assert Heartbeat.objects.filter(name="tests.ops.jobs.job_ok", at=clock.now()).exists()


def test_the_embedded_scheduler_makes_readiness_pass(client, monkeypatch, frozen_clock):
    from django.core.management import call_command

    from casework.web import schedule

    monkeypatch.setattr(schedule, "PERIODIC_JOBS", [(SWEEP_JOB, 60)])
    assert client.get("/readyz").status_code == 503  # scheduled, never ran
    call_command("run_scheduler", once=True)
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert Heartbeat.objects.get(name=SWEEP_JOB).at == clock.now()
