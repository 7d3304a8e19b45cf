from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casework.reports"
    label = "reports"
    verbose_name = "Báo cáo, xuất, nhập"

    def ready(self) -> None:
        from casework.reports.home import reports_section
        from casework.web.home import register_home_section

        register_home_section(reports_section)
