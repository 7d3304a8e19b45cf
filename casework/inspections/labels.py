"""Vietnamese labels for inspection audit actions (deadline steps are labelled by workflows)."""

from __future__ import annotations

ACTION_LABELS = {
    "flag.raise": "Ghi nhận dấu hiệu vi phạm",
    "flag.assign": "Đưa vào cuộc kiểm tra",
    "flag.inspected": "Kết thúc: đã kiểm tra, có kết luận",
    "flag.decide": "Kết thúc: lãnh đạo quyết định",
    "flag.return": "Lãnh đạo trả lại, yêu cầu mở kiểm tra",
    "flag.instructions": "Chỉ đạo của lãnh đạo",
    "flag.extend": "Gia hạn mở cuộc kiểm tra",
    "plan.create": "Lập kế hoạch kiểm tra",
    "plan.item_add": "Thêm nội dung kế hoạch",
    "plan.submit": "Trình phê duyệt kế hoạch",
    "plan.approve": "Phê duyệt kế hoạch",
    "plan.return": "Trả lại kế hoạch",
    "plan.activate": "Triển khai kế hoạch",
    "plan.close": "Tổng kết kế hoạch",
    "inspection.open": "Mở cuộc kiểm tra",
    "inspection.team_set": "Lập đoàn kiểm tra",
    "inspection.decide": "Ký quyết định kiểm tra",
    "inspection.notify": "Gửi thông báo kiểm tra",
    "inspection.acknowledge": "Đơn vị xác nhận thông báo",
    "inspection.documents": "Đơn vị nộp tài liệu",
    "inspection.check": "Cập nhật danh mục kiểm tra",
    "inspection.finding": "Ghi nhận kết quả kiểm tra",
    "inspection.report_draft": "Lập dự thảo báo cáo",
    "inspection.explain": "Đơn vị giải trình",
    "inspection.conclude": "Duyệt kết luận kiểm tra",
    "inspection.conclusion_notify": "Thông báo kết luận",
    "inspection.discipline_propose": "Đề nghị kỷ luật",
    "inspection.conflict_declare": "Kê khai xung đột lợi ích",
    "inspection.leadership_approve": "Lãnh đạo đồng ý đề xuất",
    "inspection.leadership_return": "Lãnh đạo yêu cầu làm tiếp",
    "inspection.leadership_extend": "Lãnh đạo gia hạn bước kiểm tra",
    "inspection.leadership_refer": "Lãnh đạo chuyển cấp trên",
    "inspection.leadership_discipline": "Lãnh đạo quyết định kỷ luật",
    "recommendation.create": "Ra kiến nghị",
    "recommendation.report": "Báo cáo thực hiện kiến nghị",
    "recommendation.accept": "Xác minh: đạt",
    "recommendation.return": "Xác minh: chưa đạt, trả lại",
}


def register_labels() -> None:
    """Action, field and value labels for the audit timeline (only field names this app owns)."""
    from casework.audit.labels import register_action_labels, register_field_labels, register_value_labels
    from casework.inspections.models import Category, Flag, Inspection

    register_action_labels(ACTION_LABELS)
    register_field_labels(
        {
            "category": "Nội dung vi phạm",
            "severity": "Mức độ",
            "source": "Nguồn phát hiện",
            "outcome": "Kết luận",
            "topics": "Nội dung kiểm tra",
            "subject_unit": "Đơn vị được kiểm tra",
            "times_returned": "Số lần trả lại",
            "flags_inspected": "Số dấu hiệu vi phạm được kết thúc",
        }
    )
    register_value_labels("category", dict(Category.choices))
    register_value_labels("severity", dict(Flag.Severity.choices))
    register_value_labels("source", dict(Flag.Source.choices))
    register_value_labels("outcome", dict(Inspection.Outcome.choices))
