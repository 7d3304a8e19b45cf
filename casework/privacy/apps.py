from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "casework.privacy"
    label = "privacy"
    verbose_name = _("Bảo vệ dữ liệu cá nhân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework.audit.labels import register_action_labels, register_event_labels, register_field_labels

        register_action_labels(
            {
                "case.personal_data_destroyed": _("Hủy dữ liệu cá nhân khi hết thời hạn lưu trữ"),
                "reception.personal_data_destroyed": _("Hủy danh tính người đến khi hết thời hạn lưu trữ"),
                "privacy.retention_policy": _("Đặt thời hạn lưu trữ"),
                "privacy.legal_hold": _("Tạm giữ hồ sơ (không hủy)"),
                "privacy.legal_hold_release": _("Gỡ tạm giữ hồ sơ"),
                "privacy.subject_access_export": _("Trích xuất dữ liệu cá nhân theo yêu cầu"),
            }
        )
        register_field_labels(
            {
                "expired_on": _("Hết hạn lưu trữ ngày"),
                "years": _("Số năm lưu trữ"),
                "source": _("Căn cứ"),
                "cases": _("Hồ sơ"),
                "visits": _("Lượt tiếp công dân"),
                "accounts": _("Tài khoản"),
                "hold": _("Lệnh tạm giữ"),
            }
        )
        register_event_labels(
            "report.export",
            values={
                "kind": {
                    "retention_expiry_xlsx": _("Dữ liệu cá nhân hết hạn lưu trữ (Excel)"),
                    "retention_expiry_json": _("Dữ liệu cá nhân hết hạn lưu trữ (JSON)"),
                }
            },
        )
