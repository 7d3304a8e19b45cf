from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "casework.reception"
    label = "reception"
    verbose_name = _("Tiếp công dân")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from casework.audit.labels import register_action_labels, register_event_labels, register_field_labels
        from casework.reception.selectors import VISIT_TARGET

        register_action_labels(
            {
                "reception.schedule": _("Lập lịch tiếp công dân"),
                "reception.cancel": _("Hủy buổi tiếp công dân"),
                "reception.entry": _("Ghi sổ tiếp công dân"),
                "reception.follow_up": _("Ghi theo dõi kết quả tiếp công dân"),
                "reception.to_case": _("Chuyển nội dung tiếp công dân thành hồ sơ"),
                "reception.export": _("Xuất sổ tiếp công dân"),
                "reception.visitor_reveal": _("Xem danh tính người đến tố cáo"),
                "reception.refuse": _("Ghi việc từ chối tiếp công dân"),
                "reception.refusal_notice": _("Ban hành thông báo từ chối tiếp công dân"),
                "reception.refusal_notice_cancel": _("Hủy thông báo từ chối tiếp công dân, thời hạn chạy lại"),
                "reception.documents": _("Tiếp nhận thông tin, tài liệu, bằng chứng công dân cung cấp"),
                "reception.correct": _("Sửa, bổ sung dòng sổ tiếp công dân"),
            }
        )
        register_field_labels(
            {
                "had_follow_up": _("Đã có theo dõi kết quả"),
                "follow_up_chars": _("Độ dài ghi chép theo dõi (ký tự)"),
                "within_competence": _("Thuộc thẩm quyền"),
                "refused_on": _("Ngày có đủ căn cứ từ chối tiếp"),
                "fields": _("Các mục đã sửa, bổ sung"),
            }
        )
        from casework.reception.models import ReceptionEntry, RefusalGround

        register_event_labels(
            "reception.documents",
            fields={"documents": _("Số tài liệu nhận"), "pages": _("Tổng số trang")},
        )
        register_event_labels("reception.to_case", fields={"documents": _("Số tài liệu nhận khi tiếp công dân")})
        register_event_labels("reception.schedule", fields={"on_day_off": _("Tổ chức tiếp vào ngày nghỉ")})
        register_event_labels(
            "reception.correct",
            fields={"fields": _("Các cột đã sửa, bổ sung")},
            values={
                "fields": {
                    "full_name": _("Họ và tên"),
                    "address": _("Địa chỉ"),
                    "id_number": _("Số CCCD / giấy tờ tùy thân"),
                    **{
                        name: ReceptionEntry._meta.get_field(name).verbose_name
                        for name in (
                            "people_count",
                            "content",
                            "classification",
                            "handling_route",
                            "resolved_by",
                            "within_competence",
                            "guided_to",
                            "accepted_by",
                            "follow_up",
                            "note",
                        )
                    },
                }
            },
        )

        register_event_labels(
            "reception.refuse",
            fields={"ground": _("Căn cứ từ chối tiếp")},
            values={"ground": dict(RefusalGround.choices)},
        )

        # The clock of a refusal notified in writing (Nghị định 154/2026/NĐ-CP Đ.4 khoản 3): the sweep's notices
        # name the visit by its reference and lead to its session's book, never to its visitor.
        from casework.reception.selectors import reception_entry_summary
        from workflows.escalations import register_escalation_summary

        register_escalation_summary(VISIT_TARGET, reception_entry_summary)
