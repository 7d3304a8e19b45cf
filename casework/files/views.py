"""Serving attachments: only through this permission-checked view, never from a public URL."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from casework.audit.services import audit_record_standalone
from casework.files.selectors import attachment_get_for_download


@require_GET
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = attachment_get_for_download(user=request.user, pk=pk)
    if not attachment.file:  # erased at the end of its retention period
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit_record_standalone(
        actor=request.user,
        action="file.download",
        target=attachment,
        unit=attachment.unit,
        after={"target": f"{attachment.target_type}:{attachment.target_id}", "sha256": attachment.sha256},
    )
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    # Always a download, never rendered inline: an uploaded HTML/SVG cannot run in our origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
