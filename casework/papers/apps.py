from django.apps import AppConfig
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "casework.papers"
    label = "papers"
    verbose_name = _("Văn bản đi, văn bản đến")

    def ready(self) -> None:
        from casework.audit.labels import (
            register_action_labels,
            register_event_labels,
            register_field_labels,
            register_reference_fields,
            register_value_labels,
        )
        from casework.audit.references import register_object_display
        from casework.cases.recusal import register_records_about
        from casework.papers.defaults import TEMPLATES
        from casework.papers.models import Book
        from casework.papers.selectors import papers_about

        register_records_about("papers.paper", papers_about)

        register_action_labels(
            {
                "paper.issue": _("Ban hành văn bản (lấy số trong sổ văn bản đi)"),
                "paper.cancel": _("Hủy văn bản (giữ số)"),
                "paper.sign": _("Ký số văn bản"),
                "paper.record_scan": _("Lưu bản quét văn bản ký tay"),
                "paper.template_save": _("Lưu phiên bản mẫu văn bản"),
            }
        )
        register_field_labels(
            {
                "key": _("Mẫu văn bản đã dùng"),
                "template_version": _("Phiên bản mẫu"),
                "target": _("Văn bản của"),
                "sha256": _("Mã băm SHA-256 của tệp"),
                "signed_sha256": _("Mã băm SHA-256 của bản đã ký"),
                "unsigned_sha256": _("Mã băm SHA-256 của bản chưa ký"),
                "signer": _("Người ký"),
                "authority": _("Thẩm quyền ký"),
                "signature": _("Hình thức ký"),
                "symbol": _("Số, ký hiệu"),
            }
        )
        register_value_labels("key", {key: template["name"] for key, template in TEMPLATES.items()})
        # A paper's issue stores the template's key and the file's hash (a key, a hash of other things elsewhere).
        register_event_labels(
            "paper.issue", fields={"key": _("Mẫu văn bản đã dùng"), "sha256": _("Mã băm SHA-256 của tệp")}
        )
        register_event_labels(
            "report.export",
            values={
                "kind": {f"register_xlsx:{code}": format_lazy("{} (Excel)", label) for code, label in Book.choices}
            },
        )
        # Events store the template's version number, not the version's id.
        register_reference_fields({"papers.paper.template_version": ""})
        register_object_display("papers.papertemplateversion", lambda v: f"{v.template.name} v{v.number}")
