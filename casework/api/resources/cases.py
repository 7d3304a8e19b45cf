"""Cases: intake (Idempotency-Key), list with filters and search, detail, timeline, and
POST actions that call the cases services, plus the public intake and status by receipt code."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.errors import ACTION_ERRORS, INVALID, NOT_FOUND, THROTTLED, UNPROCESSABLE
from casework.api.idempotency import idempotent, idempotent_with
from casework.api.ordering import LIST_FILTERS, URGENCY_FIELDS, deadline_filter
from casework.api.resources.audit import TimelineEventSerializer
from casework.api.scoping import (
    MAX_ID,
    ScopedPrimaryKeyField,
    filter_units,
    filter_users,
    url_pk,
    visible_person,
    visible_unit,
)
from casework.api.throttling import PublicIntakeThrottle
from casework.areas.selectors import UNCLASSIFIED_LABEL, subject_area_label
from casework.audit.selectors import audit_timeline
from casework.cases import services
from casework.cases.actions import case_actions
from casework.cases.complaint_limits import (
    DECIDED,
    decision_received_on,
    first_decision_final,
    limitation_expired,
    limitation_last_day,
    second_complaint_last_day,
    second_complaint_may_lodge,
    second_complaint_open,
    second_window,
)
from casework.cases.first_round import first_round_result_for
from casework.cases.models import (
    Case,
    Channel,
    Kind,
    MeetingAttendee,
    PublicationForm,
    PublicationMedia,
    RefusalGround,
    Status,
    Submitter,
    TerminationGround,
    refusal_grounds,
)
from casework.cases.receipts import receipt_code_from
from casework.cases.selectors import (
    case_content_for,
    case_deadlines,
    case_expertise,
    case_get_for_user,
    case_get_in_user_trees,
    case_list,
    case_status_by_code,
    case_withdrawals,
    complainants_withdrawn_ids,
    submitter_id_numbers,
)
from casework.cases.services.criminal_referral import criminal_referrals
from casework.cases.services.explanation import explanations
from casework.cases.services.publicity import discipline_publication_state, publication_state
from casework.cases.services.verification import complaint_found_right, verification_assignments
from casework.inspections.models import Recommendation
from casework.inspections.selectors import recommendations_of_case
from casework.org.models import Unit, User
from core import clock
from core.errors import TransitionNotAllowed
from workflows.calendar import deadline_is_estimated
from workflows.deadline_status import clock_state
from workflows.models import Deadline
from workflows.services.escalations import escalation_open

# ---- representations ---------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(read_only=True, default=False)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    assignee_name = serializers.SerializerMethodField()
    subject_area = serializers.SerializerMethodField(help_text=_("Mã lĩnh vực; null: chưa phân loại"))
    subject_area_name = serializers.SerializerMethodField(help_text=_("Tên lĩnh vực hiện hành"))

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "kind",
            "channel",
            "status",
            "version",
            "received_on",
            "unit",
            "unit_name",
            "subject_unit",
            "subject_person",
            "title",
            "subject_area",
            "subject_area_name",
            "is_complex",
            "is_remote",
            "is_anonymous",
            "is_group",
            "round",
            "assignee",
            "assignee_name",
            "accepted_on",
            "decided_on",
            "closed_on",
            "overdue",
        ]
        # The number of the decision paper in the unit's outgoing register; never written through the API.
        read_only_fields = ["decision_number"]

    def get_assignee_name(self, obj: Case) -> str:
        return str(obj.assignee) if obj.assignee_id else ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_subject_area(self, obj: Case) -> str | None:
        return obj.subject_area.code if obj.subject_area_id else None

    def get_subject_area_name(self, obj: Case) -> str:
        if not obj.subject_area_id:
            return str(UNCLASSIFIED_LABEL)
        # Lists annotate the current name; a single case reads it.
        return getattr(obj, "subject_area_name", None) or subject_area_label(obj.subject_area)


class SubmitterSerializer(serializers.ModelSerializer):
    """A complainant or petitioner; `withdrawn`: one of several complainants who withdrew the complaint,
    who no longer has a complainant's rights and duties (Decree 124/2020/NĐ-CP Art. 7a(1))."""

    withdrawn = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField(
        help_text=_("Số căn cước/định danh cá nhân/hộ chiếu: chỉ cho người được xem danh tính, còn lại để trống")
    )

    class Meta:
        model = Submitter
        fields = ["id", "full_name", "phone", "email", "address", "is_representative", "withdrawn", "id_number"]

    def get_withdrawn(self, obj: Submitter) -> bool:
        return obj.pk in self.context.get("withdrawn", set())

    def get_id_number(self, obj: Submitter) -> str:
        return str(self.context.get("id_numbers", {}).get(obj.pk, ""))


class RepresentativeSerializer(serializers.Serializer):
    """The complaint's representative as the case shows it; `id_number` only to whom may see the identity;
    `defects`: why it is not lawful (empty when it is)."""

    capacity = serializers.CharField()
    full_name = serializers.CharField()
    address = serializers.CharField()
    id_number = serializers.CharField()
    document_on = serializers.DateField(allow_null=True)
    scope = serializers.CharField()
    certified = serializers.BooleanField()
    defects = serializers.ListField(child=serializers.CharField())


class DeadlineSerializer(serializers.Serializer):
    step = serializers.CharField()
    status = serializers.CharField()
    due_on = serializers.DateField()
    estimated = serializers.SerializerMethodField(
        help_text=_("Hạn dự kiến của bước chưa xong: năm chưa có thông báo lịch nghỉ chính thức")
    )

    status_label = serializers.SerializerMethodField(
        help_text=_("Trạng thái như trang hồ sơ ghi: hoàn thành quá hạn N ngày, quá hạn N ngày, …")
    )
    late_days = serializers.SerializerMethodField(
        help_text=_("Số ngày quá hạn: đang chạy quá hạn, hoặc đã kết thúc sau khi quá hạn; 0 nếu không")
    )

    def get_estimated(self, obj: Deadline) -> bool:
        return deadline_is_estimated(obj)

    def get_status_label(self, obj: Deadline) -> str:
        return clock_state(obj, clock.now()).label

    def get_late_days(self, obj: Deadline) -> int:
        return clock_state(obj, clock.now()).late_days


class LimitationSerializer(serializers.Serializer):
    last_day = serializers.DateField(allow_null=True)
    expired = serializers.BooleanField()
    proposed_refusal_ground = serializers.CharField(allow_null=True)


class TerminationDueSerializer(serializers.Serializer):
    """A whole withdrawal recorded after acceptance: the termination decision it awaits."""

    due = serializers.BooleanField()
    ground = serializers.CharField(allow_null=True)
    withdrawn_on = serializers.DateField(allow_null=True)


class SecondComplaintWindowSerializer(serializers.Serializer):
    last_day = serializers.DateField(allow_null=True)
    open = serializers.BooleanField()
    # Registered even past the window, and answered at triage (Law on Complaints 2011 Art. 11(6), 36(1)).
    may_lodge = serializers.BooleanField()
    decision_received_on = serializers.DateField(allow_null=True)
    first_decision_final = serializers.BooleanField()


class SecondWindowSerializer(serializers.Serializer):
    """A second-round complaint's time limit (Law on Complaints 2011 Art. 33(1)): counted from the day the first
    decision was received (`from_decision`) or the first round's limit ran out, plus the objective obstacle days
    recorded at triage (Art. 9(2)). `late`: only a refusal on the ground `expired` or, once obstacles bring it into
    time, an acceptance answer it (Art. 11(6))."""

    starts_on = serializers.DateField()
    from_decision = serializers.BooleanField()
    days = serializers.IntegerField()
    obstacle_days = serializers.IntegerField()
    last_day = serializers.DateField()
    received_on = serializers.DateField()
    late = serializers.BooleanField()


class DisciplineSerializer(serializers.Serializer):
    """A discipline proposal and the competent body's secret ballot on it (QĐ 5130/QĐ-TLĐ)."""

    id = serializers.IntegerField()
    subject_kind = serializers.CharField()
    subject_name = serializers.CharField()
    violations = serializers.ListField(child=serializers.CharField())
    proposed_form = serializers.CharField()
    status = serializers.CharField()
    meeting_on = serializers.DateField(allow_null=True)
    members_total = serializers.IntegerField(allow_null=True)
    members_present = serializers.IntegerField(allow_null=True)
    votes = serializers.DictField(child=serializers.IntegerField())
    outcome = serializers.CharField()
    decision_number = serializers.CharField(read_only=True, help_text=_("Số trong sổ văn bản đi, do hệ thống cấp"))
    signed_by = serializers.CharField(source="signed_by_id", allow_null=True)


class ConclusionMeasureSerializer(serializers.ModelSerializer):
    """A measure of the conclusion, followed as a recommendation (GET /api/recommendations/{id}/)."""

    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "reference", "text", "owner_unit", "due_on", "monitor", "status", "times_returned"]


class WithdrawalSerializer(serializers.Serializer):
    """A denunciation's withdrawal as recorded: never the denouncer's name, address or contact; or that of
    some of a complaint's several complainants (`complainants`: their ids among the submitters)."""

    means = serializers.CharField()
    made_on = serializers.DateField()
    recorder_role = serializers.CharField()
    recorder = serializers.IntegerField(source="recorder_id", allow_null=True)
    signature = serializers.CharField()
    scope = serializers.CharField()
    denouncers = serializers.ListField(child=serializers.IntegerField())
    all_denouncers = serializers.BooleanField()
    withdrawn_content = serializers.CharField()
    continue_grounds = serializers.ListField(child=serializers.CharField())
    assessment = serializers.CharField()
    measures = serializers.CharField()
    complainants = serializers.SerializerMethodField()
    recorded_at = serializers.DateTimeField()

    def get_complainants(self, obj: Any) -> list[int]:
        return sorted(s.pk for s in obj.complainants.all())


class ExpertiseRequestSerializer(serializers.Serializer):
    """A request for an expert assessment, its sending and the conclusion received; `overdue`: its clock
    ran past the day asked for while the conclusion is awaited."""

    id = serializers.IntegerField()
    number = serializers.IntegerField()
    body = serializers.CharField()
    content = serializers.CharField()
    materials = serializers.CharField()
    due_on = serializers.DateField()
    related = serializers.CharField()
    requested_on = serializers.DateField()
    authorised = serializers.BooleanField(help_text=_("Quyết định theo ủy quyền của người giải quyết tố cáo"))
    paper_symbol = serializers.CharField(help_text=_("Số trong sổ văn bản đi, do hệ thống cấp"))
    sent_on = serializers.DateField(allow_null=True)
    conclusion_on = serializers.DateField(allow_null=True)
    conclusion_summary = serializers.CharField()
    conclusion_attachment = serializers.IntegerField(source="conclusion_attachment_id", allow_null=True)
    ended_on = serializers.DateField(
        allow_null=True, help_text=_("Ngày hồ sơ kết thúc khi kết luận còn đang chờ: lần trưng cầu kết thúc cùng hồ sơ")
    )
    awaiting = serializers.BooleanField()
    overdue = serializers.BooleanField()


class ExplanationSerializer(serializers.Serializer):
    """A step of the person denounced's explanation during verification (Law on Denunciations 2018 Art.
    31(3), (4); Decree 31/2019/NĐ-CP Art. 12): a request (`due_on`, `means`), an explanation received
    (`form`, `place`, `explainer`, `evidence`), or no explanation by the deadline / a refusal."""

    id = serializers.IntegerField()
    entry = serializers.CharField(help_text=_("request | explained | no_response | refused"))
    on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    means = serializers.CharField(help_text=_("written | invitation (yêu cầu); rỗng với bước khác"))
    form = serializers.CharField(help_text=_("written | session (giải trình); rỗng với bước khác"))
    explainer = serializers.CharField()
    place = serializers.CharField()
    content = serializers.CharField()
    evidence = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Tệp đính kèm của hồ sơ mang tài liệu, chứng cứ")
    )


class VerificationAssignmentSerializer(serializers.Serializer):
    """A written assignment of a denunciation's verification (Law on Denunciations 2018 Art. 31(1), (2);
    Decree 31/2019/NĐ-CP Art. 10), or the decision assigning a complaint's (Law on Complaints 2011 Art. 29(1)(b),
    Art. 38): the day, who is assigned (with the team leader) or, `personally`, the
    resolver verifying alone (its one member), the content, the time."""

    id = serializers.IntegerField()
    on = serializers.DateField()
    leader = serializers.IntegerField(source="leader_id")
    members = serializers.ListField(child=serializers.IntegerField())
    personally = serializers.BooleanField()
    content = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ComplaintFoundRightSerializer(serializers.Serializer):
    """A first complaint found right on re-examination, decided at once with no verification (Law on Complaints
    2011 Art. 29(1)(a)): the day, the reason and who recorded it."""

    on = serializers.DateField()
    reason = serializers.CharField()
    recorded_by = serializers.IntegerField(source="recorded_by_id")


class CriminalReferralSerializer(serializers.Serializer):
    """The file sent to the investigating body or the procuracy after the conclusion (Law on Denunciations
    2018 Art. 36(2))."""

    id = serializers.IntegerField()
    body_kind = serializers.CharField(help_text=_("investigation | procuracy"))
    body_name = serializers.CharField()
    on = serializers.DateField()
    reference = serializers.CharField()
    note = serializers.CharField()


class FirstRoundResultSerializer(serializers.Serializer):
    """The first round's decision a second-round complaint's decision states (Law on Complaints 2011 Art.
    40(2)(d)), read from the first case; `recorded` false when that case records no decision."""

    resolver = serializers.CharField()
    number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    conclusion = serializers.CharField()
    measures = serializers.CharField()
    compensation = serializers.CharField()
    recorded = serializers.BooleanField()


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _published(record: Any) -> dict[str, Any]:
    """What a publication record (a conclusion's, a decision's or a discipline decision's) says was published."""
    return {
        "published_on": _iso(record.published_on) if record else None,
        "forms": list(record.forms) if record else [],
        "meeting_on": _iso(record.meeting_on) if record else None,
        "meeting_attendees": list(record.meeting_attendees) if record else [],
        "posting_from": _iso(record.posting_from) if record else None,
        "posting_until": _iso(record.posting_until) if record else None,
        "portal_from": _iso(record.portal_from) if record else None,
        "portal_until": _iso(record.portal_until) if record else None,
        "text": record.text if record else "",
    }


class CaseDetailSerializer(CaseSerializer):
    """The case with what the caller may do next. Denouncers' identities never appear here."""

    content = serializers.SerializerMethodField()
    submitters = serializers.SerializerMethodField()
    representative = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    transfers = serializers.SerializerMethodField()
    limitation = serializers.SerializerMethodField()
    second_complaint = serializers.SerializerMethodField()
    second_window = serializers.SerializerMethodField()
    disciplines = serializers.SerializerMethodField()
    termination_due = serializers.SerializerMethodField()
    # The day and what was withdrawn, each time, in the caller's language as the case page shows it.
    withdrawn_content = serializers.CharField(source="withdrawn_content_shown", read_only=True)
    conclusion_measures = serializers.SerializerMethodField()
    withdrawals = serializers.SerializerMethodField()
    complexity_grounds = serializers.ListField(child=serializers.CharField(), read_only=True)
    complexity_criteria = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Tố cáo: tiêu chí xác định vụ việc phức tạp (Điều 3 khoản 2 Nghị định 31/2019/NĐ-CP)"),
    )
    dialogue_notice_to = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Thông báo đối thoại đã gửi đến")
    )
    expertise_requests = serializers.SerializerMethodField()
    explanations = serializers.SerializerMethodField()
    publication = serializers.SerializerMethodField(
        help_text=_(
            "Công khai kết luận nội dung tố cáo (Luật Tố cáo 2018 Đ.40) hoặc quyết định giải quyết khiếu nại lần hai "
            "(Luật Khiếu nại 2011 Đ.41): null khi hồ sơ không phải công khai; tracked=false khi phiên bản chính sách "
            "của hồ sơ không có thời hạn công khai"
        )
    )
    discipline_publications = serializers.SerializerMethodField(
        help_text=_(
            "Công khai quyết định xử lý kỷ luật người bị tố cáo (Luật Tố cáo 2018 Đ.40 khoản 1), mỗi quyết định một "
            "dòng: owed và due_on khi còn phải công khai; tracked=false khi phiên bản chính sách của hồ sơ không có "
            "thời hạn công khai"
        )
    )
    verification_assignments = serializers.SerializerMethodField()
    complaint_found_right = serializers.SerializerMethodField()
    criminal_referrals = serializers.SerializerMethodField()
    first_round_result = serializers.SerializerMethodField()
    dialogue_note_taker = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("Người ghi biên bản đối thoại (không có: ghi tay trên biên bản)")
    )

    def get_content(self, obj: Case) -> str:
        """A denunciation's working copy, always: the original is read only within an audited reveal."""
        return case_content_for(case=obj, user=self.context["request"].user)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "content",
            "previous",
            "first_round_result",
            "origin",
            "merged_into",
            "transfers",
            "legal_ground",
            "refusal_ground",
            "transfer_body",
            "triage_note",
            "dialogue_record",
            "dialogue_on",
            "dialogue_place",
            "dialogue_chair",
            "dialogue_note_taker",
            "dialogue_notice_on",
            "dialogue_notice_to",
            "dialogue_notice_related",
            "dialogue_participants",
            "complainant_absent",
            "dialogue_opinions",
            "dialogue_agreed",
            "dialogue_disputed",
            "proposal",
            "proposal_verification_result",
            "proposal_legal_basis",
            "proposal_decision_text",
            "proposal_resolution_measures",
            "proposal_policy_recommendations",
            "proposal_compensation",
            "outcome",
            "decision_number",
            "decision_text",
            "verification_result",
            "legal_basis",
            "resolution_measures",
            "policy_recommendations",
            "compensation",
            "discipline_proposal",
            "notified_on",
            "extensions",
            "flag_ref",
            "created_at",
            "updated_at",
            "submitters",
            "representative",
            "deadlines",
            "allowed_actions",
            "knew_on",
            "obstacle_days",
            "obstacle_note",
            "suspension_ground",
            "termination_ground",
            "termination_commune_committee",
            "is_especially_complex",
            "complexity_decision",
            "complexity_grounds",
            "complexity_criteria",
            "withdrawn_content",
            "limitation",
            "second_complaint",
            "second_window",
            "decision_received_on",
            "disciplines",
            "termination_due",
            "conclusion_measures",
            "withdrawals",
            "expertise_authorised_on",
            "expertise_requests",
            "explanations",
            "publication",
            "discipline_publications",
            "verification_assignments",
            "complaint_found_right",
            "criminal_referrals",
        ]

    @extend_schema_field(FirstRoundResultSerializer(allow_null=True))
    def get_first_round_result(self, obj: Case) -> dict[str, Any] | None:
        """A second-round complaint's first result, to a caller who may read the first case (as the page)."""
        result = first_round_result_for(user=self.context["request"].user, case=obj)
        return None if result is None else FirstRoundResultSerializer(result).data

    @extend_schema_field(WithdrawalSerializer(many=True))
    def get_withdrawals(self, obj: Case) -> list[dict[str, Any]]:
        """A denunciation's withdrawals (Nghị định 31/2019/NĐ-CP Đ.4, sửa đổi bởi Nghị định 156/2026/NĐ-CP), or those of
        a complaint's several complainants (Nghị định 124/2020/NĐ-CP Đ.7a)."""
        return WithdrawalSerializer(case_withdrawals(case=obj), many=True).data

    @extend_schema_field(TerminationDueSerializer)
    def get_termination_due(self, obj: Case) -> dict[str, Any]:
        """Luật Khiếu nại 2011 Đ.10; Luật Tố cáo 2018 Đ.34 khoản 3 điểm a: withdrawn in whole after
        acceptance, the case awaits the competent body's termination decision on that ground."""
        due = services.termination_due(obj)
        return {
            "due": due,
            "ground": TerminationGround.WITHDRAWN.value if due else None,
            "withdrawn_on": obj.withdrawn_in_whole_on if due else None,
        }

    @extend_schema_field(ExpertiseRequestSerializer(many=True))
    def get_expertise_requests(self, obj: Case) -> list[dict[str, Any]]:
        """Nghị định 31/2019/NĐ-CP Đ.15 (sửa đổi bởi Nghị định 156/2026/NĐ-CP): the same rows as the case page."""
        derived = ("awaiting", "overdue", "conclusion_attachment")
        fields = [name for name in ExpertiseRequestSerializer().fields if name not in derived]
        rows = [
            {
                **{name: getattr(row.request, name) for name in fields},
                "conclusion_attachment_id": row.request.conclusion_attachment_id,
                "awaiting": row.request.awaiting,
                "overdue": row.overdue,
            }
            for row in case_expertise(case=obj)
        ]
        return ExpertiseRequestSerializer(rows, many=True).data

    @extend_schema_field(ExplanationSerializer(many=True))
    def get_explanations(self, obj: Case) -> list[dict[str, Any]]:
        """A denunciation's explanation steps, as the case page lists them."""
        if obj.kind != Kind.DENUNCIATION:
            return []
        rows = [
            {**{f: getattr(row, f) for f in ExplanationSerializer().fields if f != "evidence"}, "evidence": evidence}
            for row in explanations(obj).prefetch_related("evidence")
            for evidence in [sorted(a.pk for a in row.evidence.all())]
        ]
        return ExplanationSerializer(rows, many=True).data

    def get_publication(self, obj: Case) -> dict[str, Any] | None:
        """The same state the case page's card shows (`publication_state`), with what was published."""
        state = publication_state(obj)
        if state is None:
            return None
        record = state["record"]
        return {
            "step": state["step"],
            "tracked": state["tracked"],
            "owed": state["owed"],
            "reissued": state["reissued"],
            **_published(record),
            "meeting_notified_on": _iso(record.meeting_notified_on) if record else None,
        }

    def get_discipline_publications(self, obj: Case) -> list[dict[str, Any]]:
        """The same rows the case page's card shows (`discipline_publication_state`), with what was published."""
        return [
            {
                "discipline": row["discipline"].pk,
                "decision_number": row["discipline"].decision_number,
                "decided_on": _iso(row["decided_on"]),
                "step": row["step"],
                "tracked": row["tracked"],
                "owed": row["owed"],
                "due_on": _iso(row["due_on"]),
                **_published(row["record"]),
            }
            for row in discipline_publication_state(obj)
        ]

    @extend_schema_field(VerificationAssignmentSerializer(many=True))
    def get_verification_assignments(self, obj: Case) -> list[dict[str, Any]]:
        """A denunciation's or a complaint's written assignments of its verification, as the case page lists them."""
        if obj.kind not in (Kind.DENUNCIATION, Kind.COMPLAINT):
            return []
        rows = [
            {
                **{
                    f: getattr(row, f)
                    for f in ("id", "on", "leader_id", "personally", "content", "starts_on", "ends_on")
                },
                "members": sorted(u.pk for u in row.members.all()),
            }
            for row in verification_assignments(obj).prefetch_related("members")
        ]
        return VerificationAssignmentSerializer(rows, many=True).data

    @extend_schema_field(ComplaintFoundRightSerializer(allow_null=True))
    def get_complaint_found_right(self, obj: Case) -> dict[str, Any] | None:
        """Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a: the same record as the case page shows, or null."""
        row = complaint_found_right(obj)
        return None if row is None else dict(ComplaintFoundRightSerializer(row).data)

    @extend_schema_field(CriminalReferralSerializer(many=True))
    def get_criminal_referrals(self, obj: Case) -> list[dict[str, Any]]:
        """Luật Tố cáo 2018 Đ.36 khoản 2: the same rows as the case page."""
        if obj.kind != Kind.DENUNCIATION:
            return []
        return CriminalReferralSerializer(criminal_referrals(obj), many=True).data

    @extend_schema_field(DisciplineSerializer(many=True))
    def get_disciplines(self, obj: Case) -> list[dict[str, Any]]:
        return DisciplineSerializer(obj.disciplines.order_by("-proposed_at", "-pk"), many=True).data

    @extend_schema_field(ConclusionMeasureSerializer(many=True))
    def get_conclusion_measures(self, obj: Case) -> list[dict[str, Any]]:
        """The measures of a denunciation's conclusion, followed until accepted (also once closed)."""
        if obj.kind != Kind.DENUNCIATION:
            return []
        return ConclusionMeasureSerializer(recommendations_of_case(case=obj), many=True).data

    @extend_schema_field(LimitationSerializer)
    def get_limitation(self, obj: Case) -> dict[str, Any]:
        """Luật Khiếu nại Đ.9: past the last day the refusal ground "hết thời hiệu" is proposed."""
        last = limitation_last_day(obj)
        return {
            "last_day": last,
            "expired": limitation_expired(obj),
            "proposed_refusal_ground": (RefusalGround.EXPIRED if limitation_expired(obj) else None),
        }

    @extend_schema_field(SecondComplaintWindowSerializer)
    def get_second_complaint(self, obj: Case) -> dict[str, Any]:
        """Luật Khiếu nại Đ.33, 44: the window for a second complaint; past it the first decision is final."""
        if obj.kind != Kind.COMPLAINT or obj.round != 1:
            return {
                "last_day": None,
                "open": False,
                "may_lodge": False,
                "decision_received_on": None,
                "first_decision_final": False,
            }
        return {
            "last_day": second_complaint_last_day(obj),
            "open": second_complaint_open(obj),
            "may_lodge": second_complaint_may_lodge(obj),
            "decision_received_on": decision_received_on(obj) if obj.status in DECIDED else None,
            "first_decision_final": first_decision_final(obj),
        }

    @extend_schema_field(SecondWindowSerializer(allow_null=True))
    def get_second_window(self, obj: Case) -> dict[str, Any] | None:
        """Luật Khiếu nại Đ.33 khoản 1, Đ.9 khoản 2, Đ.11 khoản 6: a second-round complaint's window, as the page's."""
        window = second_window(obj)
        if window is None:
            return None
        return {**dataclasses.asdict(window), "late": window.late}

    @extend_schema_field(RepresentativeSerializer(allow_null=True))
    def get_representative(self, obj: Case) -> dict[str, Any] | None:
        row = services.case_representative(obj) if obj.kind == Kind.COMPLAINT else None
        if row is None:
            return None
        user = self.context["request"].user
        return RepresentativeSerializer(
            {
                "capacity": row.capacity,
                "full_name": row.full_name,
                "address": row.address,
                "id_number": services.representative_id_number(case=obj, user=user),
                "document_on": row.document_on,
                "scope": row.scope,
                "certified": row.certified,
                "defects": services.representation_defects(obj),
            }
        ).data

    @extend_schema_field(SubmitterSerializer(many=True))
    def get_submitters(self, obj: Case) -> list[dict[str, Any]]:
        if obj.kind == Kind.DENUNCIATION:
            return []
        withdrawn = complainants_withdrawn_ids(case=obj) if obj.kind == Kind.COMPLAINT else set()
        papers = submitter_id_numbers(case=obj, user=self.context["request"].user)
        return SubmitterSerializer(
            obj.submitters.all(), many=True, context={"withdrawn": withdrawn, "id_numbers": papers}
        ).data

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, obj: Case) -> list[dict[str, Any]]:
        return DeadlineSerializer(case_deadlines(case=obj), many=True).data

    def get_allowed_actions(self, obj: Case) -> list[str]:
        return case_actions(user=self.context["request"].user, case=obj)

    def get_transfers(self, obj: Case) -> list[int]:
        return list(obj.transfers.values_list("pk", flat=True))


class CaseTimelineEventSerializer(TimelineEventSerializer):
    class Meta(TimelineEventSerializer.Meta):
        fields = ["seq", "at", "actor_label", "actor_role", "action", "before", "after", "reason", "details_withheld"]


# ---- intake ------------------------------------------------------------------------


# The letter's serializers build their fields in DRF's `get_fields()` hook, new for each
# instance: the default deep-copies every declared field with its arguments, and for a letter
# that copying cost more than all its validation.


class SubmitterInputSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "full_name": serializers.CharField(max_length=255, allow_blank=True),
            "phone": serializers.CharField(max_length=32, required=False, allow_blank=True, default=""),
            "email": serializers.CharField(max_length=254, required=False, allow_blank=True, default=""),
            "address": serializers.CharField(max_length=255, required=False, allow_blank=True, default=""),
            "is_representative": serializers.BooleanField(required=False, default=False),
            "id_number": serializers.CharField(
                max_length=32,
                required=False,
                allow_blank=True,
                default="",
                help_text=_("Số căn cước/định danh cá nhân/hộ chiếu (lưu mã hóa)"),
            ),
        }


_UNIT_ID = serializers.IntegerField(min_value=1, max_value=MAX_ID)  # an id as a number a column holds


class IntakeSubjectUnitField(serializers.IntegerField):
    """The unit a letter is about, by id: one the intake service refuses for the caller
    (`intake_subject_unit_refusal`: outside the units `intake_subject_units` offers them) and an
    id that names no unit get the same 400 on the field, so nobody learns which ids exist. Read
    with the letter's other fields, in one query; the service checks it again when it registers."""

    def to_internal_value(self, data: Any) -> Unit:
        pk = _UNIT_ID.run_validation(data)
        request = self.context.get("request")
        actor = request.user if request is not None else AnonymousUser()
        unit = Unit.objects.filter(pk=pk).first()
        refusal = services.intake_subject_unit_refusal(actor=actor, subject_unit=unit)
        if refusal:
            raise serializers.ValidationError(refusal)
        assert unit is not None  # an id that names no unit is refused above
        return unit

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)


def intake_subject_fields(*, subject_unit: serializers.Field) -> dict[str, serializers.Field]:
    """The unit and the person a letter is about: the person and the unit's leaders are recused from it."""
    return {
        "subject_unit": subject_unit,
        "subject_person": serializers.CharField(max_length=255, required=False, allow_blank=True, default=""),
    }


def intake_fields(*, unit: serializers.Field, subject_unit: serializers.Field) -> dict[str, serializers.Field]:
    """A letter's fields (POST /api/cases/, POST /api/intake/), with the two units as given."""
    return {
        "kind": serializers.ChoiceField(choices=Kind.choices),
        "channel": serializers.ChoiceField(choices=Channel.choices),
        "received_on": serializers.DateField(),
        "unit": unit,
        "title": serializers.CharField(max_length=255, allow_blank=True),
        "content": serializers.CharField(allow_blank=True),
        "submitters": SubmitterInputSerializer(many=True, required=False, default=list),
        **intake_subject_fields(subject_unit=subject_unit),
        "congress_date": serializers.DateField(required=False, allow_null=True, default=None),
        "anonymous": serializers.BooleanField(required=False, default=False),
        "evidence": serializers.CharField(required=False, allow_blank=True, default=""),
        "evidence_category": serializers.CharField(max_length=64, required=False, allow_blank=True, default=""),
        "knew_on": serializers.DateField(
            required=False,
            allow_null=True,
            default=None,
            help_text=_("Khiếu nại: ngày biết được quyết định, hành vi (Đ.9)"),
        ),
        "obstacle_days": serializers.IntegerField(required=False, default=0, min_value=0, max_value=3650),
        "obstacle_note": serializers.CharField(max_length=255, required=False, allow_blank=True, default=""),
    }


class RepresentativeInputSerializer(serializers.Serializer):
    """Who makes the complaint for the complainant (Law on Complaints 2011 Art. 12(1)(a)-(b)): `capacity`
    legal | authorised | lawyer | legal_aid; the authorisation's day, scope and whether it was notarised
    or certified. The document itself is the case's attachment of kind `representation_document` (the
    intake page uploads it; through the API, POST /api/cases/{id}/attachments/ with that kind); until it is
    there the complaint is not accepted (Art. 11(4))."""

    capacity = serializers.CharField(max_length=16)
    full_name = serializers.CharField(max_length=255, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    document_on = serializers.DateField(required=False, allow_null=True, default=None)
    scope = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    certified = serializers.BooleanField(required=False, default=False)


class ComplexityNotAnInput(serializers.Serializer):
    """A letter's registration or acceptance sent with `is_complex` is refused with 400 on that field: a case
    is complex only by the complexity decision naming its grounds, in writing (POST /api/cases/{id}/complexity/;
    Decree 124/2020/NĐ-CP Art. 3a; Decree 31/2019/NĐ-CP Art. 3), never by a flag at intake or acceptance."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if isinstance(self.initial_data, dict) and "is_complex" in self.initial_data:
            raise serializers.ValidationError({"is_complex": services.complexity_not_an_input()})
        return super().validate(attrs)


class CaseIntakeSerializer(ComplexityNotAnInput):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            **self._letter_fields(),
            "representative": RepresentativeInputSerializer(required=False, allow_null=True, default=None),
        }

    def _letter_fields(self) -> dict[str, serializers.Field]:
        return intake_fields(
            unit=ScopedPrimaryKeyField(resolve=visible_unit, help_text=_("Đơn vị giải quyết (trong phạm vi của bạn)")),
            subject_unit=IntakeSubjectUnitField(
                required=False,
                allow_null=True,
                default=None,
                help_text=_("Đơn vị bị khiếu nại, tố cáo (trong phạm vi của bạn)"),
            ),
        )


class PublicIntakeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    title = serializers.CharField(max_length=255, allow_blank=True)
    content = serializers.CharField(allow_blank=True)
    full_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    subject_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    subject_person = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class ReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    receipt_code = serializers.CharField(help_text=_("Mã tra cứu: chỉ hiển thị một lần, hãy lưu lại."))
    status = serializers.CharField()


class StatusQuerySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)


class PublicStatusSerializer(serializers.Serializer):
    kind = serializers.CharField()
    stage = serializers.CharField()
    received_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    notified_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)


# ---- actions -----------------------------------------------------------------------


class ActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Phiên bản hồ sơ đã xem; khác đi thì trả 409 conflict."),
    )


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


def _area(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=32,
        help_text=_("Mã lĩnh vực (GET /api/subject-areas/); bắt buộc nếu hồ sơ chưa có lĩnh vực"),
        **kwargs,
    )


class AcceptInput(ComplexityNotAnInput, ActionSerializer):
    """An acceptance starts the plain resolution limit; `is_complex` is not an input (400: the complexity
    decision, POST /api/cases/{id}/complexity/, sets the longer one)."""

    subject_area = _area()
    legal_ground = _text()


def _refusal_grounds_help() -> str:
    """The grounds of each kind, in the reader's language (read when the schema is rendered)."""
    by_kind = "; ".join(
        f"{Kind(kind).label}: {', '.join(value for value, _label in refusal_grounds(kind))}" for kind in Kind.values
    )
    return f"{gettext('Căn cứ không thụ lý theo loại đơn')} — {by_kind}"


class RefuseInput(ActionSerializer):
    """`ground`: one the law gives the case's kind (Law on Complaints 2011, Art. 11; Law on Denunciations 2018,
    Art. 29(1); the union's rule for a letter about a congress); another is refused with 400 on `ground`.
    `congress_date`: the congress's opening day, which the ground `congress_late` needs when the case has
    none (400 on `congress_date` without it; 400 on `ground` for a letter received in time)."""

    subject_area = _area()
    ground = serializers.ChoiceField(
        choices=RefusalGround.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=lazy(_refusal_grounds_help, str)(),
    )
    note = _text()
    # The union's rule on a letter about a congress reads the congress's opening day (case_refuse_check).
    congress_date = serializers.DateField(required=False, allow_null=True, default=None)


class TransferInput(ActionSerializer):
    subject_area = _area()
    reason = _text()
    target_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    outside_body = _text(max_length=255)


class GuideInput(ActionSerializer):
    subject_area = _area()
    guidance = _text()


class SubjectAreaInput(ActionSerializer):
    subject_area = _area()
    reason = _text()


class MergeInput(ActionSerializer):
    into = ScopedPrimaryKeyField(
        resolve=lambda user, pk: case_get_in_user_trees(user=user, pk=pk),
        help_text=_("Hồ sơ nhận gộp: cùng hệ thống công đoàn (có thể ở cấp khác)"),
    )
    reason = _text()


class ReasonInput(ActionSerializer):
    reason = _text()


class NoteInput(ActionSerializer):
    note = _text()


class AssignInput(ActionSerializer):
    assignee = ScopedPrimaryKeyField(resolve=visible_person)


class VerificationInput(ActionSerializer):
    plan = _text()


# Nghị định 124/2020/NĐ-CP Đ.28 (sửa đổi bởi Nghị định 155/2026/NĐ-CP) and Mẫu số 14: the notice sent at
# least 05 days before the dialogue and to whom (khoản 1), where and by whom it was held, who took part
# and whether the complainant came, the content, the opinions, what was agreed and what is still disputed
# (khoản 3, 4, 5); the rules are `dialogue_check`.
class DialogueInput(ActionSerializer):
    record = _text(help_text=_("Nội dung đối thoại (mục đích, kết quả xác minh, những nội dung đối thoại)"))
    notice_to = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        default=list,
        max_length=10,
        help_text="complainant | representative | complained_against | related_persons | related_bodies",
    )
    notice_related = _text(
        help_text=_("Tên người có quyền, nghĩa vụ liên quan, cơ quan, tổ chức có liên quan đã được gửi thông báo")
    )
    place = _text(max_length=255, help_text=_("Địa điểm đối thoại"))
    chair = _text(max_length=255, help_text=_("Người chủ trì đối thoại (họ tên, chức vụ)"))
    note_taker = ScopedPrimaryKeyField(
        resolve=visible_person,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Người ghi biên bản: cán bộ của đơn vị giải quyết (không bắt buộc)"),
    )
    opinions = _text(help_text=_("Ý kiến của những người tham gia đối thoại"))
    agreed = _text(help_text=_("Những nội dung đã thống nhất"))
    disputed = _text(help_text=_("Những vấn đề còn ý kiến khác nhau"))
    dialogue_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày đối thoại (không sau hôm nay)")
    )
    dialogue_notice_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Ngày gửi thông báo đối thoại (trước ngày đối thoại ít nhất 05 ngày)"),
    )
    participants = _text(help_text=_("Thành phần tham gia (người dự, người vắng mặt)"))
    complainant_absent = _text(max_length=20, help_text="present | absent_excused | absent_unexcused")


# The parts of a decision or conclusion (casework.cases.decision_parts), as the API names them.
PART_HELP = {
    "verification_result": _("Kết quả xác minh nội dung khiếu nại, tố cáo"),
    "legal_basis": _("Căn cứ pháp luật"),
    "decision_text": _("Kết luận nội dung khiếu nại; kết luận về nội dung tố cáo và trách nhiệm của người liên quan"),
    "resolution_measures": _(
        "Biện pháp xử lý theo thẩm quyền, kiến nghị xử lý (tố cáo); giữ nguyên, sửa đổi, hủy bỏ (khiếu nại)"
    ),
    "policy_recommendations": _("Kiến nghị sửa đổi, bổ sung chính sách, pháp luật (tố cáo)"),
    "compensation": _("Việc bồi thường thiệt hại, nếu có (khiếu nại)"),
}


def _draft(field: str) -> serializers.CharField:
    return _text(help_text=format_lazy(_("Dự thảo, không bắt buộc: {}"), PART_HELP[field]))


def _part(field: str) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text=format_lazy(
            _("{} (không gửi hoặc null: lấy dự thảo trong đề xuất đã được phê duyệt)"), PART_HELP[field]
        ),
    )


class ProposeInput(ActionSerializer):
    """The report and the proposed outcome; each part of the decision or conclusion may be drafted with
    them, for the one who issues it to start from (the decision's input takes a part not sent from it)."""

    proposal = _text()
    outcome = _text()
    verification_result = _draft("verification_result")
    legal_basis = _draft("legal_basis")
    decision_text = _draft("decision_text")
    resolution_measures = _draft("resolution_measures")
    policy_recommendations = _draft("policy_recommendations")
    compensation = _draft("compensation")


class DecisionInput(ActionSerializer):
    """The number is the outgoing register's, given when the decision is issued: a
    `decision_number` sent here is not an input and is ignored. A part not sent (or null) is the
    approved proposal's draft of it; the verification result not drafted is the proposal's report."""

    outcome = _text()
    verification_result = _part("verification_result")
    legal_basis = _part("legal_basis")
    decision_text = _part("decision_text")
    resolution_measures = _part("resolution_measures")
    policy_recommendations = _part("policy_recommendations")
    compensation = _part("compensation")
    deviation_reason = _text(help_text=_("Bắt buộc khi kết quả khác đề xuất đã được phê duyệt"))


class HandleConclusionInput(ActionSerializer):
    note = _text()
    discipline = _text()
    flag_evidence = _text()
    flag_category = _text(max_length=64)


class ConclusionMeasureInput(ActionSerializer):
    """A measure of a denunciation's conclusion: `monitor` is the resolver or a member of the same-level
    inspection committee who follows it; null: that committee as a whole."""

    text = _text()
    owner_unit = ScopedPrimaryKeyField(resolve=visible_unit, required=False, allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    monitor = ScopedPrimaryKeyField(resolve=visible_person, required=False, allow_null=True, default=None)


class AnswerInput(ActionSerializer):
    answer = _text()


class ExtendInput(ActionSerializer):
    """A denunciation's extension decision takes the outgoing register's next number; a
    `decision_number` sent is not an input and is ignored."""

    reason = _text()
    new_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class WithdrawInput(ActionSerializer):
    """A withdrawal. For a denunciation (Decree 31/2019/NĐ-CP Art. 4 as amended by Decree 156/2026/NĐ-CP):
    `means` (letter = form 02, record = form 03), `made_on`, `signature`, for a record `recorder_role`
    and `recorder`; for several denouncers `denouncers` (positions in the sealed identity) or
    `all_denouncers`; `withdrawer_*` only for what the sealed identity lacks (kept sealed);
    `continue_grounds` (violation, coerced, abuse) and, on coerced or abuse, `measures`.
    For a complaint of several complainants (Decree 124/2020/NĐ-CP Art. 7a, as amended in 2026):
    `complainants` (ids of the case's submitters) or `all_complainants`, with the
    letter's `made_on` and `signature`; the complaint goes on for the others until all withdraw.
    The rules are `case_withdraw_check`."""

    reason = _text()
    scope = serializers.CharField(required=False, default="whole", help_text="whole | partial")
    withdrawn_content = _text()
    all_denouncers = serializers.BooleanField(required=False, default=False)
    assessment = _text(help_text=_("Tố cáo: đánh giá có hay không căn cứ tiếp tục giải quyết (Luật Tố cáo Đ.33)"))
    means = _text(max_length=16, help_text="letter | record")
    made_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày của đơn rút tố cáo hoặc biên bản")
    )
    recorder_role = _text(max_length=16, help_text="resolver | checker | verifier | receiver")
    recorder = ScopedPrimaryKeyField(
        resolve=visible_person,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Người lập biên bản (khi rút bằng biên bản)"),
    )
    signature = _text(max_length=16, help_text="signed | fingerprint")
    denouncers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=1000),
        required=False,
        default=list,
        max_length=1000,
        help_text=_("Tố cáo tập thể: thứ tự những người tố cáo rút tố cáo trong danh tính đã lưu"),
    )
    withdrawer_name = _text(max_length=255)
    withdrawer_address = _text(max_length=255)
    withdrawer_contact = _text(max_length=255)
    continue_grounds = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        default=list,
        max_length=3,
        help_text="violation | coerced | abuse",
    )
    measures = _text(help_text=_("Biện pháp đã áp dụng hoặc đề nghị (bắt buộc với căn cứ coerced, abuse)"))
    complainants = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        max_length=1000,
        help_text=_("Nhiều người cùng khiếu nại: id những người khiếu nại (submitters) rút khiếu nại"),
    )
    all_complainants = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "continue_case" in self.initial_data:
            # Whether the case goes on is the grounds chosen (Nghị định 31/2019/NĐ-CP Đ.4 khoản 4).
            raise serializers.ValidationError(
                {"continue_case": _("Chọn căn cứ tiếp tục giải quyết (continue_grounds).")}
            )
        return attrs


class DisciplineProposeInput(ActionSerializer):
    subject_kind = _text(help_text="member | part_time_cadre | full_time_cadre | collective")
    subject_name = _text(max_length=255)
    violation_forms = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        default=list,
        max_length=20,
        help_text=_("Hình thức đề nghị cho từng vi phạm"),
    )
    reason = _text()


class DisciplineBallotInput(ActionSerializer):
    """A form adopted is a discipline decision numbered in the outgoing register; a
    `decision_number` sent is not an input and is ignored."""

    meeting_on = serializers.DateField(required=False, allow_null=True, default=None)
    members_total = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=500)
    members_present = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=500
    )
    votes = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=500),
        required=False,
        default=dict,
        help_text=_('Số phiếu đồng ý cho từng hình thức, ví dụ {"canh_cao": 7}'),
    )


def _discipline_propose(*, case: Case, actor: Any, expected_version: int | None, **values: Any) -> Case:
    services.discipline_propose(case=case, actor=actor, expected_version=expected_version, **values)
    return case


def _discipline_ballot(*, case: Case, actor: Any, expected_version: int | None, **values: Any) -> Case:
    services.discipline_ballot_record(case=case, actor=actor, expected_version=expected_version, **values)
    return case


class SuspendInput(ActionSerializer):
    ground = _text()
    reason = _text()


class TerminateInput(ActionSerializer):
    """The termination decision takes the outgoing register's next number; a `decision_number`
    sent is not an input and is ignored. `commune_committee`: on the grounds no_heir and dissolved of a
    complaint, the commune People's Committee the decision is sent to (Decree No. 124/2020, Art. 28b(1),
    added by Decree No. 155/2026); refused on any other ground."""

    ground = _text()
    reason = _text()
    commune_committee = _text(
        help_text=_(
            "Ủy ban nhân dân cấp xã nhận quyết định (nơi người khiếu nại thường trú cuối cùng trước khi chết, nơi "
            "cơ quan, tổ chức khiếu nại có trụ sở chính)"
        )
    )


class ComplexityInput(ActionSerializer):
    """`grounds`: for a complaint found complex, the grounds of Decree 124/2020/NĐ-CP Art. 3a(1)
    (codes of ComplexityGround), at least one. `criteria`: for a denunciation found complex, the criteria
    of Decree 31/2019/NĐ-CP Art. 3(2) (codes of DenunciationComplexityCriterion), at least one; especially
    complex, at least two (Art. 3(3))."""

    complexity = _text()
    reason = _text()
    grounds = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=20
    )
    criteria = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=20
    )


class ExpertiseRequestInput(ActionSerializer):
    """A request for an expert assessment (Decree 31/2019/NĐ-CP Art. 15(1), (2) as amended by Decree
    156/2026/NĐ-CP; complaints: Law on Complaints 2011 Art. 29(3)(d)): its paper (form 09) takes the
    outgoing register's next number; a `decision_number` sent is not an input and is ignored."""

    body = _text(max_length=255, help_text=_("Cơ quan, tổ chức được yêu cầu giám định"))
    content = _text(help_text=_("Nội dung yêu cầu giám định"))
    materials = _text(help_text=_("Thông tin, tài liệu, chứng cứ cần giám định"))
    due_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Thời hạn đề nghị gửi kết luận giám định (sau hôm nay)"),
    )
    related = _text(max_length=255, help_text=_("Cơ quan, tổ chức, cá nhân có liên quan nhận văn bản"))


def _optional_id(help_text: Any) -> serializers.IntegerField:
    """An optional id of a row of the case, as a number a column holds."""
    return serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID, help_text=help_text
    )


class ExpertiseSentInput(ActionSerializer):
    request = _optional_id(_("Mã văn bản trưng cầu giám định của hồ sơ (expertise_requests[].id)"))
    sent_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày gửi (không sau hôm nay)")
    )
    note = _text()


class ExpertiseConclusionInput(ActionSerializer):
    request = _optional_id(_("Mã văn bản trưng cầu giám định của hồ sơ (expertise_requests[].id)"))
    conclusion_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày nhận kết luận giám định (không sau hôm nay)")
    )
    summary = _text(help_text=_("Tóm tắt kết luận giám định"))
    attachment = _optional_id(_("Tệp đính kèm của hồ sơ mang kết luận (không bắt buộc)"))


class ConclusionPublishInput(ActionSerializer):
    """The forms of publication chosen and, for each, where and for how long: the meeting's day, its written
    notice and who it includes; posting and web from their first day to their last when known, at least 15 days;
    print, radio and television at least 2 consecutive times."""

    # Luật Tố cáo 2018 Đ.40 khoản 2; Nghị định 31/2019/NĐ-CP Đ.6 khoản 2; Luật Khiếu nại 2011 Đ.41 khoản 2, 3.

    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicationForm.choices),
        required=False,
        default=list,
        max_length=len(PublicationForm.choices),
        help_text=_("Hình thức công khai: meeting, posting, portal, media (một hoặc một số)"),
    )
    published_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày công khai (từ ngày ra kết luận đến hôm nay)")
    )
    meeting = _text(max_length=255)
    meeting_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Ngày họp công bố"))
    meeting_notified_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày gửi văn bản thông báo cuộc họp")
    )
    meeting_attendees = serializers.ListField(
        child=serializers.ChoiceField(choices=MeetingAttendee.choices),
        required=False,
        default=list,
        max_length=len(MeetingAttendee.choices),
        help_text=_("Thành phần tham dự cuộc họp"),
    )
    posting_place = _text(max_length=255)
    posting_from = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Niêm yết từ ngày"))
    posting_until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Niêm yết đến hết ngày (nếu đã biết)")
    )
    posting_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=32767)
    portal = _text(max_length=255)
    portal_from = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Đăng tải từ ngày"))
    portal_until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Đăng tải đến hết ngày (nếu đã biết)")
    )
    portal_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=32767)
    media_name = _text(max_length=255)
    media_kind = serializers.ChoiceField(choices=PublicationMedia.choices, required=False, allow_blank=True, default="")
    media_times = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=32767)
    media_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=32767)
    note = _text()
    attachment = _optional_id(_("Tệp đính kèm của hồ sơ (không bắt buộc)"))


class DisciplinePublishInput(ConclusionPublishInput):
    """The same record for a discipline decision on a denunciation's case, naming the decision."""

    # Luật Tố cáo 2018 Đ.40 khoản 1: the body that issued the discipline decision publishes it.

    discipline = _optional_id(
        _("Mã quyết định kỷ luật của hồ sơ (discipline_publications[].discipline); bỏ trống khi chỉ có một")
    )


class PublicationEndInput(ActionSerializer):
    """The last day of a posting or a web posting recorded with no end known (Decree 31/2019/NĐ-CP Art. 6(2)(b),
    (c); Law on Complaints 2011 Art. 41(3)): at least 15 consecutive days from its first day."""

    discipline = _optional_id(
        _(
            "Mã quyết định kỷ luật đã công khai (discipline_publications[].discipline); bỏ trống: việc công khai kết "
            "luận, quyết định giải quyết của hồ sơ"
        )
    )
    form = serializers.ChoiceField(
        choices=[PublicationForm.POSTING.value, PublicationForm.PORTAL.value],
        help_text=_("posting (niêm yết) | portal (đăng tải trên cổng thông tin điện tử, mạng nội bộ)"),
    )
    until = serializers.DateField(help_text=_("Đến hết ngày"))


class ExplanationRequestInput(ActionSerializer):
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày gửi yêu cầu giải trình")
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Thời hạn giải trình"))
    means = _text(max_length=16, help_text=_("written (văn bản yêu cầu giải trình) | invitation (giấy mời làm việc)"))
    content = _text(help_text=_("Nội dung yêu cầu giải trình"))


class VerificationAssignInput(ActionSerializer):
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Ngày giao xác minh"))
    personally = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Người giải quyết khiếu nại, tố cáo tự mình tiến hành xác minh (không chọn người được giao xác minh)"
        ),
    )
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=50,
        help_text=_("Người được giao xác minh (cán bộ, kiểm tra viên của đơn vị giải quyết)"),
    )
    leader = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID, help_text=_("Tổ trưởng")
    )
    content = _text(help_text=_("Nội dung cần xác minh"))
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class ComplaintFoundRightInput(ActionSerializer):
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Ngày kiểm tra lại"))
    reason = _text(help_text=_("Căn cứ xác định khiếu nại đúng (nội dung đã kiểm tra lại)"))


class CriminalReferralInput(ActionSerializer):
    body_kind = _text(max_length=16, help_text=_("investigation (Cơ quan điều tra) | procuracy (Viện kiểm sát)"))
    body_name = _text(max_length=255, help_text=_("Tên cơ quan nhận hồ sơ"))
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Ngày chuyển hồ sơ"))
    reference = _text(max_length=64, help_text=_("Số, ký hiệu văn bản chuyển hồ sơ"))
    note = _text()


class ExplanationReceivedInput(ActionSerializer):
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Ngày giải trình"))
    form = _text(
        max_length=16, help_text=_("written (văn bản giải trình) | session (làm việc trực tiếp, lập biên bản)")
    )
    place = _text(max_length=255, help_text=_("Địa điểm làm việc (bắt buộc khi làm việc trực tiếp)"))
    explainer = _text(max_length=255, help_text=_("Người giải trình"))
    content = _text(help_text=_("Nội dung giải trình"))
    evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=50,
        help_text=_("Tệp đính kèm của hồ sơ mang tài liệu, chứng cứ (không bắt buộc)"),
    )


class ExplanationMissedInput(ActionSerializer):
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Ngày ghi nhận"))
    refused = serializers.BooleanField(required=False, default=False, help_text=_("Người bị tố cáo từ chối giải trình"))
    note = _text()


class EscalateInput(ActionSerializer):
    reason = _text()
    proposal = _text()


def _case_escalate(*, case: Case, actor: Any, expected_version: int | None, reason: str, proposal: str) -> Case:
    """Bring the case to the leadership of its unit (the same service the escalation pages use)."""
    escalation_open(target=case, unit=case.unit, reason=reason, proposal=proposal, actor=actor)
    return case


class SecondComplaintInput(ActionSerializer):
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    content = _text()
    title = _text(max_length=255)
    same_representative = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Người đại diện, người được ủy quyền lần đầu tiếp tục khiếu nại lần hai"),
    )


def _case_second_complaint(
    *,
    case: Case,
    actor: Any,
    expected_version: int | None,
    received_on: Any,
    content: str,
    title: str,
    same_representative: bool,
) -> Case:
    """Khiếu nại lần hai (Luật Khiếu nại Đ.33): answers the new case, at the superior union."""
    return services.case_complaint_second(
        first=case,
        actor=actor,
        received_on=received_on,
        content=content,
        title=title,
        same_representative=same_representative,
    )


class SecondObstaclesInput(ActionSerializer):
    """Law on Complaints 2011 Art. 9(2), 33(1): the days of a second complaint's window not counted, and what the
    obstacle was (required with any days). Out of 0–3650: 400 on `obstacle_days`, nothing changed."""

    obstacle_days = serializers.IntegerField(min_value=0, max_value=3650)
    obstacle_note = _text(max_length=255)


class DecisionReceiptInput(ActionSerializer):
    """Law on Complaints 2011 Art. 33(1): the day the complainant received the first decision (a postal return
    slip), from the day it was issued to today."""

    received_on = serializers.DateField()
    note = _text(max_length=255)


class ConflictInput(ActionSerializer):
    note = _text(max_length=255)


def _case_declare_conflict(*, case: Case, actor: Any, expected_version: int | None, note: str) -> Case:
    """Khai báo xung đột lợi ích: the declarer can no longer be assigned to the case."""
    services.case_conflict_declare(case=case, actor=actor, note=note)
    return case


class AttachmentInput(ActionSerializer):
    """multipart: `file`, its `kind` (GET the case: a complaint's `representation_document` is the
    representative's authorisation, a denunciation's identity-bearing kinds are stored sealed), and
    `identifying` for a denunciation's file that reveals the denouncer."""

    file = serializers.FileField(help_text="multipart: file")
    kind = _text(max_length=64)
    identifying = serializers.BooleanField(required=False, default=False)


def _case_attach(*, case: Case, actor: Any, expected_version: int | None, **values: Any) -> Case:
    """The case page's attach form: one file for the case, the same service and rule."""
    services.case_attachment_add(case=case, actor=actor, expected_version=expected_version, **values)
    return case


@dataclass(frozen=True)
class CaseAction:
    service: Callable[..., Any]
    input: type[ActionSerializer]
    summary: str | Promise


# One row per POST /api/cases/{id}/<name>/: the service it calls and the payload it takes.
CASE_ACTIONS: dict[str, CaseAction] = {
    "accept": CaseAction(services.case_accept, AcceptInput, _("Thụ lý")),
    "refuse": CaseAction(services.case_refuse, RefuseInput, _("Không thụ lý")),
    "transfer": CaseAction(services.case_transfer, TransferInput, _("Chuyển đơn")),
    "guide": CaseAction(services.case_guide, GuideInput, _("Hướng dẫn người gửi")),
    "merge": CaseAction(services.case_merge, MergeInput, _("Gộp vào hồ sơ trùng")),
    "subject_area": CaseAction(
        services.case_subject_area_set, SubjectAreaInput, _("Đổi lĩnh vực (hồ sơ đang giải quyết)")
    ),
    "withdraw": CaseAction(services.case_withdraw, WithdrawInput, _("Ghi nhận rút đơn (toàn bộ hoặc một phần)")),
    "assign": CaseAction(services.case_assign, AssignInput, _("Phân công cán bộ giải quyết")),
    "start_verification": CaseAction(services.case_start_verification, VerificationInput, _("Bắt đầu xác minh")),
    "record_dialogue": CaseAction(services.case_record_dialogue, DialogueInput, _("Ghi biên bản đối thoại")),
    "propose": CaseAction(services.case_propose, ProposeInput, _("Đề xuất kết quả")),
    "approve": CaseAction(services.case_approve, NoteInput, _("Phê duyệt")),
    "send_back": CaseAction(services.case_send_back, ReasonInput, _("Trả lại để xác minh thêm")),
    "reopen_verification": CaseAction(
        services.case_reopen_verification, ReasonInput, _("Thu hồi phê duyệt, trả lại để xác minh thêm")
    ),
    "decide": CaseAction(services.case_decide, DecisionInput, _("Ban hành quyết định giải quyết khiếu nại")),
    "conclude": CaseAction(services.case_conclude, DecisionInput, _("Ban hành kết luận nội dung tố cáo")),
    "handle_conclusion": CaseAction(services.case_handle_conclusion, HandleConclusionInput, _("Xử lý kết luận")),
    "conclusion_measure": CaseAction(
        services.case_conclusion_measure_add,
        ConclusionMeasureInput,
        _("Ghi biện pháp thực hiện kết luận nội dung tố cáo và người theo dõi, đôn đốc"),
    ),
    "answer": CaseAction(services.case_answer, AnswerInput, _("Trả lời kiến nghị, phản ánh")),
    "notify_result": CaseAction(services.case_notify_result, NoteInput, _("Thông báo kết quả")),
    "close": CaseAction(services.case_close, NoteInput, _("Đóng hồ sơ")),
    "suspend": CaseAction(services.case_suspend, SuspendInput, _("Tạm đình chỉ (trên căn cứ luật định)")),
    "terminate": CaseAction(services.case_terminate, TerminateInput, _("Đình chỉ giải quyết")),
    "complexity": CaseAction(services.case_complexity_decide, ComplexityInput, _("Quyết định tính chất phức tạp")),
    "processing_extend": CaseAction(
        services.case_processing_extend, ReasonInput, _("Kéo dài xử lý ban đầu tố cáo đến 10 ngày làm việc (Đ.24)")
    ),
    "outside_competence": CaseAction(
        services.case_outside_competence, ReasonInput, _("Tố cáo không thuộc thẩm quyền: chuyển trong 5 ngày làm việc")
    ),
    "denounced_notice": CaseAction(
        services.case_denounced_notice_sent, NoteInput, _("Đã thông báo thụ lý cho người bị tố cáo (Đ.29)")
    ),
    "transferrer_notice": CaseAction(
        services.case_transferrer_notified,
        NoteInput,
        _("Đã thông báo bằng văn bản kết quả xử lý cho cơ quan đã chuyển tố cáo (Luật Tố cáo 2018 Đ.26 khoản 2)"),
    ),
    "conclusion_publish": CaseAction(
        services.case_conclusion_publish,
        ConclusionPublishInput,
        _("Đã công khai kết luận nội dung tố cáo (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6)"),
    ),
    "decision_publish": CaseAction(
        services.case_decision_publish,
        ConclusionPublishInput,
        _("Đã công khai quyết định giải quyết khiếu nại lần hai (Luật Khiếu nại 2011 Đ.41 khoản 2, 3)"),
    ),
    "discipline_publish": CaseAction(
        services.case_discipline_publish,
        DisciplinePublishInput,
        _("Đã công khai quyết định xử lý kỷ luật người bị tố cáo (Luật Tố cáo 2018 Đ.40; Nghị định 31/2019/NĐ-CP Đ.6)"),
    ),
    "publication_end": CaseAction(
        services.publication_end_record,
        PublicationEndInput,
        _("Ghi nhận ngày kết thúc niêm yết, đăng tải công khai (Nghị định 31/2019/NĐ-CP Đ.6 khoản 2)"),
    ),
    "conclusion_sent": CaseAction(
        services.case_conclusion_sent, NoteInput, _("Đã gửi kết luận nội dung tố cáo (Đ.35 khoản 3)")
    ),
    "suspension_sent": CaseAction(
        services.case_suspension_sent,
        NoteInput,
        _(
            "Đã gửi quyết định tạm đình chỉ giải quyết (tố cáo: Luật Tố cáo 2018 Đ.34 khoản 4; "
            "khiếu nại: Nghị định 124/2020/NĐ-CP Đ.28b khoản 1)"
        ),
    ),
    "termination_sent": CaseAction(
        services.case_termination_sent,
        NoteInput,
        _(
            "Đã gửi quyết định đình chỉ giải quyết (tố cáo: Luật Tố cáo 2018 Đ.34 khoản 4; "
            "khiếu nại: Nghị định 124/2020/NĐ-CP Đ.28b khoản 1)"
        ),
    ),
    "resumption_sent": CaseAction(
        services.case_resumption_sent,
        NoteInput,
        _("Đã gửi quyết định tiếp tục giải quyết khiếu nại (Nghị định 124/2020/NĐ-CP Đ.28b khoản 2)"),
    ),
    "resume": CaseAction(services.case_resume, ReasonInput, _("Tiếp tục giải quyết")),
    "extend": CaseAction(services.case_extend, ExtendInput, _("Gia hạn giải quyết")),
    "accept_notice": CaseAction(
        services.case_accept_notice_sent, NoteInput, _("Ghi nhận đã thông báo thụ lý cho người tố cáo")
    ),
    "expertise_request": CaseAction(
        services.case_expertise_request,
        ExpertiseRequestInput,
        _(
            "Trưng cầu giám định (tố cáo: Nghị định 31/2019/NĐ-CP Đ.15, sửa đổi bởi Nghị định 156/2026/NĐ-CP; "
            "khiếu nại: Luật Khiếu nại 2011 Đ.29 khoản 3 điểm d)"
        ),
    ),
    "expertise_authorise": CaseAction(
        services.case_expertise_authorise,
        ReasonInput,
        _("Ủy quyền người xác minh quyết định trưng cầu giám định (tố cáo)"),
    ),
    "expertise_revoke": CaseAction(
        services.case_expertise_revoke, ReasonInput, _("Thu hồi ủy quyền quyết định trưng cầu giám định")
    ),
    "expertise_sent": CaseAction(
        services.case_expertise_sent, ExpertiseSentInput, _("Ghi nhận đã gửi văn bản trưng cầu giám định")
    ),
    "expertise_conclusion": CaseAction(
        services.case_expertise_conclusion, ExpertiseConclusionInput, _("Ghi nhận kết luận giám định")
    ),
    "explanation_request": CaseAction(
        services.case_explanation_request, ExplanationRequestInput, _("Ghi nhận yêu cầu người bị tố cáo giải trình")
    ),
    "explanation_received": CaseAction(
        services.case_explanation_received, ExplanationReceivedInput, _("Ghi nhận giải trình của người bị tố cáo")
    ),
    "explanation_missed": CaseAction(
        services.case_explanation_missed,
        ExplanationMissedInput,
        _("Ghi nhận người bị tố cáo không giải trình, từ chối giải trình"),
    ),
    "verification_assign": CaseAction(
        services.case_verification_assign,
        VerificationAssignInput,
        _(
            "Giao xác minh nội dung tố cáo bằng văn bản (Luật Tố cáo 2018 Đ.31 khoản 1, 2), giao nhiệm vụ xác minh "
            "nội dung khiếu nại (Luật Khiếu nại 2011 Đ.29 khoản 1, Đ.38)"
        ),
    ),
    "complaint_found_right": CaseAction(
        services.case_complaint_found_right,
        ComplaintFoundRightInput,
        _(
            "Ghi nhận khiếu nại lần đầu đúng khi kiểm tra lại, để ra quyết định giải quyết ngay, không giao xác minh "
            "(Luật Khiếu nại 2011 Đ.29 khoản 1 điểm a)"
        ),
    ),
    "criminal_referral": CaseAction(
        services.case_criminal_referral,
        CriminalReferralInput,
        _("Ghi nhận chuyển hồ sơ có dấu hiệu tội phạm (Luật Tố cáo 2018 Đ.36 khoản 2)"),
    ),
    "discipline_propose": CaseAction(_discipline_propose, DisciplineProposeInput, _("Đề nghị kỷ luật")),
    "discipline_ballot": CaseAction(
        _discipline_ballot, DisciplineBallotInput, _("Ghi kết quả bỏ phiếu kín kỷ luật của cơ quan có thẩm quyền")
    ),
    "declare_conflict": CaseAction(_case_declare_conflict, ConflictInput, _("Khai báo xung đột lợi ích")),
    "second_complaint": CaseAction(
        _case_second_complaint, SecondComplaintInput, _("Tiếp nhận khiếu nại lần hai (Đ.33)")
    ),
    "second_obstacles": CaseAction(
        services.case_second_obstacles_record,
        SecondObstaclesInput,
        _("Ghi nhận trở ngại khách quan của khiếu nại lần hai (Luật Khiếu nại 2011 Đ.9 khoản 2, Đ.33 khoản 1)"),
    ),
    "decision_receipt": CaseAction(
        services.case_decision_receipt_record,
        DecisionReceiptInput,
        _("Ghi nhận ngày người khiếu nại nhận được quyết định giải quyết lần đầu (Luật Khiếu nại 2011 Đ.33 khoản 1)"),
    ),
    "escalate": CaseAction(_case_escalate, EscalateInput, _("Báo cáo, đề xuất lên Ban Thường vụ / Ban Chấp hành")),
    "attachments": CaseAction(
        _case_attach, AttachmentInput, _("Thêm tệp đính kèm (multipart), kể cả văn bản ủy quyền khiếu nại")
    ),
}


# ---- list filters ------------------------------------------------------------------


class CaseFilter(django_filters.FilterSet):
    """Parses and validates the query; `case_list` (the pages' selector) does the filtering."""

    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    open = django_filters.BooleanFilter(label=_("Chỉ hồ sơ đang giải quyết"))
    backlog = django_filters.BooleanFilter(label=_("Chỉ đơn tồn (chưa giải quyết, chưa đóng)"))
    unit = django_filters.ModelChoiceFilter(queryset=filter_units, label=_("Đơn vị (cả cây con)"))
    own_unit = django_filters.BooleanFilter(label=_("Chỉ đơn của chính đơn vị đã chọn (không gồm đơn vị trực thuộc)"))
    assignee = django_filters.ModelChoiceFilter(queryset=filter_users)
    due_before = django_filters.DateFilter(label=_("Còn hạn đến ngày"))
    overdue = django_filters.BooleanFilter(label=_("Quá hạn"))
    q = django_filters.CharFilter(label=_("Tìm theo số hồ sơ, trích yếu, người bị khiếu nại, nội dung"))
    deadline = deadline_filter()
    subject_area = django_filters.CharFilter(
        label=_("Mã lĩnh vực (GET /api/subject-areas/); chua_phan_loai: hồ sơ chưa phân loại"), max_length=32
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_queryset(self, queryset):
        filters = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        return case_list(user=self.request.user, filters=filters)


# ---- views -------------------------------------------------------------------------


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = CaseFilter
    ordering = "-pk"
    ordering_fields = ["pk", "received_on", *URGENCY_FIELDS]
    filter_backends = LIST_FILTERS

    def get_queryset(self):
        return case_list(user=self.request.user)

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def get_object(self) -> Case:
        return case_get_for_user(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    @extend_schema(
        request=CaseIntakeSerializer,
        responses={
            201: CaseDetailSerializer,
            400: INVALID,
            404: NOT_FOUND,
            409: ACTION_ERRORS[409],
            422: UNPROCESSABLE,
        },
        summary=_("Tiếp nhận đơn (gửi Idempotency-Key để gửi lại an toàn)"),
    )
    @idempotent
    def create(self, request):
        data = CaseIntakeSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["submitters"] = [services.SubmitterData(**s) for s in values["submitters"]]
        if values.get("representative") is not None:
            values["representative"] = services.RepresentativeData(**values["representative"])
        # The service's own copy: the writer may see what it just wrote, and a re-read cost a query.
        case = services.case_intake(actor=request.user, **values)
        return Response(CaseDetailSerializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: CaseTimelineEventSerializer(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        case = self.get_object()
        events = audit_timeline(user=request.user, target_type="cases.case", target_id=case.pk)
        return Response(CaseTimelineEventSerializer(events, many=True).data)


class RevealInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RevealedIdentitySerializer(serializers.Serializer):
    full_name = serializers.CharField()
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)


@extend_schema(
    request=RevealInput,
    responses={200: RevealedIdentitySerializer(many=True), **ACTION_ERRORS},
    summary=_("Xem danh tính người tố cáo (có lý do, được ghi nhật ký)"),
)
@action(detail=True, methods=["post"], url_path="reveal_identity", filter_backends=[], pagination_class=None)
def reveal_identity(self: CaseViewSet, request, pk=None) -> Response:
    """The same service as the case page's reveal form: who may see it, and every reveal audited."""
    case = self.get_object()
    data = RevealInput(data=request.data)
    data.is_valid(raise_exception=True)
    people = services.case_identity_reveal(case=case, actor=request.user, reason=data.validated_data["reason"])
    return Response(RevealedIdentitySerializer(people, many=True).data)


CaseViewSet.reveal_identity = reveal_identity  # type: ignore[attr-defined]


class IdentityGrantInput(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


@extend_schema(
    request=IdentityGrantInput,
    responses={200: IdentityGrantInput, **ACTION_ERRORS},
    summary=_("Người quyết định cho phép người khác xem danh tính người tố cáo (có lý do, được ghi nhật ký)"),
)
@action(detail=True, methods=["post"], url_path="grant_identity", filter_backends=[], pagination_class=None)
def grant_identity(self: CaseViewSet, request, pk=None) -> Response:
    """The same service as the case page's grant form."""
    case = self.get_object()
    data = IdentityGrantInput(data=request.data)
    data.is_valid(raise_exception=True)
    grantee = User.objects.filter(pk=data.validated_data["user"], is_active=True).first()
    grant = services.case_identity_grant(
        case=case, actor=request.user, grantee=grantee, reason=data.validated_data["reason"]
    )
    return Response({"user": grant.user_id, "reason": grant.reason})


class RedactionInput(serializers.Serializer):
    masks = serializers.ListField(child=serializers.CharField(max_length=500, allow_blank=True), max_length=200)


class RedactionOutput(serializers.Serializer):
    masks = serializers.IntegerField()
    content_redacted = serializers.CharField()


@extend_schema(
    request=RedactionInput,
    responses={200: RedactionOutput, **ACTION_ERRORS},
    summary=_("Lập bản che thông tin người tố cáo (chỉ người được xem danh tính)"),
)
@action(detail=True, methods=["post"], url_path="redaction", filter_backends=[], pagination_class=None)
def redaction(self: CaseViewSet, request, pk=None) -> Response:
    """The same service as the case page's redaction form; answers with the working copy only."""
    case = self.get_object()
    data = RedactionInput(data=request.data)
    data.is_valid(raise_exception=True)
    case = services.case_redaction_save(case=case, actor=request.user, masks=data.validated_data["masks"])
    return Response({"masks": len(data.validated_data["masks"]), "content_redacted": case.content_redacted})


CaseViewSet.grant_identity = grant_identity  # type: ignore[attr-defined]
CaseViewSet.redaction = redaction  # type: ignore[attr-defined]


def _make_action(name: str, spec: CaseAction) -> Callable[..., Response]:
    def run(self: CaseViewSet, request, pk=None) -> Response:
        case = self.get_object()
        data = spec.input(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        expected_version = values.pop("version")
        try:
            result = spec.service(case=case, actor=request.user, expected_version=expected_version, **values)
        except TransitionNotAllowed as exc:
            # The 409 lists what the case page would offer: the same selector answers both.
            fresh = case_get_for_user(user=request.user, pk=case.pk)
            raise TransitionNotAllowed(exc.message, allowed=case_actions(user=request.user, case=fresh)) from exc
        changed = result[0] if isinstance(result, tuple) else result
        fresh = case_get_for_user(user=request.user, pk=changed.pk)
        return Response(CaseDetailSerializer(fresh, context={"request": request}).data)

    run.__name__ = name
    # Annotated once an action: @action replaces the kwargs where drf-spectacular keeps the annotation.
    run = action(detail=True, methods=["post"], url_path=name, filter_backends=[], pagination_class=None)(run)
    return extend_schema(
        request=spec.input, responses={200: CaseDetailSerializer, **ACTION_ERRORS}, summary=spec.summary
    )(run)


for _name, _spec in CASE_ACTIONS.items():
    setattr(CaseViewSet, _name, _make_action(_name, _spec))


class PublicCaseSubmitView(APIView):
    """Gửi đơn trực tuyến không cần tài khoản: trả về số hồ sơ và mã tra cứu."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PublicIntakeThrottle]

    @extend_schema(
        request=PublicIntakeSerializer,
        responses={201: ReceiptSerializer, 400: INVALID, 422: UNPROCESSABLE, 429: THROTTLED},
        description=_("Gửi đơn trực tuyến không cần tài khoản: trả về số hồ sơ và mã tra cứu."),
        auth=[],
    )
    # The receipt code is kept only as a hash: with an Idempotency-Key it is derived from the key (a
    # keyed HMAC, as the web form derives it from its token), so a retry gets the same code again while
    # the stored answer holds none; without a key it is random.
    @idempotent_with(derived={"receipt_code": receipt_code_from})
    def post(self, request, idempotency_seed: bytes | None = None):
        data = PublicIntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = receipt_code_from(idempotency_seed) if idempotency_seed is not None else None
        case, code = services.case_public_submit(**data.validated_data, code=code)
        return Response(
            {"reference": case.reference, "receipt_code": code, "status": case.get_status_display()},
            status=status.HTTP_201_CREATED,
        )


class PublicCaseStatusView(APIView):
    """Tra cứu tình trạng đơn bằng mã tra cứu (gửi trong thân yêu cầu để mã không nằm trong nhật ký máy chủ)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PublicIntakeThrottle]

    @extend_schema(
        request=StatusQuerySerializer,
        responses={200: PublicStatusSerializer, 400: INVALID, 404: NOT_FOUND, 429: THROTTLED},
        description=_(
            "Tra cứu tình trạng đơn bằng mã tra cứu (gửi trong thân yêu cầu để mã không nằm trong nhật ký máy chủ)."
        ),
        auth=[],
    )
    def post(self, request):
        data = StatusQuerySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = case_status_by_code(code=data.validated_data["code"])
        if found is None:
            return Response(
                {"code": "not_found", "detail": gettext("Không tìm thấy đơn với mã tra cứu này.")}, status=404
            )
        return Response(PublicStatusSerializer(found).data)
