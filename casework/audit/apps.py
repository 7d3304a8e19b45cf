from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "casework.audit"
    label = "audit"
    verbose_name = _("Nhật ký kiểm toán")

    def ready(self) -> None:
        from casework.audit import home, labels, logins
        from casework.web.home import register_home_section

        logins.connect()
        labels.register_builtin_labels()
        register_home_section(home.audit_home_section)
