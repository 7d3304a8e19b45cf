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

from casework.security.otp_policy import otp_device_exists, otp_enforced, otp_required_for

TOKEN_REFUSED = "Tài khoản này phải xác thực hai lớp: không dùng được token API, hãy đăng nhập bằng phiên trình duyệt."


def _token(key: str, *, otp: bool) -> QuerySet[Token]:
    tokens = Token.objects.select_related("user").filter(key=key)
    # With the second factor enforced, the same query tells whether the user has a confirmed device;
    # the roles come from the request's assignments (org.role_cache), which its scope checks read anyway.
    return tokens.annotate(otp_device=otp_device_exists("user_id")) if otp else tokens


class OTPAwareTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # TokenAuthentication's own checks and messages, on a lookup that also answers the device question.
        enforced = otp_enforced()
        token = _token(key, otp=enforced).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if enforced and (token.otp_device or otp_required_for(user)):
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return user, token
