from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Quy trình, thời hạn và chuyển cấp"

    def ready(self) -> None:
        from casework.web.home import register_home_section
        from workflows import home

        register_home_section(home.my_deadlines_section)
        register_home_section(home.pending_escalations_section)
