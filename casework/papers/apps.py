from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "casework.papers"
    label = "papers"
    verbose_name = _("Văn bản đi, văn bản đến")

    def ready(self) -> None:
        from casework.audit.labels import register_action_labels

        register_action_labels(
            {
                "paper.issue": _("Ban hành văn bản (lấy số trong sổ văn bản đi)"),
                "paper.cancel": _("Hủy văn bản (giữ số)"),
                "paper.sign": _("Ký số văn bản"),
                "paper.record_scan": _("Lưu bản quét văn bản ký tay"),
                "paper.template_save": _("Lưu phiên bản mẫu văn bản"),
            }
        )
