from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "casework.reports"
    label = "reports"
    verbose_name = _("Báo cáo, xuất, nhập")

    def ready(self) -> None:
        from casework.reports.home import reports_section
        from casework.web.home import register_home_section

        register_home_section(reports_section)
        _register_labels()


def _register_labels() -> None:
    from casework.audit.labels import register_action_labels, register_event_labels, register_value_labels
    from casework.reports.documents import INSPECTION_DOCUMENT_LABELS, NOTICE_LABELS, TO_DENOUNCED, TO_DENOUNCER
    from casework.reports.figures import FIGURE_LABELS
    from casework.reports.models import ExportJob, QuarterlyReport

    register_action_labels(
        {
            "report.submit": _("Gửi báo cáo quý lên cấp trên"),
            "report.acknowledge": _("Cấp trên tiếp nhận báo cáo quý"),
            "report.return": _("Cấp trên trả lại báo cáo quý"),
        }
    )
    register_value_labels("figures", FIGURE_LABELS)  # the keys of a report's figures
    # What an export or a download event stores in "kind" and "to": the file produced and its addressee.
    kinds = {
        **dict(ExportJob.Kind.choices),
        "quarterly_json": _("Báo cáo quý (JSON)"),
        "consolidated_xlsx": _("Báo cáo tổng hợp quý (Excel)"),
        "consolidated_pdf": _("Báo cáo tổng hợp quý (PDF)"),
        "redacted_copy": _("Bản che thông tin người tố cáo (PDF)"),
        "coverage_xlsx": _("Báo cáo bao phủ dấu hiệu vi phạm (Excel)"),
        "coverage_json": _("Báo cáo bao phủ dấu hiệu vi phạm (JSON)"),
        **{f"notice_pdf:{code}": label for code, label in NOTICE_LABELS.items()},
        "notice_pdf:decision": _("Quyết định giải quyết, kết luận nội dung tố cáo"),
        "notice_pdf:discipline_publication": _("Thông báo công khai quyết định xử lý kỷ luật người bị tố cáo"),
        **{f"inspection_pdf:{code}": label for code, label in INSPECTION_DOCUMENT_LABELS.items()},
    }
    addressees = {TO_DENOUNCER: _("bản gửi người tố cáo"), TO_DENOUNCED: _("bản gửi người bị tố cáo")}
    for action in ("report.export", "report.download"):
        register_event_labels(
            action,
            fields={"kind": _("Văn bản, tệp xuất"), "to": _("Người nhận")},
            values={"kind": kinds, "to": addressees},
        )
    # A superior's import of a lower unit's figures: who imported them, and from where the figures came.
    register_event_labels(
        "report.import",
        fields={"imported_by_unit": _("Đơn vị cấp trên nhập số liệu"), "source": _("Nguồn số liệu")},
        values={"source": dict(QuarterlyReport.Source.choices)},
    )
    # A denunciation's paper addressed to the denouncer: which notice it was.
    register_event_labels(
        "case.paper_to_denouncer",
        fields={"notice": _("Văn bản")},
        values={"notice": {**NOTICE_LABELS, "decision": _("Kết luận nội dung tố cáo")}},
    )
