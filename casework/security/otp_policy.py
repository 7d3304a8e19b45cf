"""Who must pass a second factor (TOTP) before reaching any page.

Leadership (BTV/BCH members) and administrators must; anyone else may opt in, and once they
have a confirmed device it is asked for at every login too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_otp import devices_for_user

from casework.org.models import LEADERSHIP_ROLES, Role
from casework.org.selectors import user_roots

OTP_REQUIRED_ROLES = (*LEADERSHIP_ROLES, Role.ADMIN)


def otp_enforced() -> bool:
    """Off only where tests log users in with force_login and are not about the second factor."""
    return bool(getattr(settings, "OTP_ENFORCED", True))


def otp_required_for(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(user_roots(user=user, roles=OTP_REQUIRED_ROLES))


def otp_has_device(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))
