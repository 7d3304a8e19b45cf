"""Supervisions (cuộc giám sát): list, retrieve, create, and the actions start / report / close."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from casework.api.actions import attach_actions, object_action
from casework.api.errors import INVALID, NOT_FOUND
from casework.api.ordering import deadline_filter
from casework.api.resources.cases import DeadlineSerializer
from casework.api.scoping import ScopedPrimaryKeyField, filter_units, url_pk, visible_person, visible_unit
from casework.inspections.models import Category, Flag, PlanItem
from casework.search.models import SearchDocument
from casework.search.selectors import search_match_ids
from casework.supervision import services
from casework.supervision.actions import supervision_actions
from casework.supervision.models import Supervision, SupervisionMember
from casework.supervision.selectors import (
    supervision_deadlines,
    supervision_flags,
    supervision_get,
    supervision_list,
    supervision_plan_items,
)


class SupervisionMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionMember
        fields = ["user", "role"]


class SupervisionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Supervision
        fields = [
            "id",
            "reference",
            "unit",
            "subject_unit",
            "kind",
            "plan_item",
            "title",
            "topics",
            "starts_on",
            "ends_on",
            "status",
            "created_at",
            "started_at",
            "findings",
            "assessment",
            "recommendations",
            "reported_by",
            "reported_at",
            "closed_at",
        ]


class SupervisionDetailSerializer(SupervisionSerializer):
    team = SupervisionMemberSerializer(many=True, read_only=True)
    flags = serializers.SerializerMethodField(help_text=_("Dấu hiệu vi phạm báo cáo giám sát đã ghi nhận"))
    allowed_actions = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField(
        help_text=_("Thời hạn báo cáo kết quả giám sát (đang chạy và đã kết thúc), như trang cuộc giám sát ghi")
    )

    class Meta(SupervisionSerializer.Meta):
        fields = [*SupervisionSerializer.Meta.fields, "team", "flags", "allowed_actions", "deadlines"]

    def get_flags(self, obj: Supervision) -> list[int]:
        user = self.context["request"].user
        return list(supervision_flags(user=user, supervision=obj).values_list("pk", flat=True))

    def get_allowed_actions(self, obj: Supervision) -> list[str]:
        return supervision_actions(user=self.context["request"].user, supervision=obj)

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, obj: Supervision) -> list[dict[str, Any]]:
        return DeadlineSerializer(supervision_deadlines(supervision=obj), many=True).data


def _plan_item(user: Any, pk: int) -> PlanItem:
    return supervision_plan_items(user=user).get(pk=pk)


class SupervisionCreateInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit, help_text=_("Ủy ban kiểm tra tiến hành giám sát"))
    kind = serializers.ChoiceField(choices=Supervision.Kind.choices)
    plan_item = ScopedPrimaryKeyField(
        resolve=_plan_item,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Nội dung giám sát của kế hoạch đã phê duyệt; đơn vị, nội dung, thời gian mặc định theo đó"),
    )
    subject_unit = ScopedPrimaryKeyField(resolve=visible_unit, required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), required=False, default=list, max_length=20
    )
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    lead = ScopedPrimaryKeyField(resolve=visible_person, required=False, allow_null=True, default=None)
    members = serializers.ListField(
        child=ScopedPrimaryKeyField(resolve=visible_person), required=False, default=list, max_length=50
    )


class SignInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    subject_area = serializers.CharField(max_length=32, help_text=_("Mã lĩnh vực (GET /api/subject-areas/)"))
    severity = serializers.ChoiceField(choices=Flag.Severity.choices, required=False, default=Flag.Severity.MEDIUM)
    evidence = serializers.CharField(allow_blank=True)
    person = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class ReportInput(serializers.Serializer):
    findings = serializers.CharField(allow_blank=True)
    assessment = serializers.ChoiceField(choices=Supervision.Assessment.choices)
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")
    signs = serializers.ListField(
        child=SignInput(),
        required=False,
        default=list,
        max_length=services.MAX_SIGNS,
        help_text=_("Mỗi dấu hiệu vi phạm được ghi nhận thành một dấu hiệu (nguồn: giám sát) của đơn vị được giám sát"),
    )


class StartInput(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=_("Lý do bắt đầu trước ngày đã định (chỉ Chủ nhiệm Ủy ban kiểm tra)."),
    )


class RescheduleInput(serializers.Serializer):
    ends_on = serializers.DateField(help_text=_("Ngày kết thúc giám sát mới; hạn báo cáo được tính lại từ ngày này"))
    reason = serializers.CharField(allow_blank=True)


class SupervisionFilter(django_filters.FilterSet):
    # The reader's units only: one outside the scope is refused like one that does not exist.
    subject_unit = django_filters.ModelChoiceFilter(
        queryset=filter_units, method="in_subtree", label=_("Đơn vị được giám sát (cả cây con)")
    )
    year = django_filters.NumberFilter(
        method="in_year", label=_("Năm bắt đầu giám sát"), min_value=2000, max_value=2100
    )
    q = django_filters.CharFilter(
        method="search", label=_("Tìm (không phân biệt dấu) theo số hiệu, tên, nội dung, đơn vị của cuộc giám sát")
    )
    deadline = deadline_filter()

    class Meta:
        model = Supervision
        fields = ["status", "kind"]

    def in_subtree(self, queryset, name, value):
        return queryset.filter(subject_unit__path__startswith=value.path)

    def in_year(self, queryset, name, value):
        return queryset.filter(starts_on__year=value)

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=search_match_ids(q=value, kind=SearchDocument.Kind.SUPERVISION))


class SupervisionViewSet(viewsets.ReadOnlyModelViewSet):
    ordering = "-pk"
    ordering_fields = ["pk", "starts_on"]
    filterset_class = SupervisionFilter

    def get_queryset(self):
        return supervision_list(user=self.request.user)

    def get_object(self) -> Supervision:
        return supervision_get(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    def get_serializer_class(self):
        return SupervisionDetailSerializer if self.action == "retrieve" else SupervisionSerializer

    @extend_schema(
        request=SupervisionCreateInput, responses={201: SupervisionDetailSerializer, 400: INVALID, 404: NOT_FOUND}
    )
    def create(self, request):
        data = SupervisionCreateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        supervision = services.supervision_create(actor=request.user, **data.validated_data)
        supervision = supervision_get(user=request.user, pk=supervision.pk)
        return Response(
            SupervisionDetailSerializer(supervision, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


def _allowed(user: Any, supervision: Supervision) -> list[str]:
    return supervision_actions(user=user, supervision=supervision)


_sup = dict(object_kwarg="supervision", output_serializer=SupervisionDetailSerializer, allowed=_allowed)
attach_actions(
    SupervisionViewSet,
    {
        "start": object_action(
            name="start",
            service=services.supervision_start,
            input_serializer=StartInput,
            summary=_("Bắt đầu giám sát"),
            **_sup,
        ),
        "report": object_action(
            name="report",
            service=services.supervision_report,
            input_serializer=ReportInput,
            summary=_("Báo cáo kết quả giám sát; dấu hiệu vi phạm được ghi nhận thành dấu hiệu vi phạm"),
            **_sup,
        ),
        "close": object_action(
            name="close",
            service=services.supervision_close,
            input_serializer=None,
            summary=_("Kết thúc cuộc giám sát"),
            **_sup,
        ),
        "reschedule": object_action(
            name="reschedule",
            service=services.supervision_reschedule,
            input_serializer=RescheduleInput,
            summary=_("Điều chỉnh ngày kết thúc giám sát; hạn báo cáo đang chạy được tính lại"),
            **_sup,
        ),
    },
)
