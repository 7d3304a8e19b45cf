"""Health, readiness, system health and metrics endpoints: anonymous unless METRICS_TOKEN is set for the
last two; states and counts only, no record revealed."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from casework.ops.metrics import metrics_exposition
from casework.ops.readiness import readiness_report
from casework.ops.system_health import system_health_report


def _token_refused(request: HttpRequest) -> HttpResponse | None:
    """With METRICS_TOKEN set, the monitoring endpoints ask for `Authorization: Bearer <token>`."""
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return None
    header = request.META.get("HTTP_AUTHORIZATION", "")
    supplied = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if hmac.compare_digest(supplied.encode(), token.encode()):
        return None
    response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
    response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers. Touches nothing else, so a load balancer never kills a web process for a DB outage."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """This instance can serve: its database, migrations and cache (casework/ops/readiness.py)."""
    ready, checks = readiness_report()
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


@never_cache
@require_safe
def system_health(request: HttpRequest) -> HttpResponse:
    """The shared work (sweep, outbox, audit verification): for monitoring, never for a load balancer."""
    refused = _token_refused(request)
    if refused is not None:
        return refused
    healthy, checks = system_health_report()
    return JsonResponse({"status": "ok" if healthy else "degraded", "checks": checks}, status=200 if healthy else 503)


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    refused = _token_refused(request)
    if refused is not None:
        return refused
    body, content_type = metrics_exposition()
    return HttpResponse(body, content_type=content_type)
