"""API token authentication that respects the second-factor rule.

A token is obtained with a password alone, so for users who must (or chose to) pass TOTP a
token would be a way around it: their tokens are refused. They use the API through their
verified browser session instead.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from casework.security.otp_policy import otp_enforced, otp_has_device, otp_required_for

TOKEN_REFUSED = "Tài khoản này phải xác thực hai lớp: không dùng được token API, hãy đăng nhập bằng phiên trình duyệt."


class OTPAwareTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if otp_enforced() and (otp_required_for(user) or otp_has_device(user)):
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return user, token
