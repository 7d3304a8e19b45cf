"""API token authentication that respects the second-factor rule.

A token is obtained with a password alone, so for users who must (or chose to) pass TOTP a
token would be a way around it: their tokens are refused. They use the API through their
verified browser session instead.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from casework.org.selectors import assignments_read, token_assignments
from casework.security.otp_policy import otp_device_exists, otp_enforced, otp_required_for
from core import clock

TOKEN_REFUSED = "Tài khoản này phải xác thực hai lớp: không dùng được token API, hãy đăng nhập bằng phiên trình duyệt."


def _token(key: str, *, otp: bool) -> QuerySet[Token]:
    tokens = Token.objects.select_related("user").filter(key=key)
    return tokens.annotate(otp_device=otp_device_exists("user_id")) if otp else tokens


class OTPAwareTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # TokenAuthentication's own checks and messages. One read gives the token, its user, the
        # user's roles today (the second-factor rule and the request's scope checks need them) and
        # whether the user has a confirmed device; a user holding no role today is read by the token.
        enforced = otp_enforced()
        day = clock.today()
        rows = token_assignments(key=key, day=day)
        assignments = list(rows.annotate(otp_device=otp_device_exists("user_id")) if enforced else rows)
        if assignments:
            token, device = assignments[0].user.auth_token, getattr(assignments[0], "otp_device", False)
        else:
            try:
                token = _token(key, otp=enforced).get()
            except Token.DoesNotExist:
                raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
            device = getattr(token, "otp_device", False)
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if assignments:
            assignments_read(user=user, day=day, assignments=assignments)
        if enforced and (device or otp_required_for(user)):
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return user, token
