"""Reads about attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from casework.audit.services import target_ref
from casework.files.access import attachment_can_download
from casework.files.models import Attachment


def attachments_for(*, target: Model | tuple[str, Any]) -> QuerySet[Attachment]:
    """The attachments of one target, oldest first. The caller has already scoped the target."""
    target_type, target_id = target_ref(target)
    return Attachment.objects.filter(target_type=target_type, target_id=target_id).select_related("unit", "uploaded_by")


def attachments_about(about: Q) -> QuerySet:
    """The attachments whose target matches `about` (a Q over target_type, target_id), as text ids
    (casework.cases.recusal.register_records_about)."""
    return Attachment.objects.filter(about).annotate(ref=Cast("pk", CharField())).values("ref")


def attachment_get_for_download(*, user: Any, pk: int) -> Attachment:
    """The attachment if the user may download it; 404 otherwise, so its existence is not revealed."""
    attachment = Attachment.objects.select_related("unit").filter(pk=pk).first()
    # Identity-bearing files are sealed: only their target app opens them, with a reason, audited.
    if attachment is None or attachment.identifying or not attachment_can_download(user=user, attachment=attachment):
        raise Http404
    return attachment
