"""Audit pages: search for auditors, and the readable timeline of one target."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from casework.audit import selectors
from casework.audit.checkpoints import CheckpointData
from casework.audit.models import AuditCheckpoint, AuditEvent
from casework.audit.references import object_reference, object_references
from casework.audit.verification import audit_chain_verify
from casework.org.selectors import user_has_role
from core.errors import OutOfScope, ValidationFailed
from core.reading import page_reading

PAGE_SIZE = 50


@login_required
def audit_search(request: HttpRequest) -> HttpResponse:
    if not user_has_role(user=request.user, roles=selectors.AUDIT_ROLES):
        raise PermissionDenied
    filters = selectors.AuditSearchFilters(
        **{name: request.GET.get(name, "")[:200] for name in selectors.AuditSearchFilters.__dataclass_fields__}
    )
    errors: dict = {}
    try:
        events = selectors.audit_event_search(user=request.user, filters=filters)
    except ValidationFailed as exc:
        errors = exc.fields
        events = AuditEvent.objects.none()
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in vars(filters).items() if v})
    targets = object_references((e.target_type, e.target_id) for e in page_obj)
    rows = [(e, targets[(e.target_type, e.target_id)]) for e in page_obj]
    context = {"filters": filters, "errors": errors, "page_obj": page_obj, "rows": rows, "query": query}
    return render(request, "audit/search.html", context, status=400 if errors else 200)


@login_required
def audit_timeline(request: HttpRequest, target_type: str, target_id: str) -> HttpResponse:
    try:
        events = selectors.audit_timeline(user=request.user, target_type=target_type, target_id=target_id)
    except OutOfScope as exc:
        raise Http404(exc.message) from exc
    with page_reading():  # each object named and each case's key read once for the page
        context = {
            "events": events,
            "target": object_reference(target_type, target_id),
            "target_type": target_type,
            "target_id": target_id,
        }
        return render(request, "audit/timeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def audit_verify(request: HttpRequest) -> HttpResponse:
    """Auditors recompute the chain on demand (POST), against the latest signed checkpoint."""
    if not user_has_role(user=request.user, roles=selectors.AUDIT_ROLES):
        raise PermissionDenied
    latest = AuditCheckpoint.objects.order_by("-created_at", "-pk").first()
    result = None
    if request.method == "POST":
        result = audit_chain_verify(checkpoint=CheckpointData.from_model(latest) if latest else None)
    return render(request, "audit/verify.html", {"latest": latest, "result": result})
