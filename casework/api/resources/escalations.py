"""Escalations to the leadership (BTV/BCH) and their decisions."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.api.errors import ACTION_ERRORS
from casework.api.ordering import LIST_FILTERS, URGENCY_FIELDS, deadline_filter
from workflows.escalations import target_summary
from workflows.models import EndGround, Escalation
from workflows.selectors import (
    escalation_actions,
    escalation_decisions,
    escalation_grounds,
    escalation_list_for_user,
    escalation_refused_decisions,
    escalation_return_due_on,
)
from workflows.services.escalations import escalation_decide


class EscalationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = [
            "id",
            "target_type",
            "target_id",
            "unit",
            "level",
            "reason",
            "reason_code",
            "reason_params",
            "proposal",
            "automatic",
            "deadline",
            "status",
            "decision",
            "discipline",
            "decision_reason",
            "new_due_on",
            "referred_to",
            "ground",
            "merged_into",
            "referral_ref",
            "decided_by",
            "decided_at",
            "overtaken_at",
            "raised_by",
            "moved_up",
            "version",
            "created_at",
        ]


class EscalationDetailSerializer(EscalationSerializer):
    target = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    allowed_decisions = serializers.SerializerMethodField(
        help_text=_("Với decide: các quyết định đối tượng chấp nhận lúc này (ví dụ khiếu nại không có gia hạn).")
    )

    refused_decisions = serializers.SerializerMethodField(
        help_text=_("Với decide: các quyết định không được chấp nhận lúc này, kèm lý do (quyết định: lý do).")
    )
    return_due_on = serializers.SerializerMethodField(
        help_text=_("Hạn mới mà quyết định trả lại (return) sẽ đặt cho đối tượng, nếu có.")
    )
    allowed_grounds = serializers.SerializerMethodField(
        help_text=_(
            "Với approve: các căn cứ kết thúc đúng với đối tượng lúc này (ví dụ giải thể chỉ khi đơn vị đã giải thể)."
        )
    )

    class Meta(EscalationSerializer.Meta):
        fields = [
            *EscalationSerializer.Meta.fields,
            "target",
            "allowed_actions",
            "allowed_decisions",
            "refused_decisions",
            "allowed_grounds",
            "return_due_on",
        ]

    def get_return_due_on(self, obj: Escalation) -> dt.date | None:
        return escalation_return_due_on(escalation=obj)

    def get_allowed_actions(self, obj: Escalation) -> list[str]:
        return escalation_actions(user=self.context["request"].user, escalation=obj)

    def get_allowed_decisions(self, obj: Escalation) -> list[str]:
        if "decide" not in escalation_actions(user=self.context["request"].user, escalation=obj):
            return []
        return escalation_decisions(escalation=obj, user=self.context["request"].user)

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_refused_decisions(self, obj: Escalation) -> dict[str, str]:
        if "decide" not in escalation_actions(user=self.context["request"].user, escalation=obj):
            return {}
        return escalation_refused_decisions(escalation=obj, user=self.context["request"].user)

    def get_allowed_grounds(self, obj: Escalation) -> list[str]:
        if "decide" not in escalation_actions(user=self.context["request"].user, escalation=obj):
            return []
        return escalation_grounds(escalation=obj)

    def get_target(self, obj: Escalation) -> dict[str, str]:
        summary = target_summary(obj.target_type, obj.target_id, reader=self.context["request"].user)
        return {"title": str(summary.get("title", "")), "url": str(summary.get("url", ""))}


class EscalationDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Escalation.Decision.choices)
    reason = serializers.CharField(allow_blank=True, default="")
    new_due_on = serializers.DateField(required=False, allow_null=True, default=None)
    discipline = serializers.ChoiceField(
        choices=Escalation.Discipline.choices, required=False, allow_null=True, default=None
    )
    refer_to = serializers.ChoiceField(
        choices=Escalation.ReferTo.choices, required=False, allow_null=True, default=None
    )
    referred_body = serializers.CharField(required=False, allow_blank=True, default="")
    ground = serializers.ChoiceField(
        choices=EndGround.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Với approve: kết thúc đối tượng không qua thủ tục, theo căn cứ được phép; bỏ trống: ra lệnh tiếp tục."
        ),
    )
    merged_into = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text=_(
            "Với căn cứ gộp (merged): mã dấu hiệu vi phạm (DH-00012) hoặc số quyết định kiểm tra đã gộp vào, "
            "trong phạm vi người quyết định được xem."
        ),
    )
    referral_ref = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text=_("Khi chuyển cơ quan có thẩm quyền: số, ký hiệu văn bản chuyển (bắt buộc với dấu hiệu vi phạm)."),
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text=_("Phiên bản đã xem; khác đi thì trả 409 conflict.")
    )


class EscalationFilter(django_filters.FilterSet):
    deadline = deadline_filter()

    class Meta:
        model = Escalation
        fields = ["status", "target_type", "target_id", "unit", "level", "decision", "automatic"]


class EscalationViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = EscalationFilter
    ordering = "-pk"
    ordering_fields = ["pk", "created_at", *URGENCY_FIELDS]
    filter_backends = LIST_FILTERS

    def get_queryset(self):
        return escalation_list_for_user(user=self.request.user)

    def get_serializer_class(self):
        return EscalationDetailSerializer if self.action == "retrieve" else EscalationSerializer

    @extend_schema(request=EscalationDecisionSerializer, responses={200: EscalationSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        escalation = self.get_object()
        data = EscalationDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        decided = escalation_decide(
            escalation=escalation,
            actor=request.user,
            decision=values["decision"],
            reason=values["reason"],
            new_due_on=values["new_due_on"],
            discipline=values["discipline"],
            refer_to=values["refer_to"],
            referred_body=values["referred_body"],
            expected_version=values["version"],
            ground=values["ground"],
            merged_into=values["merged_into"],
            referral_ref=values["referral_ref"],
        )
        return Response(EscalationSerializer(decided).data)
