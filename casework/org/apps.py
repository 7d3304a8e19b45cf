from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "casework.org"
    label = "org"
    verbose_name = "Tổ chức, người dùng và vai trò"
