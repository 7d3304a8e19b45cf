"""Vietnamese labels for the supervision audit actions and the keys their events store."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "supervision.create": _("Lập cuộc giám sát"),
    "supervision.start": _("Bắt đầu giám sát"),
    "supervision.report": _("Báo cáo kết quả giám sát"),
    "supervision.close": _("Kết thúc cuộc giám sát"),
    "supervision.reschedule": _("Điều chỉnh thời gian giám sát"),
    "supervision.report_clock_backfill": _("Bắt đầu tính hạn báo cáo kết quả giám sát"),
    "supervision.leadership_approve": _("Lãnh đạo đồng ý đề xuất"),
    "supervision.leadership_return": _("Lãnh đạo yêu cầu làm tiếp"),
    "supervision.leadership_extend": _("Lãnh đạo gia hạn báo cáo kết quả giám sát"),
    "supervision.leadership_refer": _("Lãnh đạo chuyển cấp trên"),
}


def register_labels() -> None:
    from casework.audit.labels import (
        register_action_labels,
        register_event_labels,
        register_field_labels,
        register_reference_fields,
    )

    register_action_labels(ACTION_LABELS)
    # A supervision's team is a supervision team (Điều lệ Công đoàn Việt Nam: giám sát), not the inspection
    # team the key "team" names in the other events.
    register_event_labels("supervision.create", fields={"team": _("Thành viên đoàn giám sát")})
    register_field_labels({"flags": _("Dấu hiệu vi phạm đã ghi nhận"), "plan_item": _("Nội dung kế hoạch")})
    register_reference_fields({"flags": "inspections.flag", "plan_item": "inspections.planitem"})
