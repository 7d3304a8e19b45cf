from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casework.audit"
    label = "audit"
    verbose_name = "Nhật ký kiểm toán"

    def ready(self) -> None:
        from casework.audit import home, labels, logins
        from casework.web.home import register_home_section

        logins.connect()
        labels.register_builtin_labels()
        register_home_section(home.audit_home_section)
