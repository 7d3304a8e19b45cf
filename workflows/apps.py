from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình, thời hạn và chuyển cấp")

    def ready(self) -> None:
        from casework.web.home import register_home_section
        from workflows import home, policy_cache

        policy_cache.connect()
        register_home_section(home.my_deadlines_section)
        register_home_section(home.pending_escalations_section)
        from casework.audit.labels import register_action_labels

        register_action_labels(ACTION_LABELS)


ACTION_LABELS = {
    "deadline.remind": _("Nhắc hạn"),
    "deadline.remind_deferred": _("Hoãn nhắc hạn tới giờ hành chính"),
    "deadline.breach": _("Quá hạn"),
    "escalation.open": _("Chuyển lên lãnh đạo"),
    "escalation.move_up": _("Chuyển lên cấp trên do lãnh đạo chưa quyết định"),
    "escalation.overdue": _("Lãnh đạo quá hạn quyết định"),
    "escalation.refer": _("Lãnh đạo chuyển công đoàn cấp trên / cơ quan có thẩm quyền"),
    "escalation.approve": _("Lãnh đạo đồng ý đề xuất"),
    "escalation.return": _("Lãnh đạo trả lại, yêu cầu làm tiếp"),
    "escalation.extend": _("Lãnh đạo quyết định gia hạn"),
    "escalation.discipline": _("Lãnh đạo quyết định kỷ luật"),
    "policy.change": _("Thay đổi chính sách thời hạn"),
    "calendar.change": _("Thay đổi lịch làm việc"),
    "user.email_notifications": _("Thay đổi nhận thông báo qua e-mail"),
}
