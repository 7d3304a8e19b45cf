from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "casework.ops"
    label = "ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from casework.ops import task_context

        task_context.connect()
