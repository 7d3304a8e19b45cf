"""Per-address counters for the public pages (Django cache: locmem locally, Redis in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from casework import clock

# (requests, seconds) per client address; settings may override.
DEFAULT_RATES = {"public_submit": (5, 3600), "public_status": (20, 3600)}


def client_ip(request: HttpRequest) -> str:
    # Only REMOTE_ADDR: a client-supplied X-Forwarded-For would let anyone reset their budget.
    # Behind a proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
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
