"""/healthz, /readyz (the instance) and /health/system (the shared work): JSON, 503 naming the failing check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError

from casework.ops import readiness
from casework.ops.models import Heartbeat
from casework.ops.selectors import AUDIT_VERIFY_JOB, SWEEP_JOB
from casework.ops.services import heartbeat_beat
from core import clock

pytestmark = pytest.mark.django_db


def test_healthz_answers_anonymously(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert client.head("/healthz").status_code == 200  # load balancers that probe with HEAD
    assert client.post("/healthz").status_code == 405


def test_readyz_checks_only_the_instance(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert set(checks) == {"database", "migrations", "cache"}
    assert all(check["ok"] for check in checks.values())


def test_a_stale_sweep_leaves_readyz_200_and_system_health_reports_it(client, frozen_clock, sweep_scheduled):
    """A stopped beat must not take every instance out of the load balancer: it pages instead."""
    heartbeat_beat(SWEEP_JOB)
    clock.advance(dt.timedelta(minutes=6))
    assert client.get("/readyz").status_code == 200
    response = client.get("/health/system")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["sweep"] == {"ok": False, "detail": "last run 360s ago"}
    metrics = client.get("/metrics").content.decode()
    assert 'casework_system_check_ok{check="sweep"} 0.0' in metrics


def test_system_health_is_ok_with_a_fresh_sweep(client, frozen_clock, sweep_scheduled):
    heartbeat_beat(SWEEP_JOB, duration=0.2)
    heartbeat_beat(AUDIT_VERIFY_JOB, duration=0.2)
    clock.advance(dt.timedelta(minutes=4))
    response = client.get("/health/system")
    assert response.status_code == 200, response.json()
    assert set(response.json()["checks"]) == {"sweep", "outbox", "audit_verification"}
    assert response.json()["checks"]["sweep"] == {"ok": True, "detail": "last run 240s ago"}


def test_a_fresh_deployment_is_ready_before_the_first_beat(client, sweep_scheduled):
    assert client.get("/readyz").status_code == 200
    response = client.get("/health/system")
    assert response.status_code == 503
    assert response.json()["checks"]["sweep"] == {"ok": False, "detail": "never ran"}


def test_system_health_reports_sweep_not_configured_without_failing(client, sweep_unscheduled):
    response = client.get("/health/system")
    assert response.json()["checks"]["sweep"] == {"ok": True, "detail": "not configured"}


def test_system_health_reports_a_broken_audit_chain(client, frozen_clock, sweep_unscheduled):
    Heartbeat.objects.create(name=AUDIT_VERIFY_JOB, at=clock.now(), detail="CHUỖI BỊ PHÁ VỠ tại seq 7")
    response = client.get("/health/system")
    assert response.status_code == 503
    assert response.json()["checks"]["audit_verification"] == {"ok": False, "detail": "chain broken (last run 0s ago)"}
    assert client.get("/readyz").status_code == 200


def test_system_health_asks_for_the_metrics_token_when_set(client, settings, sweep_unscheduled):
    settings.METRICS_TOKEN = "s3cret"
    assert client.get("/health/system").status_code == 401
    response = client.get("/health/system", HTTP_AUTHORIZATION="Bearer s3cret")
    assert response.status_code in (200, 503)
    assert "checks" in response.json()


def test_readyz_fails_when_the_database_is_down(client, monkeypatch):
    def database_down():
        raise OperationalError("could not connect to server: Connection refused (host db.internal)")

    monkeypatch.setitem(readiness.CHECKS, "database", database_down)
    response = client.get("/readyz")
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert database == {"ok": False, "detail": "error: OperationalError"}
    # The exception's text (hosts, users) is not shown to an anonymous caller.
    assert "db.internal" not in response.content.decode()


def test_readyz_fails_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


def test_readyz_fails_with_unapplied_migrations(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    readiness.check_migrations.reset()
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "detail": "1 migration(s) not applied"}


def test_system_health_fails_when_the_outbox_backlog_is_over_the_limit(
    client, settings, frozen_clock, sweep_unscheduled
):
    from notifications.models import OutboxMessage

    settings.READY_OUTBOX_MAX = 2
    for n in range(3):
        OutboxMessage.objects.create(
            key=f"k{n}", recipient=f"u{n}@example.test", subject="s", body="b",
            next_attempt_at=clock.now(), created_at=clock.now(),
        )  # fmt: skip
    response = client.get("/health/system")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox"] == {"ok": False, "detail": "3 due messages (limit 2)"}
    assert client.get("/readyz").status_code == 200
    settings.READY_OUTBOX_MAX = 3
    assert client.get("/health/system").json()["checks"]["outbox"]["ok"] is True


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


def test_the_embedded_scheduler_makes_system_health_pass(client, monkeypatch, frozen_clock):
    from django.core.management import call_command

    from casework.web import schedule

    monkeypatch.setattr(schedule, "PERIODIC_JOBS", [(SWEEP_JOB, 60)])
    assert client.get("/health/system").status_code == 503  # scheduled, never ran
    call_command("run_scheduler", once=True)
    response = client.get("/health/system")
    assert response.status_code == 200, response.json()
    assert Heartbeat.objects.get(name=SWEEP_JOB).at == clock.now()
