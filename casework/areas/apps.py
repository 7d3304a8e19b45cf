from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "casework.areas"
    label = "areas"
    verbose_name = _("Lĩnh vực")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework.areas.selectors import subject_area_name_of_code
        from casework.audit.labels import register_action_labels, register_field_labels, register_value_lookup

        register_action_labels(
            {
                "area.create": _("Thêm lĩnh vực"),
                "area.rename": _("Đổi tên lĩnh vực"),
                "area.retire": _("Ngừng sử dụng lĩnh vực"),
                "area.reinstate": _("Dùng lại lĩnh vực"),
                "case.subject_area": _("Đổi lĩnh vực hồ sơ"),
                "flag.subject_area": _("Đổi lĩnh vực dấu hiệu vi phạm"),
            }
        )
        register_field_labels({"subject_area": _("Lĩnh vực")})
        register_value_lookup("subject_area", subject_area_name_of_code)
