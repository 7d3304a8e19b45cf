from __future__ import annotations

from django.db.models import Q, QuerySet

from casework.audit.models import AuditEvent
from casework.org.models import Role
from casework.org.selectors import scope_q


def audit_event_list(*, user, roles=(Role.AUDITOR, Role.ADMIN)) -> QuerySet[AuditEvent]:  # noqa: ANN001
    """Events of units the user may audit, newest first."""
    q = scope_q(user=user, roles=roles, prefix="unit__")
    if not user.is_superuser:
        q &= Q(unit__isnull=False)
    return AuditEvent.objects.filter(q).select_related("actor", "unit").order_by("-seq")


def audit_events_for(*, target_type: str, target_id) -> QuerySet[AuditEvent]:  # noqa: ANN001
    return AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id)).order_by("seq")
