"""Vietnamese labels for inspection audit actions (deadline steps are labelled by workflows)."""

from __future__ import annotations

import re

from django.utils.text import format_lazy
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
    "inspection.explanation_lapsed": _("Hết thời hạn giải trình, chờ duyệt kết luận"),
    "inspection.explanation_due_recorded": _("Ghi nhận hạn giải trình dự thảo báo cáo"),
    "inspection.conclude": _("Duyệt kết luận kiểm tra"),
    "inspection.conclusion_notify": _("Thông báo kết luận"),
    "inspection.discipline_propose": _("Đề nghị kỷ luật"),
    "inspection.discipline_ballot": _("Kết quả bỏ phiếu kín kỷ luật"),
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
    "recommendation.report_paper": _("Ghi nhận báo cáo thực hiện kiến nghị bằng văn bản của đơn vị"),
    "recommendation.accept": _("Xác minh: đạt"),
    "recommendation.return": _("Xác minh: chưa đạt, trả lại"),
    "inspection.subject_rep": _("Giao người đại diện đơn vị được kiểm tra"),
    "inspection.record_delivery": _("Ghi nhận đã giao thông báo kiểm tra"),
    "inspection.notice_delivered": _("Ghi nhận đã giao thông báo kiểm tra"),
    "inspection.notify_subject": _("Gửi thông báo kiểm tra"),
    "inspection.notify_conclusion": _("Thông báo kết luận"),
}


def register_labels() -> None:
    """Action, field and value labels for the audit timeline (only field names this app owns)."""
    from casework.audit.labels import (
        register_action_labels,
        register_event_fields_of,
        register_event_labels,
        register_field_labels,
        register_reference_fields,
        register_value_labels,
        register_value_lookup,
    )
    from casework.audit.references import register_object_display, register_reference_lookup
    from casework.cases.models import DisciplineForm
    from casework.inspections.models import Category, Flag, Inspection, PlanItem
    from casework.inspections.roles import CHECKLIST
    from core.numbers import number_vi
    from workflows.models import Escalation

    register_action_labels(ACTION_LABELS)
    register_action_labels(
        {
            f"recommendation.leadership_{code}": format_lazy(_("Lãnh đạo quyết định: {}"), label)
            for code, label in Escalation.Decision.choices
        }
    )
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
            "lead": _("Trưởng đoàn"),
            "explanation_due_on": _("Hạn giải trình"),
            "team": _("Thành viên đoàn kiểm tra"),
            "finding": _("Kết quả kiểm tra"),
            "item": _("Nội dung"),
            "topic": _("Nội dung kiểm tra"),
            "documents": _("Số tài liệu đã nộp"),
            "files": _("Số tệp đính kèm"),
            "report": _("Báo cáo thực hiện kiến nghị"),
            "number": _("Số quyết định"),
            "amount": _("Số tiền (đồng)"),
            "done": _("Đã kiểm tra"),
            "inspection": _("Cuộc kiểm tra"),
            "case": _("Hồ sơ tố cáo"),
        }
    )
    register_reference_fields(
        {
            "lead": "org.user",
            "team": "org.user",
            "finding": "inspections.finding",
            "report": "inspections.followupreport",
            "item": "inspections.planitem",
            "inspection": "inspections.inspection",
            "inspections.inspection.proposal": "inspections.disciplineproposal",
            # A case's measure names its case by reference (never a link to the case's own words).
            "inspections.recommendation.case": "",
        }
    )
    register_value_labels("topic", dict(Category.choices))
    register_value_labels("topics", dict(Category.choices))
    register_value_labels(
        "item", {f"{topic}:{code}": label for topic, items in CHECKLIST.items() for code, label in items}
    )
    register_value_labels("proposal", dict(DisciplineForm.choices))
    # A finding's sum of đồng reads as the report writes it ("8.400.000"), its label naming the unit.
    register_value_lookup(
        "amount", lambda value: number_vi(int(value)) if value.isascii() and value.isdigit() else None
    )
    register_object_display(
        "inspections.disciplineproposal",
        lambda p: f"{p.person}: {dict(DisciplineForm.choices).get(p.proposal, p.proposal)}",
    )
    register_reference_lookup(_inspection_objects_named)
    register_value_labels("category", dict(Category.choices))
    register_value_labels("severity", dict(Flag.Severity.choices))
    register_value_labels("source", dict(Flag.Source.choices))
    register_value_labels("outcome", dict(Inspection.Outcome.choices))
    # A plan's item is added with its own kind, unit and topics (the plan has none of its own).
    register_event_fields_of("plan.item_add", PlanItem, ["kind", "subject_unit", "topics"])
    register_event_labels("inspection.finding", fields={"topic": _("Nội dung kiểm tra")})
    register_event_labels("inspection.decide", fields={"number": _("Số quyết định")})
    register_event_labels("inspection.notify", fields={"number": _("Số thông báo kiểm tra")})
    register_event_labels("inspection.conclusion_notify", fields={"number": _("Số thông báo kết luận kiểm tra")})
    # A flag closed by an inspection carries the inspection's conclusion.
    register_event_labels(
        "flag.inspected", fields={"outcome": _("Kết luận")}, values={"outcome": dict(Inspection.Outcome.choices)}
    )
    register_event_labels("flag.decide", fields={"merged_into": _("Gộp vào hồ sơ")})
    # A discipline proceeding opened on an inspection or a flag, by its subject and the form proposed.
    for source in ("inspection", "flag"):
        for step in ("discipline_propose", "discipline_ballot"):
            register_event_labels(
                f"{source}.{step}",
                fields={"proceeding": _("Hồ sơ kỷ luật"), "meeting_on": _("Ngày họp")},
                references={"proceeding": "cases.disciplineproceeding"},
            )
        register_event_labels(
            f"{source}.discipline_propose",
            fields={"form": _("Hình thức kỷ luật đề nghị"), "discipline": _("Hình thức kỷ luật đề nghị")},
            values={"form": dict(DisciplineForm.choices), "discipline": dict(DisciplineForm.choices)},
        )
    # A case's "means" is how a denunciation was withdrawn: here it is how the notice reached the unit.
    register_event_labels(
        "inspection.notice_delivered",
        fields={"delivered_on": _("Ngày giao thông báo"), "means": _("Hình thức giao")},
        values={"means": dict(Inspection.DeliveryMeans.choices)},
    )
    # Here it is how the unit's report on paper reached the committee, and the day it did.
    register_event_labels(
        "recommendation.report_paper",
        fields={"received_on": _("Ngày nhận báo cáo"), "means": _("Hình thức nhận")},
        values={"means": dict(Inspection.DeliveryMeans.choices)},
    )


def _inspection_objects_named(text: str) -> list[tuple[str, str]]:
    """A flag by its reference (DH-00015), an inspection by its decision number or KT-…."""
    from casework.inspections.models import Flag, Inspection

    found: list[tuple[str, str]] = []
    match = re.fullmatch(r"(DH|KT)-0*(\d{1,12})", text.strip(), flags=re.IGNORECASE)
    if match and match[1].upper() == "DH":
        found += [
            ("inspections.flag", str(pk)) for pk in Flag.objects.filter(pk=int(match[2])).values_list("pk", flat=True)
        ]
    elif match:
        found += [
            ("inspections.inspection", str(pk))
            for pk in Inspection.objects.filter(pk=int(match[2])).values_list("pk", flat=True)
        ]
    by_number = Inspection.objects.filter(decision_number__iexact=text.strip()).values_list("pk", flat=True)
    return found + [("inspections.inspection", str(pk)) for pk in by_number]
