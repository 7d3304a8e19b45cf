from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "casework.papers"
    label = "papers"
    verbose_name = _("Văn bản đi, văn bản đến")
