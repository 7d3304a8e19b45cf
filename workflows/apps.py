from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Quy trình, thời hạn và chuyển cấp")

    def ready(self) -> None:
        from casework.cases.recusal import register_records_about
        from casework.web.home import register_home_section
        from workflows import home, policy_cache
        from workflows.escalations import escalation_own_summary, escalations_about, register_escalation_summary

        policy_cache.connect()
        register_records_about("workflows.escalation", escalations_about)
        # The reminders of an escalation's own decision clock name what it brings to leadership.
        register_escalation_summary("workflows.escalation", escalation_own_summary)
        register_home_section(home.my_deadlines_section)
        register_home_section(home.pending_escalations_section)
        _register_labels()


def _register_labels() -> None:
    from django.utils import timezone
    from django.utils.text import capfirst

    from casework.audit.labels import (
        register_action_labels,
        register_event_fields_of,
        register_event_labels,
        register_field_labels,
        register_reason_texts,
        register_reference_fields,
        register_value_labels,
        register_value_lookup,
    )
    from casework.audit.references import object_reference, register_object_display
    from workflows.automatic_reasons import REASON_TEXTS, STEP_NAME
    from workflows.models import STEP_LABELS, Deadline, Escalation, step_label_of

    register_action_labels(ACTION_LABELS)
    register_field_labels(
        {
            "escalation": _("Chuyển lãnh đạo"),
            "deadline": _("Thời hạn"),
            "level": _("Cấp lãnh đạo quyết định"),
            "offset": _("Nhắc trước hạn (ngày)"),
            "step": _("Bước"),
            "due": _("Hạn từng bước"),
            "closed": _("Thời hạn kết thúc ở bước này"),
        }
    )
    register_reference_fields(
        {"escalation": "workflows.escalation", "deadline": "workflows.deadline", "level": "org.unit"}
    )
    register_value_labels("step", {code: capfirst(label) for code, label in STEP_LABELS.items()})
    # "due" holds {step: due date}: the clocks a step opened or moved (deadline_due_record).
    register_value_labels("due", {code: capfirst(label) for code, label in STEP_LABELS.items()})
    # "closed" holds [step]: the clocks a step stopped (deadline_close_recorded).
    register_value_labels("closed", {code: capfirst(label) for code, label in STEP_LABELS.items()})
    # A numbered step ("expertise:2": one of several clocks of a kind on one object) by its step's label.
    for field in ("step", "due", "closed"):
        register_value_lookup(field, _numbered_step_label)
    register_reason_texts(REASON_TEXTS)
    # A step named inside a sentence of the sweep's reasons (workflows.automatic_reasons).
    register_value_lookup(STEP_NAME, lambda code: step_label_of(code) if code else None)
    register_event_labels("escalation.overtaken", values={"status": dict(Deadline.Status.choices)})
    # The level an escalation waits at, and what its decision merged a matter into or proposed as
    # discipline: the escalation's own fields, on whatever object it was opened for.
    decisions = [f"escalation.{code}" for code in Escalation.Decision.values]
    for action in ("escalation.open", "escalation.overtaken", "escalation.move_up", "escalation.overdue", *decisions):
        register_event_labels(action, fields={"level": _("Cấp lãnh đạo quyết định")})
    for action in decisions:
        register_event_fields_of(action, Escalation, ["merged_into", "discipline"])
    # A deadline's events are recorded on the case, inspection or recommendation it times, and their
    # "status" is the deadline's (a recommendation's own "open" would read "Chờ báo cáo thực hiện").
    for action in ("deadline.breach", "deadline.remind", "deadline.remind_deferred"):
        register_event_labels(action, values={"status": dict(Deadline.Status.choices)})
        register_event_fields_of(action, Deadline, ["due_on"])
    register_object_display(
        "workflows.deadline",
        lambda d: _("%(step)s, hạn %(due)s") % {"step": capfirst(d.step_label), "due": f"{d.due_on:%d/%m/%Y}"},
    )
    register_object_display(
        "workflows.escalation",
        lambda e: (
            _("Chuyển lãnh đạo ngày %(day)s: %(target)s")
            % {
                # The day in Hà Nội: an escalation opened by the night's sweep is stored in UTC on the day before.
                "day": f"{timezone.localdate(e.created_at):%d/%m/%Y}",
                "target": object_reference(e.target_type, e.target_id),
            }
        ),
    )


def _numbered_step_label(code: object) -> str | None:
    from django.utils.text import capfirst

    from workflows.models import STEP_SEPARATOR, step_label_of

    if isinstance(code, str) and STEP_SEPARATOR in code:
        return capfirst(step_label_of(code))
    return None


ACTION_LABELS = {
    "deadline.remind": _("Nhắc hạn"),
    "deadline.remind_deferred": _("Hoãn nhắc hạn tới giờ hành chính"),
    "deadline.breach": _("Quá hạn"),
    "deadline.recorded": _("Ghi nhận vào nhật ký hạn của các thời hạn đang chạy"),
    "escalation.open": _("Chuyển lên lãnh đạo"),
    "escalation.move_up": _("Chuyển lên cấp trên do lãnh đạo chưa quyết định"),
    "escalation.overdue": _("Lãnh đạo quá hạn quyết định"),
    "escalation.refer": _("Lãnh đạo chuyển công đoàn cấp trên / cơ quan có thẩm quyền"),
    "escalation.approve": _("Lãnh đạo đồng ý đề xuất"),
    "escalation.return": _("Lãnh đạo trả lại, yêu cầu làm tiếp"),
    "escalation.extend": _("Lãnh đạo quyết định gia hạn"),
    "escalation.discipline": _("Lãnh đạo đề nghị kỷ luật (chờ bỏ phiếu kín)"),
    "escalation.overtaken": _("Đã xử lý xong trước khi lãnh đạo quyết định: đề xuất không còn chờ quyết định"),
    "policy.change": _("Thay đổi chính sách thời hạn"),
    "calendar.change": _("Thay đổi lịch làm việc"),
    "user.email_notifications": _("Thay đổi nhận thông báo qua e-mail"),
}
