"""Sign-ins, failed sign-ins and sign-outs go into the audit chain (from Django's auth signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from casework.audit.services import audit_record_standalone
from casework.org.selectors import role_assignments_active

USERNAME_MAX = 150
ANONYMOUS_LABEL = "Người chưa đăng nhập"


def _home_unit(user: Any) -> Any | None:
    """The highest unit where the user holds a role: whose auditors may read the user's sign-ins."""
    assignment = role_assignments_active(user=user).order_by("unit__path").first()
    return assignment.unit if assignment else None


def _client(request: Any) -> dict:
    if request is None:
        return {}
    return {
        "ip": request.META.get("REMOTE_ADDR", ""),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record_standalone(actor=user, action="auth.login", target=user, unit=_home_unit(user), meta=_client(request))


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        return  # a sign-out without a session: nobody to record
    audit_record_standalone(actor=user, action="auth.logout", target=user, unit=_home_unit(user), meta=_client(request))


def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    """Record the attempted username only: Django already masks the password, and we never store it."""
    User = get_user_model()
    attempted = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:USERNAME_MAX]
    user = User.objects.filter(**{User.USERNAME_FIELD: attempted}).first() if attempted else None
    audit_record_standalone(
        actor=None,
        actor_label=ANONYMOUS_LABEL,
        action="auth.login_failed",
        target=user if user is not None else ("auth.username", attempted[:64]),
        unit=_home_unit(user) if user is not None else None,
        after={"username": attempted},
        meta=_client(request),
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.login_failed")
