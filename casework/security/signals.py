"""Audit the account events that matter to security: lockouts and failed logins.

Successful logins are not audited here: test clients log in thousands of times and the chain
would fill with noise; the OTP views audit second-factor events.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
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


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    username = (credentials or {}).get("username") or ""
    user = _user_by_name(username)
    audit_record_standalone(
        actor=None,
        action="account.login_failed",
        target=("org.user", user.pk if user else username[:64]),
        after={"username": username[:150]},
    )
