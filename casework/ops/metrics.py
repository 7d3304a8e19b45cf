"""Prometheus metrics: request counters filled by the middleware, domain gauges computed at scrape time.

Domain gauges are aggregate queries run when Prometheus scrapes (every 15-60 s), never on the
request path. Models owned by other apps are looked up by label and skipped if absent, so this
module never breaks when an app is not installed yet.

Several gunicorn workers: set PROMETHEUS_MULTIPROC_DIR (an empty directory per host, wiped at
start) and the request metrics of all workers are summed at scrape time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from django.apps import apps
from django.db.models import Count, Max, Min, Q
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from casework.ops.models import Heartbeat
from casework.ops.selectors import AUDIT_VERIFY_JOB, SWEEP_JOB, heartbeat_outcome, sweep_job_name
from core import clock

log = logging.getLogger(__name__)


REQUESTS = Counter(
    "casework_http_requests_total",
    "HTTP requests answered, by view name, method and status",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "casework_http_request_duration_seconds",
    "Time to answer a request, by view name",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _gauge(name: str, doc: str, value: float | None, labels: dict[str, str] | None = None) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=list(labels or {}))
    if value is not None:
        family.add_metric(list((labels or {}).values()), value)
    return family


def _cases() -> Iterator[Metric]:
    case = _model("cases.Case")
    if case is None:
        return
    from casework.cases.models import FINAL_STATUSES

    family = GaugeMetricFamily("casework_cases_open", "Open cases by kind and state", labels=["kind", "state"])
    rows = case.objects.exclude(status__in=FINAL_STATUSES).values("kind", "status").annotate(n=Count("pk"))
    for row in rows.order_by("kind", "status"):
        family.add_metric([row["kind"], row["status"]], row["n"])
    yield family


def _deadlines() -> Iterator[Metric]:
    from workflows.models import Deadline

    now = clock.now()
    counts = Deadline.objects.aggregate(
        open=Count("pk", filter=Q(status=Deadline.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=Deadline.Status.BREACHED) | Q(status=Deadline.Status.OPEN, due_at__lt=now)),
        unswept=Count("pk", filter=Q(status=Deadline.Status.OPEN, due_at__lt=now)),
    )
    yield _gauge("casework_deadlines_open", "Deadlines running", counts["open"])
    yield _gauge("casework_deadlines_overdue", "Deadlines past due (breached, or open past due)", counts["overdue"])
    # Open past due means the sweep has not marked them yet: non-zero for long = the sweep is stuck.
    yield _gauge("casework_deadlines_overdue_unswept", "Open deadlines past due not yet breached", counts["unswept"])


def _escalations() -> Iterator[Metric]:
    escalation = _model("workflows.Escalation")
    if escalation is None:
        return
    pending = escalation.objects.filter(status="pending").aggregate(n=Count("pk"), oldest=Min("created_at"))
    yield _gauge("casework_escalations_pending", "Escalations waiting for a leadership decision", pending["n"])
    age = (clock.now() - pending["oldest"]).total_seconds() if pending["oldest"] else 0.0
    yield _gauge("casework_escalations_pending_oldest_age_seconds", "Age of the oldest pending escalation", age)


def _flags() -> Iterator[Metric]:
    flag = _model("inspections.Flag")
    if flag is None:
        return
    n = flag.objects.filter(status__in=["raised", "assigned"]).count()
    yield _gauge("casework_flags_uninspected", "Flags raised and not yet inspected", n)


def _outbox() -> Iterator[Metric]:
    from notifications.models import OutboxMessage

    # "sending" rows are claimed by a worker (or by a dead one until its lease runs out): still undelivered.
    waiting = Q(status__in=[s for s in ("pending", "sending") if s in OutboxMessage.Status.values])
    counts = OutboxMessage.objects.aggregate(
        pending=Count("pk", filter=waiting),
        failed=Count("pk", filter=Q(status=OutboxMessage.Status.FAILED)),
        retrying=Count("pk", filter=waiting & Q(attempts__gt=0) & ~Q(last_error="")),
        oldest=Min("created_at", filter=waiting),
    )
    yield _gauge("casework_outbox_backlog", "E-mails waiting in the outbox", counts["pending"])
    yield _gauge("casework_outbox_failed", "E-mails given up after all attempts", counts["failed"])
    yield _gauge("casework_outbox_retrying", "Pending e-mails that failed at least once", counts["retrying"])
    age = (clock.now() - counts["oldest"]).total_seconds() if counts["oldest"] else 0.0
    yield _gauge("casework_outbox_oldest_pending_age_seconds", "Age of the oldest pending e-mail", age)
    by_channel = GaugeMetricFamily(
        "casework_outbox_messages",
        "Outbox messages by channel (email, sms, zalo) and state: waiting, retrying, failed",
        labels=["channel", "state"],
    )
    rows = OutboxMessage.objects.values("channel").annotate(
        waiting=Count("pk", filter=waiting),
        retrying=Count("pk", filter=waiting & Q(attempts__gt=0) & ~Q(last_error="")),
        failed=Count("pk", filter=Q(status=OutboxMessage.Status.FAILED)),
    )
    for row in rows.order_by("channel"):
        for state in ("waiting", "retrying", "failed"):
            by_channel.add_metric([row["channel"], state], row[state])
    yield by_channel


def _intake_queue() -> Iterator[Metric]:
    from casework.cases.models import IntakeSubmission, SubmissionStatus

    counts = IntakeSubmission.objects.aggregate(
        queued=Count("pk", filter=Q(status=SubmissionStatus.QUEUED)),
        retrying=Count("pk", filter=Q(status=SubmissionStatus.QUEUED, attempts__gt=0)),
        oldest=Min("submitted_at", filter=Q(status=SubmissionStatus.QUEUED)),
    )
    yield _gauge(
        "casework_intake_queue_backlog", "Letters sent through POST /api/intake/ not yet registered", counts["queued"]
    )
    yield _gauge(
        "casework_intake_queue_retrying", "Queued letters whose registration failed at least once", counts["retrying"]
    )
    age = (clock.now() - counts["oldest"]).total_seconds() if counts["oldest"] else 0.0
    yield _gauge("casework_intake_queue_oldest_age_seconds", "Age of the oldest letter waiting for registration", age)


def _jobs() -> Iterator[Metric]:
    now = clock.now()
    age = GaugeMetricFamily(
        "casework_job_last_run_age_seconds", "Seconds since a periodic job last finished", labels=["job"]
    )
    duration = GaugeMetricFamily("casework_job_last_duration_seconds", "How long its last run took", labels=["job"])
    outcome = GaugeMetricFamily(
        "casework_job_last_ok", "1 if the job's last result was good (jobs that report one)", labels=["job"]
    )
    for beat in Heartbeat.objects.order_by("name"):
        age.add_metric([beat.name], (now - beat.at).total_seconds())
        if beat.duration is not None:
            duration.add_metric([beat.name], beat.duration)
        if beat.ok is not None:
            outcome.add_metric([beat.name], float(beat.ok))
    yield age
    yield duration
    yield outcome
    sweep = Heartbeat.objects.filter(name=sweep_job_name() or SWEEP_JOB).first()
    # -1 when the sweep never ran: alert on `casework_sweep_last_run_age_seconds < 0 or > 300`.
    yield _gauge(
        "casework_sweep_last_run_age_seconds",
        "Seconds since the deadline sweep last finished (-1: never)",
        (now - sweep.at).total_seconds() if sweep else -1.0,
    )
    yield _gauge(
        "casework_sweep_last_duration_seconds",
        "Duration of the last deadline sweep",
        sweep.duration if sweep and sweep.duration is not None else 0.0,
    )


def _audit() -> Iterator[Metric]:
    from casework.audit.models import AuditEvent

    head = AuditEvent.objects.aggregate(n=Count("pk"), head=Max("seq"))
    yield _gauge("casework_audit_chain_length", "Events in the audit chain", head["n"])
    yield _gauge("casework_audit_chain_head_seq", "Sequence number of the chain head", head["head"] or 0)
    checkpoint = _model("audit.AuditCheckpoint")
    if checkpoint is not None:
        last = checkpoint.objects.order_by("-created_at", "-pk").first()
        yield _gauge(
            "casework_audit_last_checkpoint_seq",
            "Chain head seq at the last signed checkpoint",
            last.seq if last else 0,
        )
    # The periodic verification (casework.audit.jobs) beats like every job: when it last ran, and
    # its outcome when the job hands back a result with `ok` (a VerificationResult).
    verified = Heartbeat.objects.filter(name=AUDIT_VERIFY_JOB).first()
    if verified is not None:
        yield _gauge(
            "casework_audit_last_verification_age_seconds",
            "Seconds since the audit chain was last verified",
            (clock.now() - verified.at).total_seconds(),
        )
        ok = heartbeat_outcome(verified)
        if ok is not None:
            yield _gauge("casework_audit_last_verification_ok", "1 if the last chain verification held", float(ok))


def _system_health() -> Iterator[Metric]:
    from casework.ops.system_health import system_health_report

    _ok, checks = system_health_report()
    family = GaugeMetricFamily(
        "casework_system_check_ok", "1 if the system-health check passes (GET /health/system)", labels=["check"]
    )
    for name, result in checks.items():
        family.add_metric([name], float(bool(result["ok"])))
    yield family


SOURCES = (_cases, _deadlines, _escalations, _flags, _outbox, _intake_queue, _jobs, _audit, _system_health)


class DomainCollector:
    """Collected once per scrape. A failing source is logged and skipped; the others still report."""

    def collect(self) -> Iterator[Metric]:
        failures = 0
        for source in SOURCES:
            try:
                yield from list(source())
            except Exception:  # noqa: BLE001 - one broken query must not blank the whole page
                failures += 1
                log.warning("metrics source %s failed", source.__name__, exc_info=True)
        yield _gauge("casework_metrics_source_failures", "Domain metric sources that failed in this scrape", failures)


def metrics_exposition() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_registry = CollectorRegistry()
        MultiProcessCollector(process_registry)
    else:
        process_registry = REGISTRY
    domain_registry = CollectorRegistry()
    domain_registry.register(DomainCollector())
    return generate_latest(process_registry) + generate_latest(domain_registry), CONTENT_TYPE_LATEST
