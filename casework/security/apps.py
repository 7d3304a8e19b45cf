from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Accounts hardening: second factor, lockout auditing, scope-to-404 handling. No models of its own."""

    name = "casework.security"
    label = "security"
    verbose_name = _("Bảo mật tài khoản")

    def ready(self) -> None:
        from casework.security import signals  # noqa: F401
