from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowsConfig(AppConfig):
    name = "workflows.flows"
    label = "flows"
    verbose_name = _("Luồng công việc (viewflow)")

    def ready(self) -> None:
        from casework.web.home import register_home_section
        from workflows.flows import inbox

        register_home_section(inbox.tasks_home_section)
