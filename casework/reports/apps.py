from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casework.reports"
    label = "reports"
    verbose_name = "Báo cáo, xuất, nhập"

    def ready(self) -> None:
        from casework.reports.home import reports_section
        from casework.web.home import register_home_section

        register_home_section(reports_section)
        _register_labels()


def _register_labels() -> None:
    from django.utils.translation import gettext_lazy as _

    from casework.audit.labels import register_action_labels, register_value_labels
    from casework.reports.figures import FIGURE_LABELS

    register_action_labels(
        {
            "report.submit": _("Gửi báo cáo quý lên cấp trên"),
            "report.acknowledge": _("Cấp trên tiếp nhận báo cáo quý"),
            "report.return": _("Cấp trên trả lại báo cáo quý"),
        }
    )
    register_value_labels("figures", FIGURE_LABELS)  # the keys of a report's figures
