"""A small OpenID Connect provider on 127.0.0.1 for tests: discovery, token, userinfo and JWKS.

Its RSA key is made when it starts; `grant(code, claims)` says who the next sign-in with that
code is. ID tokens are signed RS256 with the key's `kid`, carrying the nonce the test copies from
the authorisation redirect.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "casework"
KID = "test-key-1"


class OIDCProvider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.grants: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        self.issuer = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def grant(self, code: str, *, id_claims: dict, userinfo: dict | None = None) -> None:
        self.grants[code] = {"id": id_claims, "userinfo": userinfo}

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def id_token(self, claims: dict) -> str:
        now = int(time.time())
        body = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **claims}
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": KID})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _json(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = urllib.parse.urlparse(self.path).path
                if path == "/.well-known/openid-configuration":
                    return self._json(200, provider.discovery())
                if path == "/jwks":
                    jwk = json.loads(RSAAlgorithm.to_jwk(provider.key.public_key()))
                    return self._json(200, {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
                if path == "/userinfo":
                    code = self.headers.get("Authorization", "").removeprefix("Bearer at-")
                    grant = provider.grants.get(code)
                    if grant is None:
                        return self._json(401, {"error": "invalid_token"})
                    return self._json(200, grant["userinfo"] or grant["id"])
                return self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                fields = {k: v[0] for k, v in form.items()}
                provider.token_requests.append(fields)
                grant = provider.grants.get(fields.get("code", ""))
                if grant is None or fields.get("client_id") != CLIENT_ID:
                    return self._json(400, {"error": "invalid_grant"})
                id_claims = dict(grant["id"])
                return self._json(
                    200,
                    {
                        "access_token": f"at-{fields['code']}",
                        "token_type": "Bearer",
                        "id_token": id_claims.pop("_raw_id_token", None) or provider.id_token(id_claims),
                    },
                )

        return Handler

    def __enter__(self) -> OIDCProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
