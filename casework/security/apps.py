from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Accounts hardening: second factor, lockout auditing, scope-to-404 handling. No models of its own."""

    name = "casework.security"
    label = "security"
    verbose_name = "Bảo mật tài khoản"

    def ready(self) -> None:
        from casework.security import signals  # noqa: F401
