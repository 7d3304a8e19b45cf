"""The periodic chain check: verify, and tell administrators once per broken state."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from casework.audit.verification import VerificationResult, audit_chain_verify
from casework.org.models import Role, RoleAssignment, User
from core import clock


def administrators() -> QuerySet[User]:
    admins = RoleAssignment.objects.active_on(clock.today()).filter(role=Role.ADMIN)
    return User.objects.filter(Q(roles__in=admins) | Q(is_superuser=True), is_active=True).distinct()


def audit_verify_periodic() -> str:
    """Run by the scheduler (casework/web/schedule.py). Returns a one-line summary."""
    from notifications.services import notify

    result: VerificationResult = audit_chain_verify()
    if result.ok:
        return result.summary()
    # Same broken link on the next run → same key → notify() sends nothing new.
    state = result.first_break.state_key if result.first_break else "|".join(result.problems)
    with transaction.atomic():
        notify(
            users=list(administrators()),
            title=gettext_lazy("Cảnh báo: chuỗi nhật ký kiểm toán bị phá vỡ"),
            body=result.summary,  # rendered in the site's language, as the title
            url=reverse("audit:search"),
            key=f"audit-chain-broken:{state}",
        )
    return result.summary()
