"""Vietnamese labels for action codes and changed fields, registered by each app.

    # in CasesConfig.ready()
    from casework.audit.labels import register_action_labels, register_field_labels
    register_action_labels({"case.accept": "Thụ lý đơn", "case.reject": "Không thụ lý"})
    register_field_labels({"status": "Trạng thái", "due_on": "Hạn xử lý"})
    register_value_labels("status", {"accepted": "Đã thụ lý"})

Unknown codes are shown as they are, so a missing label never hides an event.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise  # a plain text or a lazy translation

_actions: dict[str, Label] = {}
_fields: dict[str, Label] = {}
_values: dict[str, dict[str, object]] = {}  # field → coded value → label (str or lazy translation)


def register_action_labels(labels: Mapping[str, Label]) -> None:
    _actions.update(labels)


def register_field_labels(labels: Mapping[str, Label]) -> None:
    _fields.update(labels)


def register_value_labels(field: str, labels: Mapping[str, object]) -> None:
    """Labels for the coded values of one field: register_value_labels("status", {"accepted": "Đã thụ lý"})."""
    _values.setdefault(field, {}).update(labels)


def action_label(code: str) -> str:
    return str(_actions.get(code, code))


def field_label(name: str) -> str:
    return str(_fields.get(name, name))


# Actor labels the system itself writes into events. The stored text is part of the hash chain, so
# it never changes; only its display follows the reader's language.
_STORED_ACTORS = {
    "Hệ thống": _("Hệ thống"),
    "Người chưa đăng nhập": _("Người chưa đăng nhập"),
}


def actor_display(label: str) -> object:
    return _STORED_ACTORS.get(label, label)


def value_label(field: str, value: str) -> object | None:
    return _values.get(field, {}).get(value)


def _defaults(registry: dict, labels: Mapping[str, object]) -> None:
    for key, label in labels.items():
        registry.setdefault(key, label)


def register_builtin_labels() -> None:
    """Labels of cross-cutting actions; never replaces a label an app registered itself."""
    _defaults(
        _actions,
        {
            "auth.login": _("Đăng nhập"),
            "auth.login_failed": _("Đăng nhập không thành công"),
            "auth.logout": _("Đăng xuất"),
            "role.assign": _("Phân công vai trò"),
            "role.revoke": _("Thu hồi vai trò"),
            "role.change": _("Thay đổi vai trò"),
            "unit.create": _("Tạo đơn vị"),
            "unit.update": _("Sửa thông tin đơn vị"),
            "file.upload": _("Tải lên tệp đính kèm"),
            "file.download": _("Tải xuống tệp đính kèm"),
            "audit.verify_failed": _("Phát hiện chuỗi nhật ký bị phá vỡ"),
            # Fallbacks for actions of other apps, until (or unless) they register their own.
            "account.lockout": _("Khoá tài khoản do đăng nhập sai nhiều lần"),
            "account.login_failed": _("Đăng nhập không thành công"),
            "account.otp_enrol": _("Đăng ký xác thực hai lớp"),
            "account.otp_verify": _("Xác thực hai lớp"),
            "account.otp_failed": _("Xác thực hai lớp không thành công"),
            "user.email_notifications": _("Đổi lựa chọn nhận thông báo qua e-mail"),
            "policy.change": _("Thay đổi quy định thời hạn"),
            "calendar.change": _("Thay đổi lịch ngày làm việc"),
            "deadline.remind": _("Nhắc hạn"),
            "deadline.remind_deferred": _("Hoãn nhắc hạn (ngoài giờ hành chính)"),
            "deadline.breach": _("Quá hạn"),
            "escalation.open": _("Chuyển lên Ban Thường vụ"),
            "escalation.overdue": _("Ban Thường vụ chưa quyết định đúng hạn"),
            "escalation.move_up": _("Chuyển lên cấp trên"),
            "escalation.refer": _("Chuyển cơ quan khác"),
            "case.identity_reveal": _("Xem danh tính người tố cáo"),
            "report.export": _("Xuất báo cáo"),
            "report.import": _("Nhập dữ liệu"),
            "report.download": _("Tải báo cáo"),
            "flag.raise": _("Ghi nhận dấu hiệu vi phạm"),
            "flag.assign": _("Phân công xem xét dấu hiệu vi phạm"),
            "flag.inspected": _("Đã kiểm tra dấu hiệu vi phạm"),
            "flag.decide": _("Quyết định về dấu hiệu vi phạm"),
            "inspection.open": _("Mở cuộc kiểm tra"),
            "inspection.finding": _("Ghi nhận kết quả kiểm tra"),
        },
    )
    _defaults(
        _fields,
        {
            "status": _("Trạng thái"),
            "username": _("Tên đăng nhập"),
            "user": _("Người dùng"),
            "role": _("Vai trò"),
            "valid_from": _("Từ ngày"),
            "valid_to": _("Đến ngày"),
            "code": _("Mã"),
            "name": _("Tên"),
            "reason": _("Lý do"),
            "due_on": _("Hạn"),
            "assignee": _("Người được giao"),
            "unit": _("Đơn vị"),
        },
    )
    from casework.org.models import Role

    _defaults(_values.setdefault("role", {}), {str(role.value): role.label for role in Role})
