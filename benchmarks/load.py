"""The load generator of api_intake_vs_bare, run as a second process:

    python -m benchmarks.load PORT PATH CONCURRENCY COUNT SECONDS [HEADER=VALUE ...] < body.json

Each of CONCURRENCY threads keeps one HTTP/1.1 connection (reopened if the server closes it) and
POSTs the body until COUNT requests in all are done or SECONDS have passed. Prints one JSON line:
{"ok": n, "errors": n, "seconds": s, "statuses": {...}}.
"""

from __future__ import annotations

import http.client
import itertools
import json
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor


def main(argv: list[str]) -> int:
    port, path, concurrency, count, seconds = int(argv[0]), argv[1], int(argv[2]), int(argv[3]), float(argv[4])
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    headers.update(dict(h.split("=", 1) for h in argv[5:]))
    template = sys.stdin.read()
    tickets = itertools.count()
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local: Counter[int] = Counter()
        while time.monotonic() < deadline:
            n = next(tickets)
            if n >= count:
                break
            body = template.replace("{n}", str(n)).encode()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                local[response.status] += 1
            except (OSError, http.client.HTTPException):
                local[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            statuses.update(local)

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    elapsed = time.monotonic() - started
    ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
    print(json.dumps({"ok": ok, "errors": sum(statuses.values()) - ok, "seconds": elapsed, "statuses": statuses}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
