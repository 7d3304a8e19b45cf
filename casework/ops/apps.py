from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "casework.ops"
    label = "ops"
    verbose_name = _("Vận hành")

    def ready(self) -> None:
        from casework.ops import task_context

        task_context.connect()
