from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casework.cases"
    label = "cases"
    verbose_name = "Đơn thư, hồ sơ vụ việc"

    def ready(self) -> None:
        from casework.cases import escalations
        from casework.cases.home import cases_home_section
        from casework.web.home import register_home_section

        register_home_section(cases_home_section)
        escalations.register()
