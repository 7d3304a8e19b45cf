from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casework.audit"
    label = "audit"
    verbose_name = "Nhật ký kiểm toán"

    def ready(self) -> None:
        from casework.audit import labels, logins

        logins.connect()
        labels.register_builtin_labels()
