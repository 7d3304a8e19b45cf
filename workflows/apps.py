from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Quy trình, thời hạn và chuyển cấp"

    def ready(self) -> None:
        from casework.web.home import register_home_section
        from workflows import home

        register_home_section(home.my_deadlines_section)
        register_home_section(home.pending_escalations_section)
        try:
            from casework.audit.labels import register_action_labels
        except ImportError:  # pragma: no cover - labels are optional decoration
            return
        register_action_labels(ACTION_LABELS)


ACTION_LABELS = {
    "deadline.remind": "Nhắc hạn",
    "deadline.remind_deferred": "Hoãn nhắc hạn tới giờ hành chính",
    "deadline.breach": "Quá hạn",
    "escalation.open": "Chuyển lên lãnh đạo",
    "escalation.move_up": "Chuyển lên cấp trên do lãnh đạo chưa quyết định",
    "escalation.overdue": "Lãnh đạo quá hạn quyết định",
    "escalation.refer": "Lãnh đạo chuyển công đoàn cấp trên / cơ quan có thẩm quyền",
    "escalation.approve": "Lãnh đạo đồng ý đề xuất",
    "escalation.return": "Lãnh đạo trả lại, yêu cầu làm tiếp",
    "escalation.extend": "Lãnh đạo quyết định gia hạn",
    "escalation.discipline": "Lãnh đạo quyết định kỷ luật",
    "policy.change": "Thay đổi chính sách thời hạn",
    "calendar.change": "Thay đổi lịch làm việc",
    "user.email_notifications": "Thay đổi nhận thông báo qua e-mail",
}
