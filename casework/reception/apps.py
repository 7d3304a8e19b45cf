from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "casework.reception"
    label = "reception"
    verbose_name = _("Tiếp công dân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework.audit.labels import register_action_labels, register_field_labels

        register_action_labels(
            {
                "reception.schedule": _("Lập lịch tiếp công dân"),
                "reception.cancel": _("Hủy buổi tiếp công dân"),
                "reception.entry": _("Ghi sổ tiếp công dân"),
                "reception.follow_up": _("Ghi theo dõi kết quả tiếp công dân"),
                "reception.to_case": _("Chuyển nội dung tiếp công dân thành hồ sơ"),
                "reception.export": _("Xuất sổ tiếp công dân"),
                "reception.visitor_reveal": _("Xem danh tính người đến tố cáo"),
            }
        )
        register_field_labels(
            {"had_follow_up": _("Đã có theo dõi kết quả"), "follow_up_chars": _("Độ dài ghi chép theo dõi (ký tự)")}
        )
