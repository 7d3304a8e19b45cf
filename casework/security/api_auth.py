"""API token authentication that respects the second-factor rule.

A token is obtained with a password alone, so for users who must (or chose to) pass TOTP a
token would be a way around it: their tokens are refused. They use the API through their
verified browser session instead.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from casework.compiled import CompiledQuery
from casework.security.otp_policy import otp_enforced, otp_has_device, otp_required_for

TOKEN_REFUSED = "Tài khoản này phải xác thực hai lớp: không dùng được token API, hãy đăng nhập bằng phiên trình duyệt."


# Every API request looks its token up: compiled once per process, not per request (~0.5 ms).
_TOKEN = CompiledQuery(lambda key: Token.objects.select_related("user").filter(key=key), text_args=(0,))


class OTPAwareTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # TokenAuthentication's own checks and messages, on the compiled lookup.
        token = _TOKEN.first(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if otp_enforced() and (otp_required_for(user) or otp_has_device(user)):
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return user, token
