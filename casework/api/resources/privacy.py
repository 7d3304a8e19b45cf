"""Requests of data subjects through the API (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4; Nghị định 356/2025/NĐ-CP):
the requests of the units whose requests the caller carries (an administrator, or who holds the data protection
duty there), recorded and carried through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from casework.api.actions import acting_user
from casework.api.errors import ACTION_ERRORS
from casework.api.scoping import ScopedPrimaryKeyField, url_pk
from casework.privacy import subject_requests as svc
from casework.privacy.models import RequestChannel, RequestOutcome, SubjectAccessRequest, SubjectRight
from casework.privacy.selectors import (
    SUBJECT_REQUEST_ROLES,
    subject_request_actions,
    subject_request_clocks,
    subject_request_extension_rule,
    subject_request_get_for_user,
    subject_request_holds,
    subject_request_requester,
    subject_requests_for_user,
)


def _request_unit(user: Any, pk: int) -> Any:
    from casework.org.selectors import units_visible_to

    return units_visible_to(user=user, roles=SUBJECT_REQUEST_ROLES).get(pk=pk)


class RequesterSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    id_number = serializers.CharField()
    content = serializers.CharField()


class SubjectRequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    acknowledgement_due_on = serializers.DateField(source="ack_due", read_only=True, allow_null=True)
    answer_due_on = serializers.DateField(source="answer_due", read_only=True, allow_null=True)
    late = serializers.BooleanField(read_only=True, help_text=_("Một thời hạn của yêu cầu đã quá"))
    export_event = serializers.IntegerField(source="export_event_id", read_only=True, allow_null=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = SubjectAccessRequest
        fields = [
            "id",
            "reference",
            "unit",
            "unit_name",
            "received_on",
            "channel",
            "right",
            "status",
            "outcome",
            "acknowledgement_due_on",
            "answer_due_on",
            "late",
            "acknowledged_at",
            "third_party",
            "extension_days",
            "closed_at",
            "export_event",
            "allowed_actions",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, request: SubjectAccessRequest) -> list[str]:
        return subject_request_actions(user=self.context["request"].user, request=request)


class SubjectRequestClockSerializer(serializers.Serializer):
    """A clock of the request with the policy row it is counted by (its version, variant and source)."""

    step = serializers.CharField()
    step_label = serializers.CharField(source="step_title")
    days = serializers.IntegerField()
    day_unit = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    extensions = serializers.IntegerField()
    policy_version = serializers.IntegerField(source="rule.version.number", allow_null=True, default=None)
    variant = serializers.CharField(source="rule.variant", allow_null=True, default=None)
    source = serializers.CharField(source="rule.source", allow_null=True, default=None)


class SubjectRequestHoldSerializer(serializers.Serializer):
    """A legal hold on the request, in force or released, as the request's page lists it."""

    reason = serializers.CharField(source="hold.reason")
    placed_by = serializers.CharField(source="hold.placed_by.username")
    placed_at = serializers.DateTimeField(source="hold.placed_at")
    in_force = serializers.SerializerMethodField()
    released_at = serializers.DateTimeField(source="hold.released_at", allow_null=True)
    released_by = serializers.CharField(source="released_by.username", allow_null=True, default=None)

    @extend_schema_field(serializers.BooleanField())
    def get_in_force(self, row: Any) -> bool:
        return row.hold.released_at is None


class SubjectRequestDetailSerializer(SubjectRequestSerializer):
    requester = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()
    holds = serializers.SerializerMethodField()
    extension_most_days = serializers.SerializerMethodField(
        help_text=_("Số ngày gia hạn tối đa theo chính sách thời hạn mà yêu cầu bắt đầu (NĐ 356/2025 Điều 5)")
    )

    class Meta(SubjectRequestSerializer.Meta):
        fields = [
            *SubjectRequestSerializer.Meta.fields,
            "outcome_text",
            "extension_reason",
            "extension_most_days",
            "clocks",
            "holds",
            "requester",
        ]

    @extend_schema_field(RequesterSerializer)
    def get_requester(self, request: SubjectAccessRequest) -> dict[str, str]:
        return subject_request_requester(request)

    @extend_schema_field(SubjectRequestClockSerializer(many=True))
    def get_clocks(self, request: SubjectAccessRequest) -> list[dict[str, Any]]:
        return SubjectRequestClockSerializer(subject_request_clocks(request), many=True).data

    @extend_schema_field(SubjectRequestHoldSerializer(many=True))
    def get_holds(self, request: SubjectAccessRequest) -> list[dict[str, Any]]:
        return SubjectRequestHoldSerializer(subject_request_holds(request), many=True).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_extension_most_days(self, request: SubjectAccessRequest) -> int | None:
        rule = subject_request_extension_rule(request)
        return rule.days if rule is not None else None


class SubjectRequestInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=_request_unit)
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=RequestChannel.choices)
    right = serializers.ChoiceField(choices=SubjectRight.choices)
    full_name = serializers.CharField(max_length=255)
    phone = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    content = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    third_party = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Có bên xử lý hoặc bên thứ ba cùng thực hiện: thời hạn thực hiện dài hơn (NĐ 356/2025 Điều 5)"),
    )


class SubjectRequestAnswerInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=RequestOutcome.choices, help_text=_("fulfilled hoặc partly; từ chối là thao tác refuse")
    )
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class SubjectRequestRefuseInput(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class SubjectRequestExtendInput(serializers.Serializer):
    days = serializers.IntegerField(
        help_text=_("Số ngày gia hạn, tối đa extension_most_days (chính sách thời hạn, theo quyền được yêu cầu)")
    )
    reason = serializers.CharField(max_length=5000, help_text=_("Lý do gia hạn (thông báo cho người yêu cầu)"))


class SubjectRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Data subjects' requests of the units whose requests the caller carries; any other is 404."""

    serializer_class = SubjectRequestSerializer

    def get_queryset(self):
        return subject_requests_for_user(user=self.request.user)

    def get_object(self) -> SubjectAccessRequest:
        return subject_request_get_for_user(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    def get_serializer_class(self):
        return SubjectRequestSerializer if self.action == "list" else SubjectRequestDetailSerializer

    def _answer(self, request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
        fresh = subject_request_get_for_user(user=request.user, pk=pk)
        response = Response(SubjectRequestDetailSerializer(fresh, context={"request": request}).data, status=code)
        response["Cache-Control"] = "no-store"
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(request, self.get_object().pk)

    @extend_schema(
        request=SubjectRequestInput,
        responses={201: SubjectRequestDetailSerializer, **ACTION_ERRORS},
        description=_("Ghi nhận yêu cầu của chủ thể dữ liệu; thời hạn phản hồi và thực hiện tính từ ngày nhận."),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SubjectRequestInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        recorded = svc.subject_request_record(actor=acting_user(request), **data.validated_data)
        return self._answer(request, recorded.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SubjectRequestDetailSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        sar = self.get_object()
        svc.subject_request_acknowledge(actor=acting_user(request), request=sar)
        return self._answer(request, sar.pk)

    @extend_schema(request=SubjectRequestAnswerInput, responses={200: SubjectRequestDetailSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def answer(self, request: Request, pk: Any = None) -> Response:
        sar = self.get_object()
        data = SubjectRequestAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.subject_request_answer(actor=acting_user(request), request=sar, **data.validated_data)
        return self._answer(request, sar.pk)

    @extend_schema(request=SubjectRequestRefuseInput, responses={200: SubjectRequestDetailSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def refuse(self, request: Request, pk: Any = None) -> Response:
        sar = self.get_object()
        data = SubjectRequestRefuseInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.subject_request_refuse(actor=acting_user(request), request=sar, reason=data.validated_data["reason"])
        return self._answer(request, sar.pk)

    @extend_schema(
        request=None,
        responses={200: SubjectRequestDetailSerializer, **ACTION_ERRORS},
        description=_("Có bên xử lý hoặc bên thứ ba cùng thực hiện: thời hạn thực hiện chuyển sang thời hạn dài hơn."),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def third_party(self, request: Request, pk: Any = None) -> Response:
        sar = self.get_object()
        svc.subject_request_third_party(actor=acting_user(request), request=sar)
        return self._answer(request, sar.pk)

    @extend_schema(request=SubjectRequestExtendInput, responses={200: SubjectRequestDetailSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def extend(self, request: Request, pk: Any = None) -> Response:
        sar = self.get_object()
        data = SubjectRequestExtendInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.subject_request_extend(actor=acting_user(request), request=sar, **data.validated_data)
        return self._answer(request, sar.pk)

    @extend_schema(request=None, responses={200: SubjectRequestDetailSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        sar = self.get_object()
        svc.subject_request_withdraw(actor=acting_user(request), request=sar)
        return self._answer(request, sar.pk)

    @extend_schema(
        request=None,
        responses={200: OpenApiTypes.OBJECT, **ACTION_ERRORS},
        description=_("Trích xuất dữ liệu cá nhân của người yêu cầu (ghi nhật ký, gắn với yêu cầu)."),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def export(self, request: Request, pk: Any = None) -> Response:
        sar = self.get_object()
        data = svc.subject_request_export(actor=acting_user(request), request=sar)
        response = Response(data)
        response["Cache-Control"] = "no-store"
        return response
