"""Reads for the leadership queue and the home page, all scoped to the user's units."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from casework.org.models import LEADERSHIP_ROLES
from casework.org.selectors import scope_q
from workflows.models import Escalation


def escalation_list_for_user(*, user: Any) -> QuerySet[Escalation]:
    """Escalations whose deciding level lies in a unit where the user sits in BTV/BCH (or below it)."""
    return (
        Escalation.objects.filter(scope_q(user=user, roles=LEADERSHIP_ROLES, prefix="level__"))
        .select_related("unit", "level", "raised_by", "decided_by", "deadline")
        .order_by("created_at")
    )


def escalation_list_pending(*, user: Any) -> QuerySet[Escalation]:
    return escalation_list_for_user(user=user).filter(status=Escalation.Status.PENDING)


def escalation_get_for_user(*, user: Any, pk: int) -> Escalation:
    try:
        return escalation_list_for_user(user=user).get(pk=pk)
    except Escalation.DoesNotExist as exc:
        raise Http404 from exc
