"""Optional sign-in with the federation's accounts (OpenID Connect, mozilla-django-oidc).

1. The provider's ID token is verified (signature against its JWKS, nonce by the library; issuer
   and audience here, which the library leaves unchecked).
2. The provider's user is mapped to a local account: through its OIDCLink (issuer + `sub`), or
   at the first sign-in through the `email` claim (only when `email_verified` is true) matching
   exactly one local account; that link is then recorded. No local account is ever created:
   roles, units and scope stay in this system.
3. A disabled local account is refused, as with a password.
4. The second factor: leaders, data protection officers and administrators still pass TOTP here unless the ID token
   asserts a second factor (`amr` holding one of OIDC_MFA_AMR, or `acr` in OIDC_MFA_ACR); that
   assertion is kept in the session for the gate (casework/security/middleware.py).

Every link, sign-in refusal and second-factor assertion is an audit event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from casework.audit.services import audit_record, audit_record_standalone
from casework.security.backends import UserBackend
from casework.security.models import OIDCLink
from casework.security.otp_policy import IDP_SECOND_FACTOR_SESSION_KEY
from core import clock


def second_factor_asserted(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(settings.OIDC_MFA_AMR)) or claims.get("acr", "") in settings.OIDC_MFA_ACR


def _refuse(reason: str, claims: dict) -> None:
    audit_record_standalone(
        actor=None,
        action="account.oidc_refused",
        target=("oidc.subject", str(claims.get("sub", ""))[:64]),
        after={"issuer": claims.get("iss", ""), "reason": reason},
    )


class FederationOIDCBackend(OIDCAuthenticationBackend):
    """Maps the provider's user to a local account; never creates one."""

    def verify_token(self, token: str, **kwargs: Any) -> dict:
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_OP_ISSUER or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token issued by another provider or for another client")
        self.id_claims = payload
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> Any:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        claims = {**userinfo, "iss": payload["iss"], "amr": payload.get("amr"), "acr": payload.get("acr", "")}
        user = self._linked_user(claims)
        if user is None:
            return None
        if not self.user_can_authenticate(user):
            _refuse("account_disabled", claims)
            return None
        user.idp_second_factor = second_factor_asserted(claims)
        return user

    def _linked_user(self, claims: dict) -> Any:
        link = OIDCLink.objects.select_related("user").filter(issuer=claims["iss"], subject=claims["sub"]).first()
        if link is not None:
            OIDCLink.objects.filter(pk=link.pk).update(last_login_at=clock.now())
            return link.user
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is not True:
            _refuse("email_not_verified", claims)
            return None
        matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if len(matches) != 1:
            _refuse("no_account" if not matches else "several_accounts", claims)
            return None
        user = matches[0]
        if not self.user_can_authenticate(user):
            _refuse("account_disabled", claims)
            return None
        try:
            with transaction.atomic():
                OIDCLink.objects.create(
                    user=user,
                    issuer=claims["iss"],
                    subject=claims["sub"],
                    linked_at=clock.now(),
                    last_login_at=clock.now(),
                )
                audit_record(actor=user, action="account.oidc_link", target=user, after={"issuer": claims["iss"]})
        except IntegrityError:
            # The account is already linked to another subject of this provider: an administrator decides.
            _refuse("account_linked_elsewhere", claims)
            return None
        return user

    def get_user(self, user_id: Any) -> Any:
        # The same loading as a password session (active accounts only, the gate's answer with the row).
        return UserBackend().get_user(user_id)


class FederationLoginView(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


class FederationCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        asserted = bool(getattr(self.user, "idp_second_factor", False))
        self.request.session[IDP_SECOND_FACTOR_SESSION_KEY] = asserted
        if asserted:
            audit_record_standalone(actor=self.user, action="account.oidc_second_factor", target=self.user)
        return response

    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_URL)

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _("Không đăng nhập được bằng tài khoản Liên đoàn: tài khoản chưa được liên kết hoặc đã bị khóa."),
        )
        return super().login_failure()
