from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casework.audit"
    label = "audit"
    verbose_name = "Nhật ký kiểm toán"
