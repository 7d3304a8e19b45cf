"""Vietnamese labels for inspection audit actions (deadline steps are labelled by workflows)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "flag.raise": _("Ghi nhận dấu hiệu vi phạm"),
    "flag.assign": _("Đưa vào cuộc kiểm tra"),
    "flag.inspected": _("Kết thúc: đã kiểm tra, có kết luận"),
    "flag.decide": _("Kết thúc: lãnh đạo quyết định"),
    "flag.return": _("Lãnh đạo trả lại, yêu cầu mở kiểm tra"),
    "flag.instructions": _("Chỉ đạo của lãnh đạo"),
    "flag.extend": _("Gia hạn mở cuộc kiểm tra"),
    "plan.create": _("Lập kế hoạch kiểm tra"),
    "plan.item_add": _("Thêm nội dung kế hoạch"),
    "plan.submit": _("Trình phê duyệt kế hoạch"),
    "plan.approve": _("Phê duyệt kế hoạch"),
    "plan.return": _("Trả lại kế hoạch"),
    "plan.activate": _("Triển khai kế hoạch"),
    "plan.close": _("Tổng kết kế hoạch"),
    "inspection.open": _("Mở cuộc kiểm tra"),
    "inspection.team_set": _("Lập đoàn kiểm tra"),
    "inspection.decide": _("Ký quyết định kiểm tra"),
    "inspection.notify": _("Gửi thông báo kiểm tra"),
    "inspection.acknowledge": _("Đơn vị xác nhận thông báo"),
    "inspection.documents": _("Đơn vị nộp tài liệu"),
    "inspection.check": _("Cập nhật danh mục kiểm tra"),
    "inspection.finding": _("Ghi nhận kết quả kiểm tra"),
    "inspection.report_draft": _("Lập dự thảo báo cáo"),
    "inspection.explain": _("Đơn vị giải trình"),
    "inspection.conclude": _("Duyệt kết luận kiểm tra"),
    "inspection.conclusion_notify": _("Thông báo kết luận"),
    "inspection.discipline_propose": _("Đề nghị kỷ luật"),
    "flag.discipline_propose": _("Đề nghị kỷ luật (chờ bỏ phiếu kín)"),
    "flag.discipline_ballot": _("Kết quả bỏ phiếu kín kỷ luật"),
    "inspection.conflict_declare": _("Kê khai xung đột lợi ích"),
    "inspection.leadership_approve": _("Lãnh đạo đồng ý đề xuất"),
    "inspection.leadership_return": _("Lãnh đạo yêu cầu làm tiếp"),
    "inspection.leadership_extend": _("Lãnh đạo gia hạn bước kiểm tra"),
    "inspection.leadership_refer": _("Lãnh đạo chuyển cấp trên"),
    "inspection.leadership_discipline": _("Lãnh đạo quyết định kỷ luật"),
    "recommendation.create": _("Ra kiến nghị"),
    "recommendation.report": _("Báo cáo thực hiện kiến nghị"),
    "recommendation.accept": _("Xác minh: đạt"),
    "recommendation.return": _("Xác minh: chưa đạt, trả lại"),
}


def register_labels() -> None:
    """Action, field and value labels for the audit timeline (only field names this app owns)."""
    from casework.audit.labels import register_action_labels, register_field_labels, register_value_labels
    from casework.inspections.models import Category, Flag, Inspection

    register_action_labels(ACTION_LABELS)
    register_field_labels(
        {
            "category": _("Nội dung vi phạm"),
            "severity": _("Mức độ"),
            "source": _("Nguồn phát hiện"),
            "outcome": _("Kết luận"),
            "topics": _("Nội dung kiểm tra"),
            "subject_unit": _("Đơn vị được kiểm tra"),
            "times_returned": _("Số lần trả lại"),
            "flags_inspected": _("Số dấu hiệu vi phạm được kết thúc"),
        }
    )
    register_value_labels("category", dict(Category.choices))
    register_value_labels("severity", dict(Flag.Severity.choices))
    register_value_labels("source", dict(Flag.Source.choices))
    register_value_labels("outcome", dict(Inspection.Outcome.choices))
