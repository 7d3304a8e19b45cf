"""Who must pass a second factor (TOTP) before reaching any page.

Leadership (BTV/BCH members), data protection officers and administrators must; anyone else may
opt in, and once they have a confirmed device it is asked for at every login too.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django_otp import device_classes, devices_for_user

from casework.org.models import LEADERSHIP_ROLES, Role
from casework.org.selectors import user_roots

# The data protection officer reads the requesters' sealed particulars (name, identifiers, what they asked)
# as the administrator does: a password alone does not open them, for either.
OTP_REQUIRED_ROLES = (*LEADERSHIP_ROLES, Role.DATA_PROTECTION, Role.ADMIN)


def otp_enforced() -> bool:
    """Off only where tests log users in with force_login and are not about the second factor."""
    return bool(getattr(settings, "OTP_ENFORCED", True))


# Set in the session when the identity provider asserted a second factor for this sign-in
# (casework/security/oidc.py): the TOTP gate then has nothing more to ask.
IDP_SECOND_FACTOR_SESSION_KEY = "casework_idp_second_factor"


def second_factor_passed(request: Any) -> bool:
    """TOTP verified in this session, or a second factor asserted by the identity provider."""
    return request.user.is_verified() or request.session.get(IDP_SECOND_FACTOR_SESSION_KEY) is True


def otp_required_for(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return _account_bound(user) or bool(user_roots(user=user, roles=OTP_REQUIRED_ROLES))


def otp_has_device(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def _account_bound(user: Any) -> bool:
    return user.is_superuser or user.is_staff


# The device question as SQL, for a query that reads the user anyway (the API token lookup, the
# session's user): one round trip fewer. `user` is the column holding the user's id in that query.
def otp_device_exists(user: str) -> Exists | ExpressionWrapper | Value:
    """A confirmed device of any installed kind, as `otp_has_device` (devices_for_user) finds it."""
    kinds = [Exists(model.objects.filter(user=OuterRef(user), confirmed=True)) for model in device_classes()]
    if not kinds:
        return Value(False)
    if len(kinds) == 1:
        return kinds[0]  # one kind installed (TOTP): its EXISTS as it is, with nothing to combine
    return ExpressionWrapper(functools.reduce(operator.or_, (Q(k) for k in kinds)), output_field=BooleanField())
