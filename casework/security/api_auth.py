"""API token authentication that respects the second-factor rule.

A token is obtained with a password alone, so for users who must (or chose to) pass TOTP a
token would be a way around it: their tokens are refused. They use the API through their
verified browser session instead.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token

from casework.edge_errors import csrf_message
from casework.org.models import RoleAssignmentQuerySet
from casework.org.selectors import assignments_read, token_assignment_rows, token_assignments
from casework.security.otp_policy import otp_device_exists, otp_enforced, otp_required_for
from core import clock


class TokenQueries:
    """The two queries of a token's authentication, built once per process and narrowed for each
    request, as a view's `queryset` is in DRF: narrowing a queryset returns a new one, and only
    that one is read. Building them (the joins, the device question) cost a third of the read.
    They hold no rows and no answer: each request reads the token, the roles and the devices anew."""

    def __init__(self) -> None:
        self.built: dict[bool, tuple[RoleAssignmentQuerySet, QuerySet[Token]]] = {}

    def reset(self) -> None:
        self.built.clear()

    def __call__(self, *, otp: bool) -> tuple[RoleAssignmentQuerySet, QuerySet[Token]]:
        """(the user's assignments with the token, the token alone), both with `otp_device`
        (a confirmed device) when `otp`."""
        if otp not in self.built:
            rows, tokens = token_assignment_rows(), Token.objects.select_related("user")
            if otp:
                device = otp_device_exists("user_id")
                rows, tokens = rows.annotate(otp_device=device), tokens.annotate(otp_device=device)
            self.built[otp] = rows, tokens
        return self.built[otp]


token_queries = TokenQueries()


class OTPAwareTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # TokenAuthentication's own checks and messages. One read gives the token, its user, the
        # user's roles today (the second-factor rule and the request's scope checks need them) and
        # whether the user has a confirmed device; a user holding no role today is read by the token.
        enforced = otp_enforced()
        day = clock.today()
        rows, tokens = token_queries(otp=enforced)
        assignments = list(token_assignments(key=key, day=day, rows=rows))
        if assignments:
            token, device = assignments[0].user.auth_token, getattr(assignments[0], "otp_device", False)
        else:
            try:
                token = tokens.get(key=key)
            except Token.DoesNotExist:
                raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
            device = getattr(token, "otp_device", False)
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if assignments:
            assignments_read(user=user, day=day, assignments=assignments)
        if enforced and (device or otp_required_for(user)):
            raise exceptions.AuthenticationFailed(
                _(
                    "Tài khoản này phải xác thực hai lớp: không dùng được token API, "
                    "hãy đăng nhập bằng phiên trình duyệt."
                )
            )
        return user, token


class CsrfSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing a call without its CSRF token in the words the pages
    use (DRF's own refusal is in English) and with its own code, `csrf_failed`."""

    def enforce_csrf(self, request: Any) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(csrf_message(), code="csrf_failed") from exc


class CsrfSessionScheme(SessionScheme):
    """The OpenAPI schema's cookie authentication, as for DRF's session authentication."""

    target_class = "casework.security.api_auth.CsrfSessionAuthentication"
