"""api_intake_vs_bare: requests per second of the API intake versus a bare Django view inserting
one row, both served by the same gunicorn on loopback and loaded by a second process
(benchmarks/load.py). Ratio = our requests/s over the bare view's (≥ 0.5).

"Ours" is the intake API integrations are meant to use for volume, POST /api/intake/: token
auth, the letter checked with case_intake's rules, scope and role, one INSERT, 202. The letters
it queued are then registered by `intake_queue_drain` (what a worker runs), timed apart and
reported as letters per second, so the work moved out of the request stays visible. The
synchronous POST /api/cases/ (the whole registration and the case detail in the answer) is
measured in the same run and reported in the detail, with its own ratio to the bare view.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from rest_framework.authtoken.models import Token

from benchmarks.fixtures import org
from benchmarks.harness import ratio_result
from casework.cases.models import IntakeSubmission, SubmissionStatus
from casework.cases.services import intake_queue_drain
from core import clock

ROOT = Path(__file__).resolve().parent.parent
# Requests per load run (the synchronous intake, five times slower, gets a third): runs of 400
# lasted under a second for the bare view, and one stall of the VM moved its rate by a fifth.
COUNT = int(os.environ.get("BENCH_API_REQUESTS", "1200"))
# Queued letters registered to time the drain (all of them would take a minute).
DRAIN_SAMPLE = int(os.environ.get("BENCH_API_DRAIN_SAMPLE", "500"))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "20"))
CONCURRENCY = int(os.environ.get("BENCH_API_CONCURRENCY", "4"))
WORKERS = int(os.environ.get("BENCH_API_WORKERS", "2"))
# Five rounds of the three loads: a round is a few seconds, and the VM's speed drifts between them.
REPEAT = int(os.environ.get("BENCH_API_REPEAT", "5"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _load(port: int, path: str, body: str, headers: list[str], count: int = COUNT) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.load",
            str(port),
            path,
            str(CONCURRENCY),
            str(count),
            str(SECONDS),
            *headers,
        ],
        input=body,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(out.stdout)


def run():
    # The server answers on the real clock; so must the drain (earlier modules froze this process's).
    clock.set_now(None)
    sector, hospital, users = org()
    token, _ = Token.objects.get_or_create(user=users["tiepnhan"])
    intake_body = json.dumps(
        {
            "kind": "complaint",
            "channel": "letter",
            "received_on": dt.date.today().isoformat(),  # the server runs on the real clock
            "unit": sector.pk,
            "subject_unit": hospital.pk,
            "title": "Đơn số {n}",
            "content": "Nội dung đơn thư số {n} về việc chi quỹ phúc lợi không đúng quy chế.",
            "submitters": [{"full_name": "Người gửi {n}", "email": "nguoigui{n}@example.test"}],
        },
        ensure_ascii=False,
    )
    bare_body = json.dumps({"title": "Đơn số {n}", "content": "Nội dung đơn thư số {n}."}, ensure_ascii=False)
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "DEBUG": "0"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "casework.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_ready(port, server)
        auth = [f"Authorization=Token {token.key}"]
        # Warm every path in every worker (imports, URL resolving, first connections).
        for path, body, headers in (
            ("/bench/bare/", bare_body, []),
            ("/api/intake/", intake_body, auth),
            ("/api/cases/", intake_body, auth),
        ):
            _load(port, path, body, headers, count=100)
        ours_rps, bare_rps, sync_rps, statuses = [], [], [], {}
        for _ in range(REPEAT):
            bare = _load(port, "/bench/bare/", bare_body, [])
            ours = _load(port, "/api/intake/", intake_body, auth)
            sync = _load(port, "/api/cases/", intake_body, auth, count=COUNT // 3)
            for name, run in (("ours", ours), ("bare", bare), ("sync", sync)):
                assert run["ok"] and not run["errors"], f"{name} requests failed: {run['statuses']}"
            bare_rps.append(bare["ok"] / bare["seconds"])
            ours_rps.append(ours["ok"] / ours["seconds"])
            sync_rps.append(sync["ok"] / sync["seconds"])
            statuses = {"ours": ours["statuses"], "bare": bare["statuses"], "sync": sync["statuses"]}
    finally:
        server.terminate()
        server.wait(timeout=30)
    drained_per_s = _drain_rate()
    ratios = [o / b for o, b in zip(ours_rps, bare_rps, strict=True)]
    ours_med, bare_med = statistics.median(ours_rps), statistics.median(bare_rps)
    sync_med = statistics.median(sync_rps)
    # Seconds per request on each side, so the harness' rate ratio is our req/s over the bare view's.
    return ratio_result(
        "api_intake_vs_bare",
        f"API intake (POST /api/intake/, 202) req/s vs a bare view inserting one row "
        f"(gunicorn {WORKERS} workers, {CONCURRENCY} clients)",
        1 / ours_med,
        1 / bare_med,
        max(ratios) - min(ratios),
        target=0.5,
        higher_is_better=True,
        rate=True,
        detail={
            "ours_req_per_s": round(ours_med, 1),
            "bare_req_per_s": round(bare_med, 1),
            # The queued letters registered afterwards by one worker (case_intake each, in-process).
            "registered_per_s_one_worker": round(drained_per_s, 1),
            # The synchronous intake POST /api/cases/ under the same load, for comparison.
            "sync_req_per_s": round(sync_med, 1),
            "sync_ratio": round(sync_med / bare_med, 3),
            "requests_per_run": COUNT,
            "drain_sample": DRAIN_SAMPLE,
            "last_statuses": statuses,
        },
    )


def _drain_rate() -> float:
    """Letters registered per second by one in-process worker, over a sample of what the load
    runs queued (oldest first, as a worker takes them)."""
    sample = min(IntakeSubmission.objects.filter(status=SubmissionStatus.QUEUED).count(), DRAIN_SAMPLE)
    connection.close()  # a fresh connection, as a worker would have
    started = time.perf_counter()
    counts = intake_queue_drain(limit=sample)
    elapsed = time.perf_counter() - started
    assert counts["registered"] == sample, counts
    return sample / elapsed
