"""/metrics: Prometheus text with request and domain metrics, optionally behind a bearer token."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.ops.selectors import SWEEP_JOB
from casework.ops.services import heartbeat_beat
from core import clock
from tests.workflows.conftest import fake_target  # noqa: F401 - the fixture, used by name

pytestmark = pytest.mark.django_db

DOMAIN_METRICS = [
    "casework_deadlines_open",
    "casework_deadlines_overdue",
    "casework_escalations_pending",
    "casework_flags_uninspected",
    "casework_outbox_backlog",
    "casework_outbox_failed",
    "casework_sweep_last_run_age_seconds",
    "casework_sweep_last_duration_seconds",
    "casework_audit_chain_length",
    "casework_cases_open",
]


def _value(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name)}{re.escape(labels)} (\S+)$", text, re.MULTILINE)
    assert match, f"{name}{labels} not in exposition"
    return float(match.group(1))


def test_exposition_has_the_domain_metrics(client, frozen_clock, sweep_scheduled):
    heartbeat_beat(SWEEP_JOB, duration=1.5)
    clock.advance(dt.timedelta(seconds=90))
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for name in DOMAIN_METRICS:
        assert f"# TYPE {name} gauge" in text, name
    assert _value(text, "casework_sweep_last_run_age_seconds") == 90.0
    assert _value(text, "casework_sweep_last_duration_seconds") == 1.5
    assert _value(text, "casework_metrics_source_failures") == 0.0


def test_domain_gauges_follow_the_data(client, cast, frozen_clock):
    from casework.audit.services import audit_record_standalone
    from notifications.models import OutboxMessage
    from notifications.services import notify

    before = _value(client.get("/metrics").content.decode(), "casework_audit_chain_length")
    audit_record_standalone(actor=cast.officer, action="test.metric", target=("org.unit", cast.hospital.pk))
    notify(users=[cast.officer], title="t", key="metrics-test")
    OutboxMessage.objects.create(
        key="dead", recipient="x@example.test", subject="s", body="b", status=OutboxMessage.Status.FAILED,
        next_attempt_at=clock.now(), created_at=clock.now(),
    )  # fmt: skip
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_audit_chain_length") == before + 1
    assert _value(text, "casework_outbox_backlog") == 1.0
    assert _value(text, "casework_outbox_failed") == 1.0


def test_open_cases_are_counted_by_kind_and_state(client, cast, frozen_clock):
    from casework.cases.services.public import case_public_submit
    from casework.cases.services.triage import case_refuse

    cases = [
        case_public_submit(
            kind=kind, unit=cast.sector, title=f"Đơn {n}", content="Nội dung đơn gửi trực tuyến.",
            full_name=f"Người gửi {n}", phone="0900000000",
        )[0]
        for n, kind in enumerate(["complaint", "complaint", "petition"])
    ]  # fmt: skip
    case_refuse(subject_area="khac", case=cases[0], actor=cast.intake, ground="not_related")
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_cases_open", '{kind="complaint",state="received"}') == 1.0
    assert _value(text, "casework_cases_open", '{kind="petition",state="received"}') == 1.0
    assert 'state="refused"' not in text  # a final state is not open


def test_deadline_escalation_and_flag_gauges_follow_the_data(client, cast, fake_target):  # noqa: F811
    from casework.inspections.services.flags import flag_raise
    from tests.workflows.conftest import at
    from workflows.services.deadlines import deadline_open
    from workflows.services.escalations import escalation_open
    from workflows.sweep import sweep_run

    clock.set_now(at(2))
    deadline_open(target=("tests.fake", "1"), unit=cast.sector, step="accept", subject="petition")
    clock.set_now(at(25))  # the petition's accept step (due 12/03) is now past due, not yet swept
    escalation_open(target=("tests.fake", "2"), unit=cast.sector, reason="Cần lãnh đạo cho ý kiến.", actor=cast.chair)
    flag_raise(
        subject_area="khac",
        unit=cast.hospital,
        category="finance_dues",
        severity="low",
        evidence="Thu đoàn phí sai.",
        source="manual",
    )

    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_deadlines_overdue_unswept") == 1.0
    assert _value(text, "casework_escalations_pending") == 1.0
    assert _value(text, "casework_flags_uninspected") == 1.0

    sweep_run()  # breaches and escalates it
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_deadlines_overdue_unswept") == 0.0
    assert _value(text, "casework_deadlines_overdue") >= 1.0
    assert _value(text, "casework_escalations_pending") == 2.0


def test_requests_are_counted_by_view_name(client):
    client.get("/healthz")
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_http_requests_total", '{method="GET",status="200",view="ops:healthz"}') >= 1
    assert 'casework_http_request_duration_seconds_count{view="ops:healthz"}' in text


def test_responses_carry_the_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
    generated = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)


def test_a_token_protects_the_metrics_when_set(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert b"casework_outbox_backlog" in response.content


def test_one_failing_source_does_not_blank_the_page(client, monkeypatch):
    from casework.ops import metrics

    def broken():
        raise RuntimeError("query failed")
        yield  # pragma: no cover

    monkeypatch.setattr(metrics, "SOURCES", (broken, *metrics.SOURCES))
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_metrics_source_failures") == 1.0
    assert "casework_outbox_backlog" in text


def _tamper_first_audit_event() -> None:
    from tests.tampering import Tamper

    Tamper().set_field(seq=1, column="reason", value="sửa lén")


def test_the_last_audit_verification_result_is_exposed(client, cast, monkeypatch):
    from casework.audit.services import audit_record_standalone
    from casework.ops.models import Heartbeat
    from casework.web import schedule

    audit_record_standalone(actor=cast.officer, action="test.metric", target=("org.unit", cast.hospital.pk))
    monkeypatch.setattr(schedule, "PERIODIC_JOBS", [("casework.audit.jobs.audit_verify_periodic", 3600)])
    schedule.run_periodic_jobs()
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_audit_last_verification_ok") == 1.0
    assert _value(text, "casework_audit_last_verification_age_seconds") >= 0.0

    _tamper_first_audit_event()
    schedule.run_periodic_jobs()
    assert "PHÁ VỠ" in Heartbeat.objects.get(name="casework.audit.jobs.audit_verify_periodic").detail
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_audit_last_verification_ok") == 0.0


def test_a_job_result_with_ok_is_exposed(client, monkeypatch):
    from casework.web import schedule

    monkeypatch.setattr(schedule, "PERIODIC_JOBS", [("tests.ops.jobs.job_reports_bad", 60)])
    schedule.run_periodic_jobs()
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_job_last_ok", '{job="tests.ops.jobs.job_reports_bad"}') == 0.0


def test_the_intake_queue_gauges_follow_the_queue(client, cast, frozen_clock):
    from casework.cases.services import intake_queue_drain, intake_submission_queue
    from tests.builders import intake_payload

    for n in range(2):
        intake_submission_queue(actor=cast.intake, payload=intake_payload(cast, title=f"Đơn {n}"))
        clock.advance(dt.timedelta(minutes=5))
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_intake_queue_backlog") == 2.0
    assert _value(text, "casework_intake_queue_oldest_age_seconds") == 600.0
    intake_queue_drain()
    text = client.get("/metrics").content.decode()
    assert _value(text, "casework_intake_queue_backlog") == 0.0
    assert _value(text, "casework_intake_queue_oldest_age_seconds") == 0.0
