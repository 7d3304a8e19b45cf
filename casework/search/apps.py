from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "casework.search"
    label = "search"
    verbose_name = _("Tìm kiếm")
    default_auto_field = "django.db.models.BigAutoField"
