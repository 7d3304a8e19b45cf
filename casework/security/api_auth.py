"""API token authentication that respects the second-factor rule.

A token is obtained with a password alone, so for users who must (or chose to) pass TOTP a
token would be a way around it: their tokens are refused. They use the API through their
verified browser session instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from casework.security.otp_policy import otp_bound, otp_device_exists, otp_enforced, otp_role_exists
from core import clock

TOKEN_REFUSED = "Tài khoản này phải xác thực hai lớp: không dùng được token API, hãy đăng nhập bằng phiên trình duyệt."


def _token(key: str, *, day: dt.date | None) -> QuerySet[Token]:
    tokens = Token.objects.select_related("user").filter(key=key)
    if day is None:
        return tokens
    # With the second factor enforced, the same query tells whether the user is bound to it:
    # asked one by one, the roles and the devices would be two more round trips per request.
    return tokens.annotate(otp_role=otp_role_exists("user_id", day), otp_device=otp_device_exists("user_id"))


class OTPAwareTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # TokenAuthentication's own checks and messages, on a lookup that also answers the OTP questions.
        enforced = otp_enforced()
        token = _token(key, day=clock.today() if enforced else None).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if enforced and otp_bound(user, holds_required_role=token.otp_role, has_device=token.otp_device):
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return user, token
