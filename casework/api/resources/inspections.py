"""Flags, inspection plans, inspections (findings, recommendations), follow-ups and the coverage report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.actions import attach_actions, object_action
from casework.api.errors import INVALID, NOT_FOUND
from casework.api.ordering import LIST_FILTERS, URGENCY_FIELDS, deadline_filter
from casework.api.resources.cases import DisciplineSerializer
from casework.api.scoping import ScopedPrimaryKeyField, filter_units, url_pk, visible_person, visible_unit
from casework.areas.selectors import UNCLASSIFIED_LABEL, subject_area_label
from casework.inspections import services
from casework.inspections.actions import flag_actions, inspection_actions, plan_actions, recommendation_actions
from casework.inspections.filters import RECOMMENDATION_SOURCES
from casework.inspections.models import (
    Category,
    ChecklistItem,
    Finding,
    Flag,
    FollowupReport,
    Inspection,
    InspectionPlan,
    PlanItem,
    Recommendation,
    TeamMember,
)
from casework.inspections.selectors import (
    FlagEnding,
    coverage_report,
    flag_bucket,
    flag_endings,
    flag_get,
    flag_list,
    inspection_get,
    inspection_ids_readable,
    inspection_list,
    plan_get,
    plan_items_with_progress,
    plan_list,
    recommendation_get,
    recommendation_list,
    recommendation_return_due_on,
    recommendation_source_shown,
    recommendation_text_q,
)
from casework.inspections.sources import flag_sources_visible
from casework.search.models import SearchDocument
from casework.search.selectors import search_match_ids
from workflows.selectors import escalation_ids_readable

# ---- flags -------------------------------------------------------------------------------


class FlagSerializer(serializers.ModelSerializer):
    subject_area = serializers.SerializerMethodField(help_text=_("Mã lĩnh vực; null: chưa phân loại"))
    subject_area_name = serializers.SerializerMethodField(help_text=_("Tên lĩnh vực hiện hành"))
    source_id = serializers.SerializerMethodField(
        help_text=_("Mã hồ sơ nguồn; null khi người đọc không được xem hồ sơ đó")
    )
    inspection = serializers.SerializerMethodField(
        help_text=_(
            "Mã cuộc kiểm tra đang xử lý dấu hiệu; null khi dấu hiệu chưa được đưa vào cuộc kiểm tra "
            "hoặc người đọc không được xem cuộc kiểm tra đó"
        )
    )
    escalation_id = serializers.SerializerMethodField(
        help_text=_(
            "Mã báo cáo lên lãnh đạo đã quyết định dấu hiệu; null khi chưa có quyết định "
            "hoặc người đọc không được xem báo cáo đó"
        )
    )

    class Meta:
        model = Flag
        fields = [
            "id",
            "unit",
            "person",
            "category",
            "subject_area",
            "subject_area_name",
            "severity",
            "evidence",
            "source",
            "source_type",
            "source_id",
            "status",
            "raised_at",
            "inspection",
            "joined_inspection_at",
            "escalation_id",
            "decision",
            "end_ground",
            "merged_into_flag",
            "merged_into_inspection",
            "merged_into_reference",
            "referred_to",
            "referral_ref",
            "decision_reason",
            "instructions",
            "closed_at",
        ]

    merged_into_flag = serializers.SerializerMethodField(
        help_text=_("Mã dấu hiệu vi phạm đã gộp vào; null khi người đọc không được xem dấu hiệu đó")
    )
    merged_into_inspection = serializers.SerializerMethodField(
        help_text=_("Mã cuộc kiểm tra đã gộp vào; null khi người đọc không được xem cuộc kiểm tra đó")
    )
    merged_into_reference = serializers.SerializerMethodField(
        help_text=_("Số hiệu của dấu hiệu vi phạm hoặc cuộc kiểm tra đã gộp vào (DH-… hoặc số quyết định)")
    )

    def ending_of(self, obj: Flag) -> FlagEnding | None:
        """The flag's ending as the reader may read it (inspections.selectors.flag_endings: the record merged
        into is named to all, its id given only to one who may open it), read for a list's page at once."""
        endings: dict = self.context.setdefault("flag_endings", {})
        if obj.pk not in endings:
            page = (
                getattr(self.parent, "instance", None) if isinstance(self.parent, serializers.ListSerializer) else None
            )
            flags = [f for f in (page or [obj]) if isinstance(f, Flag)] or [obj]
            found = flag_endings(flags, reader=self.context["request"].user)
            endings.update({f.pk: found.get(f.pk) for f in flags})
        return endings.get(obj.pk)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_merged_into_flag(self, obj: Flag) -> int | None:
        ending = self.ending_of(obj) if obj.merged_into_flag_id else None
        return ending.target_id if ending is not None else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_merged_into_inspection(self, obj: Flag) -> int | None:
        ending = self.ending_of(obj) if obj.merged_into_inspection_id else None
        return ending.target_id if ending is not None else None

    def get_merged_into_reference(self, obj: Flag) -> str:
        if not (obj.merged_into_flag_id or obj.merged_into_inspection_id):
            return ""
        ending = self.ending_of(obj)
        return ending.target if ending is not None else ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_subject_area(self, obj: Flag) -> str | None:
        return obj.subject_area.code if obj.subject_area_id else None

    def get_subject_area_name(self, obj: Flag) -> str:
        if not obj.subject_area_id:
            return str(UNCLASSIFIED_LABEL)
        return getattr(obj, "subject_area_name", None) or subject_area_label(obj.subject_area)

    def _id_for_its_readers(self, obj: Flag, field: str, readable_ids: Callable[..., set]) -> int | None:
        """The id in `field` only to a reader who may open what it names (`readable_ids`, the rule of the
        flag page's links), read for a list's page at once."""
        pk = getattr(obj, field)
        if pk is None:
            return None
        readable: dict = self.context.setdefault(f"flag_{field}_readable", {})
        if pk not in readable:
            page = (
                getattr(self.parent, "instance", None) if isinstance(self.parent, serializers.ListSerializer) else None
            )
            ids = {getattr(f, field) for f in (page or [obj]) if isinstance(f, Flag) and getattr(f, field)}
            ids.add(pk)
            opened = readable_ids(user=self.context["request"].user, ids=ids)
            readable.update({i: i in opened for i in ids})
        return pk if readable[pk] else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_inspection(self, obj: Flag) -> int | None:
        """inspections.selectors.inspection_ids_readable."""
        return self._id_for_its_readers(obj, "inspection_id", inspection_ids_readable)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_escalation_id(self, obj: Flag) -> int | None:
        """workflows.selectors.escalation_ids_readable."""
        return self._id_for_its_readers(obj, "escalation_id", escalation_ids_readable)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_source_id(self, obj: Flag) -> str | None:
        """The source record's id only to a reader who may see it (inspections.sources)."""
        if not obj.source_type:
            return obj.source_id
        key = (obj.source_type, obj.source_id)
        checked: dict = self.context.setdefault("flag_sources_checked", {})
        if key not in checked:
            # A list's page at once (one query per kind of source), else this flag.
            page = (
                getattr(self.parent, "instance", None) if isinstance(self.parent, serializers.ListSerializer) else None
            )
            flags = [f for f in (page or [obj]) if isinstance(f, Flag)] or [obj]
            visible = flag_sources_visible(user=self.context["request"].user, flags=flags)
            checked.update({(f.source_type, f.source_id): (f.source_type, f.source_id) in visible for f in flags})
        return obj.source_id if checked.get(key) else None


class FlagDetailSerializer(FlagSerializer):
    bucket = serializers.SerializerMethodField(help_text=_("Nhóm bao phủ, tính từ thời hạn và kết thúc của dấu hiệu"))
    allowed_actions = serializers.SerializerMethodField()

    disciplines = serializers.SerializerMethodField()

    class Meta(FlagSerializer.Meta):
        fields = [*FlagSerializer.Meta.fields, "bucket", "allowed_actions", "disciplines"]

    def get_bucket(self, obj: Flag) -> str:
        return flag_bucket(flag=obj)

    @extend_schema_field(DisciplineSerializer(many=True))
    def get_disciplines(self, obj: Flag) -> list[dict[str, Any]]:
        return DisciplineSerializer(obj.disciplines.order_by("-proposed_at", "-pk"), many=True).data

    def get_allowed_actions(self, obj: Flag) -> list[str]:
        return flag_actions(user=self.context["request"].user, flag=obj)


class FlagRaiseInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit, help_text=_("Đơn vị có dấu hiệu vi phạm"))
    category = serializers.ChoiceField(choices=Category.choices)
    severity = serializers.ChoiceField(choices=Flag.Severity.choices, required=False, default=Flag.Severity.MEDIUM)
    evidence = serializers.CharField(allow_blank=True)
    person = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    source = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in Flag.REPORTED_SOURCES],
        required=False,
        default=Flag.Source.MANUAL,
        help_text=_("Nguồn do người ghi nhận báo cáo; nguồn gắn với hồ sơ chỉ do chính hồ sơ đó ghi nhận"),
    )
    subject_area = serializers.CharField(max_length=32, help_text=_("Mã lĩnh vực (GET /api/subject-areas/)"))


class FlagSubjectAreaInput(serializers.Serializer):
    subject_area = serializers.CharField(max_length=32, help_text=_("Mã lĩnh vực (GET /api/subject-areas/)"))
    reason = serializers.CharField(allow_blank=True)


class EscalationOpenInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    proposal = serializers.CharField(required=False, allow_blank=True, default="")


class EscalationCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    status = serializers.CharField()
    level = serializers.IntegerField(source="level_id")


class FlagOpenInspectionInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit, help_text=_("Ủy ban kiểm tra tiến hành"))
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class FlagFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Flag.Status.choices)
    unit = django_filters.ModelChoiceFilter(queryset=filter_units, label=_("Đơn vị (cả cây con)"))
    q = django_filters.CharFilter(label=_("Tìm (không phân biệt dấu, hoa thường) theo số hiệu, cá nhân, căn cứ"))
    deadline = deadline_filter()
    subject_area = django_filters.CharFilter(
        label=_("Mã lĩnh vực (GET /api/subject-areas/); chua_phan_loai: chưa phân loại"), max_length=32
    )

    class Meta:
        model = Flag
        fields: list[str] = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        filters = {name: data[name] for name in ("q", "deadline", "subject_area") if data.get(name)}
        return flag_list(
            user=self.request.user,
            status=data.get("status") or None,
            unit=data.get("unit"),
            filters=filters or None,
        )


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm (không phân biệt dấu) theo số hiệu, tên cuộc kiểm tra"))
    # The reader's units only: one outside the scope is refused like one that does not exist.
    unit = django_filters.ModelChoiceFilter(queryset=filter_units)
    subject_unit = django_filters.ModelChoiceFilter(queryset=filter_units)
    deadline = deadline_filter()
    subject_area = django_filters.CharFilter(
        method="in_area", max_length=32, label=_("Mã lĩnh vực của dấu hiệu vi phạm được kiểm tra")
    )

    class Meta:
        model = Inspection
        fields = ["status", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=search_match_ids(q=value, kind="inspection"))

    def in_area(self, queryset, name, value):
        return queryset.filter(pk__in=inspection_list(user=self.request.user, filters={"subject_area": value}))


class FlagDisciplineProposeInput(serializers.Serializer):
    subject_kind = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="member | part_time_cadre | full_time_cadre | collective",
    )
    subject_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    violation_forms = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        default=list,
        max_length=20,
        help_text=_("Hình thức đề nghị cho từng vi phạm"),
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class BallotInput(serializers.Serializer):
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


class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = FlagFilter
    ordering = "-pk"
    ordering_fields = ["pk", "raised_at", *URGENCY_FIELDS]
    filter_backends = LIST_FILTERS

    def get_queryset(self):
        return flag_list(user=self.request.user)

    def get_object(self) -> Flag:
        return flag_get(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    def get_serializer_class(self):
        return FlagSerializer if self.action == "list" else FlagDetailSerializer

    @extend_schema(
        request=FlagRaiseInput,
        responses={201: FlagDetailSerializer, 400: INVALID, 404: NOT_FOUND},
        description=_("Ghi nhận dấu hiệu vi phạm (nhập tay): thời hạn mở cuộc kiểm tra bắt đầu tính ngay."),
    )
    def create(self, request):
        """Ghi nhận dấu hiệu vi phạm (by hand): its clock to open an inspection starts at once."""
        data = FlagRaiseInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        flag = services.flag_raise(actor=request.user, **data.validated_data)
        flag = flag_get(user=request.user, pk=flag.pk)
        return Response(FlagDetailSerializer(flag, context={"request": request}).data, status=status.HTTP_201_CREATED)


def _flag_allowed(user: Any, flag: Flag) -> list[str]:
    return flag_actions(user=user, flag=flag)


_flag = dict(object_kwarg="flag", allowed=_flag_allowed)
attach_actions(
    FlagViewSet,
    {
        "escalate": object_action(
            name="escalate",
            service=services.flag_escalate,
            input_serializer=EscalationOpenInput,
            output_serializer=EscalationCreatedSerializer,
            summary=_("Chuyển dấu hiệu vi phạm lên lãnh đạo"),
            status_code=201,
            output_from_result=True,
            **_flag,
        ),
        "subject_area": object_action(
            name="subject_area",
            service=services.flag_subject_area_set,
            input_serializer=FlagSubjectAreaInput,
            output_serializer=FlagDetailSerializer,
            summary=_("Đổi lĩnh vực của dấu hiệu vi phạm đang xử lý"),
            **_flag,
        ),
        "open_inspection": object_action(
            name="open_inspection",
            service=services.flag_inspection_open,
            input_serializer=FlagOpenInspectionInput,
            output_serializer=FlagDetailSerializer,
            summary=_("Mở cuộc kiểm tra đột xuất với dấu hiệu này"),
            status_code=201,
            **_flag,
        ),
        "discipline_propose": object_action(
            name="discipline_propose",
            service=services.flag_discipline_propose,
            input_serializer=FlagDisciplineProposeInput,
            output_serializer=FlagDetailSerializer,
            summary=_("Đề nghị kỷ luật (chờ cơ quan có thẩm quyền bỏ phiếu kín)"),
            **_flag,
        ),
        "discipline_ballot": object_action(
            name="discipline_ballot",
            service=services.flag_discipline_ballot_record,
            input_serializer=BallotInput,
            output_serializer=FlagDetailSerializer,
            summary=_("Ghi kết quả bỏ phiếu kín kỷ luật, ký thay mặt cơ quan"),
            **_flag,
        ),
    },
)


# ---- plans -------------------------------------------------------------------------------


class PlanItemSerializer(serializers.ModelSerializer):
    inspection_id = serializers.IntegerField(read_only=True, allow_null=True)
    inspection_status = serializers.CharField(read_only=True)
    supervision_id = serializers.IntegerField(read_only=True, allow_null=True)
    supervision_status = serializers.CharField(read_only=True)
    done = serializers.BooleanField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "kind",
            "subject_unit",
            "topics",
            "starts_on",
            "ends_on",
            "team_lead",
            "inspection_id",
            "inspection_status",
            "supervision_id",
            "supervision_status",
            "done",
            "overdue",
        ]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "unit",
            "period",
            "year",
            "quarter",
            "title",
            "status",
            "created_at",
            "return_comments",
            "approved_by",
            "approved_at",
            "results_summary",
        ]


class PlanDetailSerializer(PlanSerializer):
    items = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "items", "allowed_actions"]

    @extend_schema_field(PlanItemSerializer(many=True))
    def get_items(self, obj: InspectionPlan) -> list[dict[str, Any]]:
        return PlanItemSerializer(plan_items_with_progress(plan=obj), many=True).data

    def get_allowed_actions(self, obj: InspectionPlan) -> list[str]:
        return plan_actions(user=self.context["request"].user, plan=obj)


class PlanCreateInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit)
    period = serializers.ChoiceField(choices=InspectionPlan.Period.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=4)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class PlanItemInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanItem.Kind.choices, required=False, default=PlanItem.Kind.INSPECTION)
    subject_unit = ScopedPrimaryKeyField(resolve=visible_unit)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices), allow_empty=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    team_lead = ScopedPrimaryKeyField(resolve=visible_person, required=False, allow_null=True, default=None)


class CommentsInput(serializers.Serializer):
    comments = serializers.CharField(allow_blank=True)


class SummaryInput(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", max_length=200, label=_("Tìm (không phân biệt dấu) theo số hiệu, tên kế hoạch, đơn vị")
    )
    unit = django_filters.ModelChoiceFilter(queryset=filter_units)

    class Meta:
        model = InspectionPlan
        fields = ["status", "period", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=search_match_ids(q=value, kind=SearchDocument.Kind.PLAN))


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    ordering = "-pk"
    ordering_fields = ["pk", "year"]
    filterset_class = PlanFilter

    def get_queryset(self):
        return plan_list(user=self.request.user)

    def get_object(self) -> InspectionPlan:
        return plan_get(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    @extend_schema(request=PlanCreateInput, responses={201: PlanDetailSerializer, 400: INVALID, 404: NOT_FOUND})
    def create(self, request):
        data = PlanCreateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        plan = services.plan_create(actor=request.user, **data.validated_data)
        plan = plan_get(user=request.user, pk=plan.pk)
        return Response(PlanDetailSerializer(plan, context={"request": request}).data, status=status.HTTP_201_CREATED)


def _plan_allowed(user: Any, plan: InspectionPlan) -> list[str]:
    return plan_actions(user=user, plan=plan)


_plan = dict(object_kwarg="plan", output_serializer=PlanDetailSerializer, allowed=_plan_allowed)
attach_actions(
    PlanViewSet,
    {
        "items": object_action(
            name="items",
            service=services.plan_item_add,
            input_serializer=PlanItemInput,
            summary=_("Thêm đơn vị vào kế hoạch"),
            status_code=201,
            **_plan,
        ),
        "submit": object_action(
            name="submit", service=services.plan_submit, input_serializer=None, summary=_("Trình duyệt"), **_plan
        ),
        "approve": object_action(
            name="approve", service=services.plan_approve, input_serializer=None, summary=_("Phê duyệt"), **_plan
        ),
        "return": object_action(
            name="return",
            service=services.plan_return,
            input_serializer=CommentsInput,
            summary=_("Trả lại kế hoạch"),
            **_plan,
        ),
        "activate": object_action(
            name="activate", service=services.plan_activate, input_serializer=None, summary=_("Triển khai"), **_plan
        ),
        "close": object_action(
            name="close", service=services.plan_close, input_serializer=SummaryInput, summary=_("Kết thúc"), **_plan
        ),
    },
)


# ---- inspections -------------------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "inspection", "topic", "description", "evidence", "amount", "created_by", "created_at"]


class RecommendationSerializer(serializers.ModelSerializer):
    """`inspection` or `case`, exactly one: the conclusion it comes from (a case's measure names its
    `monitor`, null: the same-level inspection committee). `source_reference` is the inspection's or
    the case's reference. Only whoever may see the case reads which one it is: to anyone else (the
    unit that must act) `case` is null and `source_reference` a neutral label
    (selectors.recommendation_source_shown)."""

    case = serializers.SerializerMethodField()
    source_reference = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "inspection",
            "case",
            "source_reference",
            "monitor",
            "text",
            "owner_unit",
            "due_on",
            "status",
            "times_returned",
            "created_at",
        ]

    def _source(self, obj: Recommendation) -> tuple[int | None, str]:
        return recommendation_source_shown(recommendation=obj, user=getattr(self.context.get("request"), "user", None))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_case(self, obj: Recommendation) -> int | None:
        return self._source(obj)[0]

    @extend_schema_field(serializers.CharField())
    def get_source_reference(self, obj: Recommendation) -> str:
        return self._source(obj)[1]


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "topic", "code", "label", "done", "note", "checked_by"]


class TeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["user", "role"]


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = [
            "id",
            "unit",
            "subject_unit",
            "kind",
            "plan_item",
            "title",
            "topics",
            "complex",
            "status",
            "created_at",
            "decision_number",
            "decided_at",
            "acknowledged_at",
            "outcome",
            "conclusion_notified_at",
        ]
        # The number of the decision paper in the unit's outgoing register; never written through the API.
        read_only_fields = ["decision_number"]


class InspectionDetailSerializer(InspectionSerializer):
    team = TeamMemberSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    recommendations = RecommendationSerializer(many=True, read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    disciplines = serializers.SerializerMethodField()
    explanation_received_late = serializers.BooleanField(
        read_only=True, help_text=_("Giải trình nhận sau hạn giải trình (vẫn được ghi nhận khi chưa có kết luận)")
    )

    class Meta(InspectionSerializer.Meta):
        fields = [
            *InspectionSerializer.Meta.fields,
            "notice_text",
            "notice_delivered_on",
            "notice_delivery_means",
            "draft_report",
            "proposed_outcome",
            "draft_report_sent_on",
            "explanation_due_on",
            "explanation",
            "explanation_received_on",
            "explanation_on_paper",
            "explanation_paper_reference",
            "explanation_recorded_by",
            "explanation_received_late",
            "conclusion_text",
            "team",
            "findings",
            "recommendations",
            "checklist",
            "allowed_actions",
            "disciplines",
        ]
        # How and when the unit's explanation reached the committee: written only by its service.
        read_only_fields = [
            *InspectionSerializer.Meta.read_only_fields,
            "draft_report_sent_on",
            "explanation_due_on",
            "explanation_received_on",
            "explanation_on_paper",
            "explanation_paper_reference",
            "explanation_recorded_by",
        ]

    def get_allowed_actions(self, obj: Inspection) -> list[str]:
        return inspection_actions(user=self.context["request"].user, inspection=obj)

    @extend_schema_field(DisciplineSerializer(many=True))
    def get_disciplines(self, obj: Inspection) -> list[dict[str, Any]]:
        return DisciplineSerializer(obj.disciplines.order_by("-proposed_at", "-pk"), many=True).data


def _visible_flag(user: Any, pk: int) -> Flag:
    return flag_get(user=user, pk=pk)


class InspectionOpenInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit, help_text=_("Ủy ban kiểm tra tiến hành"))
    subject_unit = ScopedPrimaryKeyField(resolve=visible_unit, help_text=_("Đơn vị được kiểm tra"))
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), required=False, default=list
    )
    flags = serializers.ListField(child=ScopedPrimaryKeyField(resolve=_visible_flag), required=False, default=list)
    complex = serializers.BooleanField(required=False, default=False)


class TextInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class ReportDraftInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    outcome = serializers.CharField(
        max_length=12, allow_blank=True, required=False, default="", help_text=_("Kết luận đoàn kiểm tra đề xuất")
    )


class ConcludeInput(serializers.Serializer):
    outcome = serializers.CharField(max_length=12, allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    deviation_reason = serializers.CharField(
        allow_blank=True, required=False, default="", help_text=_("Bắt buộc khi kết luận khác đề xuất của đoàn")
    )


class TeamInput(serializers.Serializer):
    members = serializers.ListField(child=ScopedPrimaryKeyField(resolve=visible_person))
    lead = ScopedPrimaryKeyField(resolve=visible_person)


class FindingInput(serializers.Serializer):
    topic = serializers.CharField(max_length=32, allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=18, decimal_places=0, required=False, allow_null=True, default=None)


class CheckInput(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("id của mục trong danh mục kiểm tra (checklist)"))
    done = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class UploadsInput(serializers.Serializer):
    uploads = serializers.ListField(child=serializers.FileField(), allow_empty=True, help_text="multipart: uploads")


class DeliveryInput(UploadsInput):
    delivered_on = serializers.DateField()
    means = serializers.ChoiceField(choices=Inspection.DeliveryMeans.choices)


class PaperExplanationInput(UploadsInput):
    """The explanation a unit with no account sent on paper (multipart: the day it was received, its
    number, the text; uploads optional)."""

    received_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Ngày nhận văn bản giải trình")
    )
    paper_reference = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Số, ký hiệu văn bản giải trình")
    )
    text = serializers.CharField(allow_blank=True)
    uploads = serializers.ListField(
        child=serializers.FileField(), allow_empty=True, required=False, default=list, help_text="multipart: uploads"
    )
    received_on_paper = serializers.HiddenField(default=True)


class AddFlagsInput(serializers.Serializer):
    flags = serializers.ListField(child=ScopedPrimaryKeyField(resolve=_visible_flag), allow_empty=True)


class DisciplineInput(serializers.Serializer):
    person = serializers.CharField(allow_blank=True, max_length=255)
    proposal = serializers.CharField(allow_blank=True, max_length=16)
    reason = serializers.CharField(allow_blank=True)
    subject_kind = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("member | part_time_cadre | full_time_cadre | collective; bỏ trống: suy từ hình thức"),
    )


class SubjectRepInput(serializers.Serializer):
    user = ScopedPrimaryKeyField(resolve=visible_person)


class RecommendationInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    owner_unit = ScopedPrimaryKeyField(resolve=visible_unit)
    due_on = serializers.DateField()


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    ordering = "-pk"
    ordering_fields = ["pk", "created_at", *URGENCY_FIELDS]
    filter_backends = LIST_FILTERS
    filterset_class = InspectionFilter

    def get_queryset(self):
        return inspection_list(user=self.request.user)

    def get_object(self) -> Inspection:
        return inspection_get(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    def get_serializer_class(self):
        return InspectionDetailSerializer if self.action == "retrieve" else InspectionSerializer

    @extend_schema(
        request=InspectionOpenInput, responses={201: InspectionDetailSerializer, 400: INVALID, 404: NOT_FOUND}
    )
    def create(self, request):
        data = InspectionOpenInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        inspection = services.inspection_open(actor=request.user, **data.validated_data)
        inspection = inspection_get(user=request.user, pk=inspection.pk)
        return Response(
            InspectionDetailSerializer(inspection, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


def _inspection_allowed(user: Any, inspection: Inspection) -> list[str]:
    return inspection_actions(user=user, inspection=inspection)


_insp = dict(object_kwarg="inspection", output_serializer=InspectionDetailSerializer, allowed=_inspection_allowed)
attach_actions(
    InspectionViewSet,
    {
        "team": object_action(
            name="team",
            service=services.inspection_team_set,
            input_serializer=TeamInput,
            summary=_("Lập đoàn"),
            **_insp,
        ),
        "decide": object_action(
            name="decide",
            service=services.inspection_decide,
            input_serializer=None,
            summary=_("Ra quyết định kiểm tra"),
            **_insp,
        ),
        "notify": object_action(
            name="notify",
            service=services.inspection_notify,
            input_serializer=TextInput,
            summary=_("Thông báo cho đơn vị được kiểm tra"),
            **_insp,
        ),
        "acknowledge": object_action(
            name="acknowledge",
            service=services.inspection_acknowledge,
            input_serializer=None,
            summary=_("Đơn vị xác nhận đã nhận thông báo"),
            **_insp,
        ),
        "report_draft": object_action(
            name="report_draft",
            service=services.inspection_report_draft,
            input_serializer=ReportDraftInput,
            summary=_("Dự thảo báo cáo"),
            **_insp,
        ),
        "explain": object_action(
            name="explain",
            service=services.inspection_explain,
            input_serializer=TextInput,
            summary=_("Đơn vị giải trình"),
            **_insp,
        ),
        "explain_paper": object_action(
            name="explain_paper",
            service=services.inspection_explain,
            input_serializer=PaperExplanationInput,
            summary=_(
                "Ghi nhận giải trình bằng văn bản của đơn vị chưa có tài khoản "
                "(ngày nhận, số văn bản, nội dung, bản quét nếu có)"
            ),
            **_insp,
        ),
        "conclude": object_action(
            name="conclude",
            service=services.inspection_conclude,
            input_serializer=ConcludeInput,
            summary=_("Kết luận kiểm tra"),
            **_insp,
        ),
        "conclusion_notify": object_action(
            name="conclusion_notify",
            service=services.inspection_conclusion_notify,
            input_serializer=None,
            summary=_("Thông báo kết luận"),
            **_insp,
        ),
        "check": object_action(
            name="check",
            service=services.inspection_check,
            input_serializer=CheckInput,
            summary=_("Cập nhật một mục của danh mục kiểm tra"),
            **_insp,
        ),
        "documents": object_action(
            name="documents",
            service=services.inspection_documents_add,
            input_serializer=UploadsInput,
            summary=_("Đơn vị nộp thêm tài liệu (multipart)"),
            **_insp,
        ),
        "deliver_notice": object_action(
            name="deliver_notice",
            service=services.inspection_notice_delivered,
            input_serializer=DeliveryInput,
            summary=_("Ghi nhận đã giao thông báo cho đơn vị chưa có tài khoản (ngày, hình thức, bản quét ký nhận)"),
            **_insp,
        ),
        "add_flags": object_action(
            name="add_flags",
            service=services.inspection_flags_add,
            input_serializer=AddFlagsInput,
            summary=_("Gộp thêm dấu hiệu vi phạm"),
            **_insp,
        ),
        "assign_rep": object_action(
            name="assign_rep",
            service=services.inspection_subject_rep_assign,
            input_serializer=SubjectRepInput,
            summary=_("Chỉ định đại diện đơn vị được kiểm tra"),
            **_insp,
        ),
        "escalate": object_action(
            name="escalate",
            service=services.inspection_escalate,
            object_kwarg="inspection",
            input_serializer=EscalationOpenInput,
            output_serializer=EscalationCreatedSerializer,
            allowed=_inspection_allowed,
            summary=_("Chuyển cuộc kiểm tra lên lãnh đạo"),
            status_code=201,
            output_from_result=True,
        ),
        "discipline": object_action(
            name="discipline",
            service=services.discipline_propose,
            object_kwarg="inspection",
            input_serializer=DisciplineInput,
            output_serializer=DisciplineSerializer,
            allowed=_inspection_allowed,
            summary=_("Đề nghị kỷ luật (chờ cơ quan có thẩm quyền bỏ phiếu kín)"),
            status_code=201,
            output_from_result=True,
        ),
        "discipline_ballot": object_action(
            name="discipline_ballot",
            service=services.inspection_discipline_ballot_record,
            input_serializer=BallotInput,
            summary=_("Ghi kết quả bỏ phiếu kín kỷ luật, ký thay mặt cơ quan"),
            **_insp,
        ),
        "finding": object_action(
            name="finding",
            service=services.finding_add,
            object_kwarg="inspection",
            input_serializer=FindingInput,
            output_serializer=FindingSerializer,
            allowed=_inspection_allowed,
            summary=_("Ghi nhận phát hiện"),
            status_code=201,
            output_from_result=True,
        ),
        "recommend": object_action(
            name="recommend",
            service=services.recommendation_add,
            object_kwarg="inspection",
            input_serializer=RecommendationInput,
            output_serializer=RecommendationSerializer,
            allowed=_inspection_allowed,
            summary=_("Thêm kiến nghị"),
            status_code=201,
            output_from_result=True,
        ),
        "findings": object_action(
            name="findings",
            service=services.finding_add,
            object_kwarg="inspection",
            input_serializer=FindingInput,
            output_serializer=FindingSerializer,
            allowed=_inspection_allowed,
            summary=_("Ghi nhận phát hiện"),
            status_code=201,
            output_from_result=True,
        ),
        "recommendations": object_action(
            name="recommendations",
            service=services.recommendation_add,
            object_kwarg="inspection",
            input_serializer=RecommendationInput,
            output_serializer=RecommendationSerializer,
            allowed=_inspection_allowed,
            summary=_("Thêm kiến nghị"),
            status_code=201,
            output_from_result=True,
        ),
    },
)


# ---- recommendations and follow-ups -------------------------------------------------------


class FollowupReportSerializer(serializers.ModelSerializer):
    """A report in the system names `reported_by`; one the unit sent on paper has `on_paper`, the day
    it was received (`received_on`), how (`received_means`) and who recorded it (`recorded_by`)."""

    class Meta:
        model = FollowupReport
        fields = [
            "id",
            "text",
            "reported_by",
            "reported_at",
            "on_paper",
            "received_on",
            "received_means",
            "recorded_by",
            "verdict",
            "verdict_reason",
            "verified_by",
            "verified_at",
        ]


class RecommendationDetailSerializer(RecommendationSerializer):
    reports = FollowupReportSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    return_due_on = serializers.SerializerMethodField(
        help_text=_("Hạn báo cáo lại mà việc trả lại (chưa đạt) sẽ đặt hôm nay; null khi không có báo cáo chờ xác minh")
    )

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "reports", "allowed_actions", "return_due_on"]

    def get_allowed_actions(self, obj: Recommendation) -> list[str]:
        return recommendation_actions(user=self.context["request"].user, recommendation=obj)

    def get_return_due_on(self, obj: Recommendation) -> dt.date | None:
        if obj.status != Recommendation.Status.REPORTED:
            return None
        return recommendation_return_due_on(recommendation=obj)


def _recommendation_allowed(user: Any, recommendation: Recommendation) -> list[str]:
    return recommendation_actions(user=user, recommendation=recommendation)


class PaperReportInput(UploadsInput):
    """The report a unit sent on paper (multipart: the day it was received, the means, what it says,
    the scan of the signed report in uploads)."""

    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    means = serializers.ChoiceField(
        choices=Inspection.DeliveryMeans.choices, required=False, allow_blank=True, default=""
    )
    text = serializers.CharField(allow_blank=True)
    uploads = serializers.ListField(
        child=serializers.FileField(), allow_empty=True, required=False, default=list, help_text="multipart: uploads"
    )


class FollowupReportInput(serializers.Serializer):
    """The unit's report on a recommendation (multipart when it carries evidence: what it did, the
    evidence files in uploads, optional; JSON without files), as the page's form takes it."""

    text = serializers.CharField(allow_blank=True, help_text=_("Kết quả thực hiện kiến nghị"))
    uploads = serializers.ListField(
        child=serializers.FileField(), allow_empty=True, required=False, default=list, help_text="multipart: uploads"
    )


class VerifyInput(serializers.Serializer):
    verdict = serializers.CharField(max_length=12, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _filter_inspections(request: Any) -> Any:
    if request is None or not request.user.is_authenticated:
        return Inspection.objects.none()
    return inspection_list(user=request.user)


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=200,
        label=_("Tìm (không phân biệt dấu) theo số hiệu, nội dung, đơn vị thực hiện, cuộc kiểm tra"),
    )
    inspection = django_filters.ModelChoiceFilter(queryset=_filter_inspections)
    source = django_filters.ChoiceFilter(
        choices=RECOMMENDATION_SOURCES,
        method="filter_source",
        label=_("Nguồn của kiến nghị"),
    )
    owner_unit = django_filters.ModelChoiceFilter(queryset=filter_units)
    deadline = deadline_filter()

    class Meta:
        model = Recommendation
        fields = ["status"]

    def filter_source(self, queryset, name, value):
        return queryset.filter(case__isnull=value == "inspection")

    def search(self, queryset, name, value):
        return queryset.filter(recommendation_text_q(value))


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    ordering = "-pk"
    ordering_fields = ["pk", "due_on", *URGENCY_FIELDS]
    filter_backends = LIST_FILTERS
    filterset_class = RecommendationFilter

    def get_queryset(self):
        return recommendation_list(user=self.request.user)

    def get_object(self) -> Recommendation:
        return recommendation_get(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    def get_serializer_class(self):
        return RecommendationDetailSerializer if self.action == "retrieve" else RecommendationSerializer


_rec = dict(
    object_kwarg="recommendation", output_serializer=RecommendationDetailSerializer, allowed=_recommendation_allowed
)
attach_actions(
    RecommendationViewSet,
    {
        "report": object_action(
            name="report",
            service=services.followup_report,
            input_serializer=FollowupReportInput,
            summary=_("Đơn vị báo cáo thực hiện kiến nghị"),
            **_rec,
        ),
        "report_paper": object_action(
            name="report_paper",
            service=services.followup_report_paper,
            input_serializer=PaperReportInput,
            summary=_(
                "Ghi nhận báo cáo thực hiện bằng văn bản của đơn vị "
                "(ngày nhận, hình thức, nội dung, bản quét có chữ ký)"
            ),
            **_rec,
        ),
        "verify": object_action(
            name="verify",
            service=services.recommendation_verify,
            input_serializer=VerifyInput,
            summary=_("Xác minh báo cáo thực hiện (accepted / returned)"),
            **_rec,
        ),
    },
)


# ---- coverage ----------------------------------------------------------------------------


class CoverageRowSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField(required=False)
    unit__code = serializers.CharField(required=False)
    unit__name = serializers.CharField(required=False)
    raised = serializers.IntegerField()
    inspected = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    overdue_escalated = serializers.IntegerField()
    ended_by_leadership = serializers.IntegerField()
    unaccounted = serializers.IntegerField()
    accounted = serializers.IntegerField()
    inspected_percent = serializers.FloatField(
        allow_null=True, help_text="inspected / raised × 100; null when raised = 0"
    )
    accounted_percent = serializers.FloatField(
        allow_null=True, help_text="accounted / raised × 100; null when raised = 0"
    )


class TrailDisagreementSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="the flag's reference (DH-…)")
    problem = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    rows = CoverageRowSerializer(many=True)
    totals = CoverageRowSerializer()
    complete = serializers.BooleanField(help_text="no flag is unaccounted")
    disagreement_count = serializers.IntegerField(
        help_text="flags where the data disagree with the audit trail (deleted, moved or closed by hand)"
    )
    disagreements = TrailDisagreementSerializer(
        many=True, help_text="those flags, less any the caller is recused from (counted, never named)"
    )
    proven = serializers.BooleanField(help_text="complete, and the data agree with the audit trail")


class CoverageQuery(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit, required=False, allow_null=True, default=None)
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)


class CoverageView(APIView):
    """Bao phủ dấu hiệu vi phạm: mỗi dấu hiệu đã kiểm tra, đang xử lý trong hạn, đã chuyển lãnh đạo, hay chưa xử lý."""

    @extend_schema(
        parameters=[CoverageQuery],
        responses={200: CoverageSerializer, 400: INVALID, 404: NOT_FOUND},
        description=_(
            "Bao phủ dấu hiệu vi phạm: mỗi dấu hiệu đã kiểm tra, đang xử lý trong hạn, đã chuyển lãnh đạo,"
            " hay chưa xử lý."
        ),
    )
    def get(self, request):
        query = CoverageQuery(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        report = coverage_report(user=request.user, **query.validated_data)
        return Response(CoverageSerializer(report).data)
