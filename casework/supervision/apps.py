from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "casework.supervision"
    label = "supervision"
    verbose_name = _("Giám sát")

    def ready(self) -> None:
        from casework.supervision.labels import register_labels

        register_labels()
