"""Who may download an attachment.

The attachment's unit must be visible to the user; a target app may add a stricter check
(e.g. only the resolving officer sees a denunciation's identity documents):

    register_access_check("cases.case", lambda user, attachment: ...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casework.org.selectors import unit_is_visible

AccessCheck = Callable[[Any, Any], bool]

_checks: dict[str, list[AccessCheck]] = {}


def register_access_check(target_type: str, fn: AccessCheck) -> None:
    """Add a check for attachments of `target_type` ("app_label.model_name"); all must pass."""
    registered = _checks.setdefault(target_type, [])
    if fn not in registered:
        registered.append(fn)


def access_checks_for(target_type: str) -> list[AccessCheck]:
    return list(_checks.get(target_type, []))


def attachment_can_download(*, user: Any, attachment: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not unit_is_visible(user=user, unit=attachment.unit):
        return False
    return all(check(user, attachment) for check in access_checks_for(attachment.target_type))
