"""Request-wide security rules: the second factor gate, and what a service refusal escaping a view answers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from casework.api.exceptions import not_found_detail
from casework.edge_errors import error_response
from casework.security.otp_policy import otp_enforced, otp_has_device, otp_required_for, second_factor_passed
from core.errors import ApplicationError, ConcurrentChange, OutOfScope, TransitionNotAllowed


class OTPRequiredMiddleware:
    """After a password login, users who must (or chose to) use TOTP see nothing else until verified.

    Runs after django_otp's OTPMiddleware, which provides `request.user.is_verified()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and otp_enforced()
            and not second_factor_passed(request)
            and not self._exempt(request.path_info)
        ):
            # Read with the user (casework/security/backends.py); asked here for a session of another backend.
            has_device = getattr(user, "otp_device_confirmed", None)
            if has_device is None:
                has_device = otp_has_device(user)
            if has_device or otp_required_for(user):
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {
                            "detail": gettext("Cần xác thực hai lớp (mã TOTP) trước khi tiếp tục."),
                            "code": "otp_required",
                        },
                        status=403,
                    )
                target = reverse("security:otp_verify" if has_device else "security:otp_setup")
                return redirect_to_login(request.get_full_path(), target, "next")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        prefixes = ["/account/otp/", "/i18n/", "/" + settings.STATIC_URL.lstrip("/")]
        for name in ("login", "logout"):
            try:
                prefixes.append(reverse(name))
            except NoReverseMatch:
                pass
        return any(path.startswith(p) for p in prefixes)


class ServiceErrorMiddleware:
    """A service's refusal that escapes a view never answers 500: `OutOfScope` answers 404 (JSON
    under /api/), never 403; any other application error (a date or step no deadline policy
    covers, a refused transition, a conflict) answers with its message, 409 for a transition or a
    conflict and 400 otherwise. Views that can show the refusal on their own page catch it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OutOfScope):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": not_found_detail(), "code": "not_found"}, status=404)
            from casework.web.views import page_not_found

            return page_not_found(request, exception)
        if isinstance(exception, ApplicationError):
            status = 409 if isinstance(exception, ConcurrentChange | TransitionNotAllowed) else 400
            return error_response(request, status, exception.code, exception.message)
        return None
