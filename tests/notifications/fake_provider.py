"""A fake SMS / Zalo provider on 127.0.0.1: http.server in a thread, told how to answer.

Like the real gateways it remembers the idempotency keys it has accepted: a request with a key
it has already delivered is answered as a success and not delivered again.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACCEPT, REFUSE, ERROR, HANG, SLOW, ACCEPT_THEN_HANG = "accept", "refuse", "error", "hang", "slow", "accept_then_hang"


@dataclass
class FakeProvider:
    style: str  # "sms": HTTP status says it all; "zalo": HTTP 200 with {"error": code}
    mode: str = ACCEPT
    requests: list[dict] = field(default_factory=list)
    delivered: dict[str, dict] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)
    slow_seconds: float = 0.2
    url: str = ""

    def texts(self) -> list[str]:
        payloads = list(self.delivered.values())
        if self.style == "zalo":
            return [p["message"]["text"] for p in payloads]
        return [p["text"] for p in payloads]


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _answer(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up waiting

        def do_POST(self) -> None:
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            key = self.headers.get("Idempotency-Key", "")
            provider.requests.append({"key": key, "payload": payload, "headers": dict(self.headers)})
            mode = provider.mode
            if mode == HANG:
                provider.release.wait(10)
                return self._answer(503, {"error": "gave up"})
            if mode == ERROR:
                return self._answer(500, {"error": "internal"})
            if mode == REFUSE:
                if provider.style == "zalo":
                    return self._answer(200, {"error": -213, "message": "User has not followed the OA"})
                return self._answer(400, {"error": "invalid recipient"})
            if mode == SLOW:
                provider.release.wait(provider.slow_seconds)
            provider.delivered.setdefault(key, payload)  # a key already seen is not delivered again
            if mode == ACCEPT_THEN_HANG:
                provider.release.wait(10)  # accepted, but the answer comes too late
            return self._answer(200, {"error": 0, "message": "Success", "data": {"message_id": key}})

    return Handler


class ProviderServer:
    def __init__(self, style: str) -> None:
        self.provider = FakeProvider(style=style)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        self.provider.url = f"http://{host}:{port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self.provider

    def __exit__(self, *exc) -> None:
        self.provider.release.set()
        self.server.shutdown()
        self.server.server_close()
