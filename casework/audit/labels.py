"""Vietnamese labels for action codes and changed fields, registered by each app.

    # in CasesConfig.ready()
    from casework.audit.labels import register_action_labels, register_field_labels
    register_action_labels({"case.accept": "Thụ lý đơn", "case.reject": "Không thụ lý"})
    register_field_labels({"status": "Trạng thái", "due_on": "Hạn xử lý"})

Unknown codes are shown as they are, so a missing label never hides an event.
"""

from __future__ import annotations

from collections.abc import Mapping

_actions: dict[str, str] = {}
_fields: dict[str, str] = {}
_values: dict[str, object] = {}  # str or lazy translation


def register_action_labels(labels: Mapping[str, str]) -> None:
    _actions.update(labels)


def register_field_labels(labels: Mapping[str, str]) -> None:
    _fields.update(labels)


def register_value_labels(labels: Mapping[str, str]) -> None:
    """Labels for coded values shown in before → after (e.g. {"accepted": "Đã thụ lý"})."""
    _values.update(labels)


def action_label(code: str) -> str:
    return _actions.get(code, code)


def field_label(name: str) -> str:
    return _fields.get(name, name)


def value_label(value: str) -> object | None:
    return _values.get(value)


def register_builtin_labels() -> None:
    register_action_labels(
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
        }
    )
    register_field_labels(
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
        }
    )
    from casework.org.models import Role

    register_value_labels({str(role.value): role.label for role in Role})
