"""Per-address counters for the public pages (Django cache: locmem locally, Redis in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core import clock

# (requests, seconds) per client address; settings may override.
DEFAULT_RATES = {"public_submit": (5, 3600), "public_status": (20, 3600), "public_evidence": (5, 3600)}


def client_ip(request: HttpRequest) -> str:
    """The client's address. X-Forwarded-For is read only as far as the configured proxies
    (AXES_PROXY_COUNT, as for the login lockout): a client could forge the rest and reset
    its budget with every request."""
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def throttle_allow(request: HttpRequest, scope: str) -> bool:
    """Count this request; False once the address has used up its budget for the window."""
    limit, window = getattr(settings, "CASES_PUBLIC_RATES", {}).get(scope, DEFAULT_RATES[scope])
    bucket = int(clock.now().timestamp()) // window
    key = f"cases:throttle:{scope}:{client_ip(request)}:{bucket}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
