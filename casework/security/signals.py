"""Audit lockouts. Logins and failed logins are audited by casework/audit/logins.py;
the OTP views audit second-factor events."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.dispatch import receiver

from casework.audit.services import audit_record_standalone


def _user_by_name(username: str | None) -> Any:
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_locked_out)
def audit_lockout(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    user = _user_by_name(username)
    audit_record_standalone(
        actor=None,
        action="account.lockout",
        target=("org.user", user.pk if user else (username or "")[:64]),
        after={"username": (username or "")[:150], "ip": ip_address or ""},
    )
