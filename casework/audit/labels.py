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

_actions: dict[str, str] = {}
_fields: dict[str, str] = {}
_values: dict[str, dict[str, object]] = {}  # field → coded value → label (str or lazy translation)


def register_action_labels(labels: Mapping[str, str]) -> None:
    _actions.update(labels)


def register_field_labels(labels: Mapping[str, str]) -> None:
    _fields.update(labels)


def register_value_labels(field: str, labels: Mapping[str, object]) -> None:
    """Labels for the coded values of one field: register_value_labels("status", {"accepted": "Đã thụ lý"})."""
    _values.setdefault(field, {}).update(labels)


def action_label(code: str) -> str:
    return _actions.get(code, code)


def field_label(name: str) -> str:
    return _fields.get(name, name)


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
            "auth.login": "Đăng nhập",
            "auth.login_failed": "Đăng nhập không thành công",
            "auth.logout": "Đăng xuất",
            "role.assign": "Phân công vai trò",
            "role.revoke": "Thu hồi vai trò",
            "role.change": "Thay đổi vai trò",
            "unit.create": "Tạo đơn vị",
            "unit.update": "Sửa thông tin đơn vị",
            "file.upload": "Tải lên tệp đính kèm",
            "file.download": "Tải xuống tệp đính kèm",
            "audit.verify_failed": "Phát hiện chuỗi nhật ký bị phá vỡ",
            # Fallbacks for actions of other apps, until (or unless) they register their own.
            "account.lockout": "Khoá tài khoản do đăng nhập sai nhiều lần",
            "account.login_failed": "Đăng nhập không thành công",
            "account.otp_enrol": "Đăng ký xác thực hai lớp",
            "account.otp_verify": "Xác thực hai lớp",
            "account.otp_failed": "Xác thực hai lớp không thành công",
            "user.email_notifications": "Đổi lựa chọn nhận thông báo qua e-mail",
            "policy.change": "Thay đổi quy định thời hạn",
            "calendar.change": "Thay đổi lịch ngày làm việc",
            "deadline.remind": "Nhắc hạn",
            "deadline.remind_deferred": "Hoãn nhắc hạn (ngoài giờ hành chính)",
            "deadline.breach": "Quá hạn",
            "escalation.open": "Chuyển lên Ban Thường vụ",
            "escalation.overdue": "Ban Thường vụ chưa quyết định đúng hạn",
            "escalation.move_up": "Chuyển lên cấp trên",
            "escalation.refer": "Chuyển cơ quan khác",
            "case.identity_reveal": "Xem danh tính người tố cáo",
            "report.export": "Xuất báo cáo",
            "report.import": "Nhập dữ liệu",
            "report.download": "Tải báo cáo",
            "flag.raise": "Ghi nhận dấu hiệu vi phạm",
            "flag.assign": "Phân công xem xét dấu hiệu vi phạm",
            "flag.inspected": "Đã kiểm tra dấu hiệu vi phạm",
            "flag.decide": "Quyết định về dấu hiệu vi phạm",
            "inspection.open": "Mở cuộc kiểm tra",
            "inspection.finding": "Ghi nhận kết quả kiểm tra",
        },
    )
    _defaults(
        _fields,
        {
            "status": "Trạng thái",
            "username": "Tên đăng nhập",
            "user": "Người dùng",
            "role": "Vai trò",
            "valid_from": "Từ ngày",
            "valid_to": "Đến ngày",
            "code": "Mã",
            "name": "Tên",
            "reason": "Lý do",
            "due_on": "Hạn",
            "assignee": "Người được giao",
            "unit": "Đơn vị",
        },
    )
    from casework.org.models import Role

    _defaults(_values.setdefault("role", {}), {str(role.value): role.label for role in Role})
