from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "casework.privacy"
    label = "privacy"
    verbose_name = _("Bảo vệ dữ liệu cá nhân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework.audit.labels import register_action_labels, register_event_labels, register_field_labels
        from casework.privacy.models import RequestChannel, RequestOutcome, RequestStatus, SubjectRight
        from casework.privacy.selectors import (
            SUBJECT_ACCESS_REVEAL,
            SUBJECT_REQUEST_TARGET,
            subject_request_not_told,
            subject_request_summary,
        )
        from workflows.escalations import register_escalation_summary, register_target_excluded_people

        # The clocks of a data subject's request name it in their notices, and reach only its unit's administrators.
        register_escalation_summary(SUBJECT_REQUEST_TARGET, subject_request_summary)
        register_target_excluded_people(SUBJECT_REQUEST_TARGET, subject_request_not_told)

        register_action_labels(
            {
                "case.personal_data_destroyed": _("Hủy dữ liệu cá nhân khi hết thời hạn lưu trữ"),
                "reception.personal_data_destroyed": _("Hủy danh tính người đến khi hết thời hạn lưu trữ"),
                "privacy.retention_policy": _("Đặt thời hạn lưu trữ"),
                "privacy.legal_hold": _("Tạm giữ hồ sơ (không hủy)"),
                "privacy.legal_hold_release": _("Gỡ tạm giữ hồ sơ"),
                "privacy.subject_access_export": _("Trích xuất dữ liệu cá nhân theo yêu cầu"),
                "privacy.subject_request_record": _("Ghi nhận yêu cầu của chủ thể dữ liệu"),
                "privacy.subject_request_acknowledge": _("Phản hồi yêu cầu của chủ thể dữ liệu"),
                "privacy.subject_request_answer": _("Thực hiện yêu cầu của chủ thể dữ liệu"),
                "privacy.subject_request_refuse": _("Từ chối yêu cầu của chủ thể dữ liệu"),
                "privacy.subject_request_withdraw": _("Chủ thể dữ liệu rút yêu cầu"),
                "privacy.subject_request_third_party": _(
                    "Yêu cầu của chủ thể dữ liệu có bên xử lý hoặc bên thứ ba cùng thực hiện"
                ),
                "privacy.subject_request_extend": _("Gia hạn thực hiện yêu cầu của chủ thể dữ liệu"),
                "privacy.subject_request_personal_data_destroyed": _(
                    "Hủy người yêu cầu và nội dung trả lời khi hết thời hạn lưu trữ"
                ),
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
                "most": _("Số ngày gia hạn tối đa"),
                "papers_erased": _("Văn bản đã hủy bản lưu và nội dung cá nhân"),
            }
        )
        for action in (
            "privacy.subject_request_record",
            "privacy.subject_request_acknowledge",
            "privacy.subject_request_answer",
            "privacy.subject_request_refuse",
            "privacy.subject_request_withdraw",
            "privacy.subject_request_third_party",
            "privacy.subject_request_extend",
            "privacy.subject_request_personal_data_destroyed",
        ):
            register_event_labels(
                action,
                fields={
                    "right": _("Quyền được yêu cầu"),
                    "channel": _("Hình thức gửi"),
                    "outcome": _("Kết quả"),
                    "reference": _("Số yêu cầu"),
                    "third_party": _("Có bên xử lý hoặc bên thứ ba cùng thực hiện"),
                },
                values={
                    "right": dict(SubjectRight.choices),
                    "channel": dict(RequestChannel.choices),
                    "status": dict(RequestStatus.choices),
                    "outcome": dict(RequestOutcome.choices),
                },
            )
        register_event_labels("privacy.subject_access_export", fields={"request": _("Yêu cầu của chủ thể dữ liệu")})
        for action in ("case.identity_reveal", "reception.visitor_reveal"):
            register_event_labels(
                action, fields={SUBJECT_ACCESS_REVEAL: _("Khi trích xuất dữ liệu cá nhân theo yêu cầu")}
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
