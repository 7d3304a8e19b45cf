from typing import Any

from django.apps import AppConfig
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "casework.cases"
    label = "cases"
    verbose_name = _("Đơn thư, hồ sơ vụ việc")

    def ready(self) -> None:
        from casework.cases import escalations
        from casework.cases.home import cases_home_section
        from casework.cases.recusal import discipline_proceedings_of_cases, register_case_objects
        from casework.web.home import register_home_section

        register_home_section(cases_home_section)
        register_case_objects("cases.disciplineproceeding", discipline_proceedings_of_cases)
        _forget_derived_rules_on_delegation()
        escalations.register()
        _register_audit_labels()


def _forget_derived_rules_on_delegation() -> None:
    """A delegation given or withdrawn during a request reaches the filters that request built from the
    roles (org.role_cache.derived: the inbox's decision rule, permissions.case_decidable_q)."""
    from django.db.models.signals import post_delete, post_save

    from casework.cases.models import Delegation
    from casework.org.role_cache import forget_derived_on_change

    post_save.connect(forget_derived_on_change, sender=Delegation, dispatch_uid="cases_delegation_derived_save")
    post_delete.connect(forget_derived_on_change, sender=Delegation, dispatch_uid="cases_delegation_derived_delete")


def _register_audit_labels() -> None:
    from casework.audit.labels import (
        register_action_labels,
        register_field_labels,
        register_reference_fields,
        register_value_labels,
        register_value_lookup,
    )
    from casework.audit.references import register_reference_lookup
    from casework.cases.models import (
        WITHDRAWN_PARTS,
        ComplexityGround,
        ContinueGround,
        DenunciationComplexityCriterion,
        DialogueAttendance,
        DialogueNoticeRecipient,
        DisciplineForm,
        MeetingAttendee,
        PublicationForm,
        RepresentationCapacity,
        Status,
        WithdrawalMeans,
        WithdrawalRecorder,
        WithdrawalSignature,
        withdrawn_part_shown,
    )
    from casework.cases.services.common import ACTION_LABELS
    from casework.cases.services.withdrawal_rules import WithdrawalScope
    from workflows.models import Escalation

    # capfirst keeps the label lazy: each reader sees it in their language.
    labels = {f"case.{name}": capfirst(verb) for name, verb in ACTION_LABELS.items()}
    labels.update(
        {
            "case.intake": _("Tiếp nhận đơn"),
            "case.identity_reveal": _("Xem danh tính người tố cáo"),
            "case.identity_grant": _("Cho phép xem danh tính người tố cáo"),
            "case.identity_file_open": _("Mở tài liệu có thông tin người tố cáo"),
            "case.redaction": _("Lập bản che thông tin người tố cáo"),
            "case.title_masked": _("Che danh tính người tố cáo trong tiêu đề"),
            "case.paper_to_denouncer": _("Lập văn bản gửi người tố cáo"),
            "case.conflict_declare": _("Khai báo xung đột lợi ích"),
            "case.merge_receive": _("Nhận gộp hồ sơ trùng"),
            "case.discipline": _("Lãnh đạo quyết định hình thức kỷ luật"),
            "case.discipline_propose": _("Đề nghị kỷ luật (chờ bỏ phiếu kín)"),
            "case.discipline_ballot": _("Kết quả bỏ phiếu kín kỷ luật"),
            "case.processing_extend": _("Kéo dài thời hạn xử lý ban đầu tố cáo"),
            "case.outside_competence": _("Xác định tố cáo không thuộc thẩm quyền"),
            "case.transfer_notice": _("Thông báo cho người tố cáo việc chuyển đơn"),
            "case.denounced_notice": _("Thông báo thụ lý cho người bị tố cáo"),
            "case.transferrer_notice": _("Thông báo kết quả xử lý cho cơ quan đã chuyển tố cáo"),
            "case.transferrer_notice_cancel": _("Hủy thông báo kết quả xử lý gửi cơ quan đã chuyển tố cáo"),
            "case.conclusion_sent": _("Gửi kết luận nội dung tố cáo"),
            "case.conclusion_published": _("Công khai kết luận nội dung tố cáo"),
            "case.decision_published": _("Công khai quyết định giải quyết khiếu nại lần hai"),
            "case.discipline_published": _("Công khai quyết định xử lý kỷ luật người bị tố cáo"),
            "case.publication_end_recorded": _("Ghi nhận ngày kết thúc niêm yết, đăng tải công khai"),
            "case.explanation_request": _("Yêu cầu người bị tố cáo giải trình"),
            "case.explanation_received": _("Ghi nhận giải trình của người bị tố cáo"),
            "case.explanation_missed": _("Ghi nhận người bị tố cáo không giải trình"),
            "case.verification_assign": _("Giao xác minh nội dung tố cáo"),
            "case.complaint_verification_assign": _("Giao nhiệm vụ xác minh nội dung khiếu nại"),
            "case.complaint_found_right": _("Ghi nhận khiếu nại đúng khi kiểm tra lại"),
            "case.criminal_referral": _("Chuyển hồ sơ có dấu hiệu tội phạm đến Cơ quan điều tra, Viện kiểm sát"),
            "case.suspension_sent": _("Gửi quyết định tạm đình chỉ giải quyết"),
            "case.termination_sent": _("Gửi quyết định đình chỉ giải quyết"),
            "case.resumption_sent": _("Gửi quyết định tiếp tục giải quyết khiếu nại"),
            "case.withdraw_whole": _("Rút toàn bộ đơn, chờ quyết định đình chỉ"),
            "case.representative": _("Ghi nhận người đại diện, người được ủy quyền khiếu nại"),
            "case.complexity": _("Quyết định tính chất phức tạp"),
            "case.withdraw_part": _("Rút một phần đơn"),
            "case.public_evidence": _("Người gửi đơn bổ sung tài liệu"),
            "case.withdraw_continue": _("Rút đơn, vụ việc tiếp tục giải quyết"),
            "case.accept_notice": _("Ghi nhận đã thông báo thụ lý"),
            "case.second_obstacles": _("Ghi nhận trở ngại khách quan của khiếu nại lần hai"),
            "case.decision_receipt": _("Ghi nhận ngày người khiếu nại nhận được quyết định giải quyết"),
            "case.set_aside": _("Chuyển thành thông tin (không xử lý)"),
            "case.expertise_request": _("Trưng cầu giám định"),
            "case.expertise_authorise": _("Ủy quyền người xác minh quyết định trưng cầu giám định"),
            "case.expertise_revoke": _("Thu hồi ủy quyền quyết định trưng cầu giám định"),
            "case.expertise_sent": _("Gửi văn bản trưng cầu giám định"),
            "case.expertise_conclusion": _("Nhận kết luận giám định"),
            "case.expertise_end": _("Trưng cầu giám định kết thúc cùng hồ sơ, không chờ kết luận"),
            **{
                f"case.escalation_{code}": format_lazy(_("Lãnh đạo quyết định: {}"), label)
                for code, label in Escalation.Decision.choices
            },
        }
    )
    register_action_labels(labels)
    register_field_labels(
        {
            "personally": _("Người giải quyết tố cáo tự mình xác minh"),
            "legal_ground": _("Căn cứ pháp lý"),
            "carried_from": _("Chuyển theo từ hồ sơ"),
            "accepted_on": _("Ngày thụ lý"),
            "refusal_ground": _("Căn cứ không thụ lý"),
            "transfer_body": _("Nơi nhận đơn chuyển"),
            "triage_note": _("Ghi chú xử lý đơn"),
            "outcome": _("Kết quả"),
            "decision_number": _("Số văn bản"),
            "decision_text": _("Nội dung văn bản"),
            "verification_result": _("Kết quả xác minh"),
            "legal_basis": _("Căn cứ pháp luật"),
            "resolution_measures": _("Biện pháp xử lý, giải quyết"),
            "policy_recommendations": _("Kiến nghị sửa đổi, bổ sung chính sách, pháp luật"),
            "compensation": _("Bồi thường thiệt hại"),
            "decided_on": _("Ngày ban hành"),
            "notified_on": _("Ngày thông báo"),
            "decision_received_on": _("Ngày người khiếu nại nhận được quyết định"),
            "obstacle_days": _("Số ngày có trở ngại khách quan"),
            "obstacle_note": _("Trở ngại khách quan"),
            "second_last_day": _("Hạn cuối khiếu nại lần hai"),
            "closed_on": _("Ngày đóng hồ sơ"),
            "extensions": _("Số lần gia hạn"),
            "discipline_proposal": _("Đề xuất kỷ luật"),
            "merged_into": _("Gộp vào hồ sơ"),
            "proposal": _("Đề xuất"),
            "proposal_verification_result": _("Dự thảo kết quả xác minh"),
            "proposal_legal_basis": _("Dự thảo căn cứ pháp luật"),
            "proposal_decision_text": _("Dự thảo kết luận"),
            "proposal_resolution_measures": _("Dự thảo biện pháp xử lý, giải quyết"),
            "proposal_policy_recommendations": _("Dự thảo kiến nghị sửa đổi, bổ sung chính sách, pháp luật"),
            "proposal_compensation": _("Dự thảo bồi thường thiệt hại"),
            "dialogue_record": _("Nội dung đối thoại"),
            "dialogue_on": _("Ngày đối thoại"),
            "dialogue_place": _("Địa điểm đối thoại"),
            "dialogue_chair": _("Người chủ trì đối thoại"),
            "dialogue_notice_on": _("Ngày gửi thông báo đối thoại"),
            "dialogue_notice_to": _("Thông báo đối thoại đã gửi đến"),
            "dialogue_notice_related": _("Người, cơ quan, tổ chức có liên quan nhận thông báo đối thoại"),
            "dialogue_participants": _("Thành phần tham gia đối thoại"),
            "complainant_absent": _("Người khiếu nại tham gia đối thoại"),
            "dialogue_opinions": _("Ý kiến của những người tham gia đối thoại"),
            "dialogue_agreed": _("Những nội dung đối thoại đã thống nhất"),
            "dialogue_disputed": _("Những vấn đề còn ý kiến khác nhau"),
            "termination_commune_committee": _("Ủy ban nhân dân cấp xã nhận quyết định đình chỉ"),
            "is_complex": _("Phức tạp"),
            "complexity_grounds": _("Căn cứ xác định vụ việc phức tạp"),
            "complexity_criteria": _("Tiêu chí xác định vụ việc tố cáo phức tạp"),
            "suspended_from": _("Bước trước khi tạm đình chỉ"),
            "suspension_reason": _("Lý do tạm đình chỉ"),
            "resumption_reason": _("Lý do tiếp tục giải quyết"),
            "merged": _("Hồ sơ trùng đã gộp vào hồ sơ này"),
            "flag": _("Dấu hiệu vi phạm"),
            "recipient": _("Người nhận"),
            "sent_to": _("Gửi đến"),
            "to": _("Chuyển đến"),
            "scope": _("Phạm vi rút đơn"),
            "withdrawn": _("Nội dung đã rút"),
            "assessment": _("Đánh giá khi rút tố cáo"),
            "group": _("Một số người trong nhóm tố cáo rút"),
            "continue_case": _("Tiếp tục giải quyết"),
            "means": _("Hình thức rút tố cáo"),
            "made_on": _("Ngày của đơn rút tố cáo hoặc biên bản"),
            "signature": _("Chữ ký hoặc điểm chỉ của người rút tố cáo"),
            "recorder_role": _("Người lập biên bản là"),
            "recorder": _("Người lập biên bản"),
            "denouncers": _("Người tố cáo rút tố cáo (thứ tự trong danh tính)"),
            "particulars_sealed": _("Thông tin người rút tố cáo (đã mã hóa cùng danh tính)"),
            "continue_grounds": _("Căn cứ vẫn tiếp tục giải quyết"),
            "measures": _("Biện pháp bảo vệ người tố cáo, xử lý người vi phạm đã áp dụng hoặc đề nghị"),
            "attachment": _("Tệp đính kèm"),
            "masks": _("Số chỗ che thông tin"),
            "proceeding": _("Hồ sơ kỷ luật"),
            "form": _("Hình thức kỷ luật"),
            "awaiting": _("Đang chờ"),
            "recommendation": _("Biện pháp, kiến nghị cần thực hiện"),
            "owner_unit": _("Đơn vị thực hiện"),
            "monitor": _("Người theo dõi, đôn đốc"),
            "expertise": _("Lần trưng cầu giám định"),
            "expertise_body": _("Cơ quan, tổ chức được yêu cầu giám định"),
            "expertise_due_on": _("Thời hạn đề nghị gửi kết luận giám định"),
            "expertise_related": _("Cơ quan, tổ chức, cá nhân có liên quan nhận văn bản"),
            "expertise_authorised_on": _("Ủy quyền người xác minh quyết định trưng cầu giám định từ ngày"),
            "authorised": _("Quyết định theo ủy quyền của người giải quyết"),
            "verifier_by_law": _("Người có trách nhiệm xác minh quyết định theo luật"),
            "sent_on": _("Ngày gửi"),
            "conclusion_on": _("Ngày nhận kết luận giám định"),
            "expertise_ended": _("Các lần trưng cầu giám định kết thúc cùng hồ sơ"),
            "ended_on": _("Ngày kết thúc"),
            "capacity": _("Tư cách người đại diện, người được ủy quyền"),
            "document_on": _("Ngày của văn bản ủy quyền, giấy tờ đại diện"),
            "certified": _("Văn bản ủy quyền đã được công chứng hoặc chứng thực"),
            "document": _("Có văn bản ủy quyền, giấy tờ đại diện kèm theo"),
            "defects": _("Số điểm chưa hợp lệ của việc đại diện"),
            "publication": _("Việc công khai"),
            "publication_form": _("Hình thức công khai"),
        }
    )
    register_reference_fields(
        {"recommendation": "inspections.recommendation", "owner_unit": "org.unit", "monitor": "org.user"}
    )
    register_value_labels("form", dict(DisciplineForm.choices))
    # The form proposed for each violation and a secret ballot's votes counted per form
    # (casework.cases.services.discipline).
    for field in ("violations", "votes"):
        register_value_labels(field, dict(DisciplineForm.choices))
    register_value_labels("capacity", dict(RepresentationCapacity.choices))
    register_value_labels("complexity_grounds", dict(ComplexityGround.choices))
    register_value_labels("complexity_criteria", dict(DenunciationComplexityCriterion.choices))
    register_value_labels("complainant_absent", dict(DialogueAttendance.choices))
    register_value_labels("dialogue_notice_to", dict(DialogueNoticeRecipient.choices))
    register_value_labels(
        "awaiting",
        {
            "secret_ballot": _("Bỏ phiếu kín của cơ quan có thẩm quyền"),
            "termination_decision": _("Quyết định đình chỉ việc giải quyết"),
        },
    )
    register_value_labels("suspended_from", dict(Status.choices))
    # The forms of a publication recorded, and who its meeting included (casework.cases.services.publicity).
    for field in ("publication_form", "forms"):
        register_value_labels(field, dict(PublicationForm.choices))
    register_value_labels("meeting_attendees", dict(MeetingAttendee.choices))
    register_value_labels(
        "publication",
        {
            "publish_conclusion": _("Công khai kết luận nội dung tố cáo"),
            "publish_decision": _("Công khai quyết định giải quyết khiếu nại lần hai"),
            "discipline": _("Công khai quyết định xử lý kỷ luật người bị tố cáo"),
        },
    )
    register_value_labels("scope", dict(WithdrawalScope.CHOICES))
    register_value_labels("means", dict(WithdrawalMeans.choices))
    register_value_labels("recorder_role", dict(WithdrawalRecorder.choices))
    register_value_labels("signature", dict(WithdrawalSignature.choices))
    register_value_labels("continue_grounds", dict(ContinueGround.choices))
    register_reference_fields({"recorder": "org.user"})
    for field in ("discipline_proposal", "discipline", "proposal", "proposed_form"):
        register_value_labels(field, dict(DisciplineForm.choices))
    # What a withdrawal naming no content of its own recorded as withdrawn (its Vietnamese source).
    register_value_lookup("withdrawn", lambda value: withdrawn_part_shown(value) if value in WITHDRAWN_PARTS else None)
    register_reference_lookup(_cases_named)
    _register_step_labels()


def _on_day(what: Any) -> Any:
    """How a record of a step is named where an event names it by its id: what it is and its day."""
    from django.utils.translation import gettext

    return lambda row: gettext("%(what)s ngày %(on)s") % {"what": capfirst(what(row)), "on": f"{row.on:%d/%m/%Y}"}


def _register_step_labels() -> None:
    """The keys whose meaning depends on the step that writes them, labelled per action: a request to
    explain's "means" is how the person denounced was asked (Nghị định 31/2019/NĐ-CP Đ.12 khoản 1), a
    withdrawal's how the denunciation was withdrawn (Luật Tố cáo 2018 Đ.33); "on" is the day of the step's
    own record. A key holding a record's id shows that record (`_on_day`), never the id."""
    from casework.audit.labels import register_event_fields_of, register_event_labels
    from casework.audit.references import register_object_display
    from casework.cases.models import (
        ComplaintFoundRight,
        ConclusionPublication,
        CriminalReferral,
        DenouncedExplanation,
        DisciplineProceeding,
        DisciplinePublication,
        ExpertiseRequest,
        ExplanationEntry,
        VerificationAssignment,
        Withdrawal,
    )
    from casework.inspections.models import Recommendation

    explanation = {"explanation": DenouncedExplanation._meta.verbose_name}
    explanation_id = {"explanation": "cases.denouncedexplanation"}
    register_event_fields_of("case.explanation_request", DenouncedExplanation, ["due_on", "means"])
    register_event_labels(
        "case.explanation_request",
        fields={**explanation, "on": _("Ngày gửi yêu cầu giải trình")},
        references=explanation_id,
    )
    register_event_fields_of("case.explanation_received", DenouncedExplanation, ["form", "evidence"])
    register_event_labels(
        "case.explanation_received", fields={**explanation, "on": _("Ngày giải trình")}, references=explanation_id
    )
    register_event_fields_of("case.explanation_missed", DenouncedExplanation, ["entry"])
    register_event_labels(
        "case.explanation_missed",
        fields={**explanation, "on": _("Ngày ghi nhận"), "request": ExplanationEntry.REQUEST.label},
        references={**explanation_id, "request": "cases.denouncedexplanation"},
    )
    register_object_display("cases.denouncedexplanation", _on_day(lambda row: row.get_entry_display()))

    # Luật Tố cáo 2018 Đ.31 khoản 1, 2; Luật Khiếu nại 2011 Đ.29 khoản 1 điểm b, Đ.38.
    assignment = ["on", "personally", "leader", "members", "starts_on", "ends_on"]
    for action in ("case.verification_assign", "case.complaint_verification_assign"):
        register_event_fields_of(action, VerificationAssignment, assignment)
        register_event_labels(
            action,
            fields={"assignment": _("Văn bản giao xác minh")},
            references={"assignment": "cases.verificationassignment"},
        )
    register_event_labels(
        "case.complaint_verification_assign",
        fields={
            "on": _("Ngày quyết định giao nhiệm vụ xác minh"),
            "personally": _("Người giải quyết khiếu nại tự mình xác minh"),
        },
    )
    register_object_display(
        "cases.verificationassignment", _on_day(lambda row: VerificationAssignment._meta.verbose_name)
    )
    # Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a: the complaint found right on re-examination.
    register_event_fields_of("case.complaint_found_right", ComplaintFoundRight, ["on"])
    register_event_labels(
        "case.complaint_found_right",
        fields={"found_right": ComplaintFoundRight._meta.verbose_name},
        references={"found_right": "cases.complaintfoundright"},
    )
    register_object_display("cases.complaintfoundright", _on_day(lambda row: ComplaintFoundRight._meta.verbose_name))
    # Luật Tố cáo 2018 Đ.36 khoản 2: the file sent to the investigating body or procuracy.
    register_event_fields_of("case.criminal_referral", CriminalReferral, ["on", "body_kind", "body_name", "reference"])
    register_event_labels(
        "case.criminal_referral",
        fields={"referral": CriminalReferral._meta.verbose_name},
        references={"referral": "cases.criminalreferral"},
    )
    register_object_display("cases.criminalreferral", _on_day(lambda row: row.reference or row.body_name))

    # A withdrawal's record (Luật Tố cáo 2018 Đ.33; Luật Khiếu nại 2011 Đ.10).
    for action in ("case.withdraw", "case.withdraw_whole"):
        register_event_fields_of(
            action, Withdrawal, ["means", "made_on", "signature", "assessment", "complainants", "recorder_role"]
        )
        register_event_labels(action, fields={"scope": _("Phạm vi rút đơn")})

    # A discipline proceeding (Điều lệ Công đoàn Việt Nam; Hướng dẫn thi hành kỷ luật): its id by its subject.
    proceeding = {"proceeding": _("Hồ sơ kỷ luật")}
    for action in ("case.discipline_propose", "case.discipline_ballot"):
        register_event_labels(action, fields=proceeding, references={"proceeding": "cases.disciplineproceeding"})
    register_event_fields_of("case.discipline_ballot", DisciplineProceeding, ["meeting_on"])
    register_event_labels("case.discipline_propose", fields={"form": _("Hình thức kỷ luật đề nghị")})
    register_object_display(
        "cases.disciplineproceeding", lambda p: f"{p.subject_name}: {p.get_proposed_form_display()}"
    )
    # A publication's record (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.9-10).
    register_event_fields_of("case.conclusion_published", ConclusionPublication, ["meeting_on"])
    register_event_fields_of("case.discipline_published", DisciplinePublication, ["meeting_on", "discipline"])
    # The deadlines a step sets: a measure's, a resolution extended, a conclusion of expertise asked for.
    register_event_fields_of("case.conclusion_measure", Recommendation, ["due_on"])
    register_event_labels("case.extend", fields={"due_on": _("Hạn mới")})
    register_event_fields_of("case.expertise_sent", ExpertiseRequest, ["sent_on"])


def _cases_named(text: str) -> list[tuple[str, str]]:
    """A case by its reference (TC-2026-00019)."""
    from casework.cases.models import Case

    return [("cases.case", str(pk)) for pk in Case.objects.filter(reference__iexact=text).values_list("pk", flat=True)]
