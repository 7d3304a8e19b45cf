"""Absences and acting chairs: who is away, who stands in, who holds the chair for a while."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from casework.api.errors import ACTION_ERRORS
from casework.api.pagination import TreeOrderPagination
from casework.api.resources.units import UnitSerializer
from casework.api.scoping import ScopedPrimaryKeyField, url_pk, visible_unit
from casework.org.models import Absence, RoleAssignment, User
from casework.org.selectors import absence_list, absence_people, acting_appointment_list
from workflows.services import absences as svc


def absence_person(user: Any, pk: int) -> User:
    """A person the caller may name (`absence_people`); anyone else is answered like an id that does not exist."""
    return absence_people(user=user).get(pk=pk)


class AbsenceSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    substitute_name = serializers.CharField(source="substitute.__str__", read_only=True, allow_null=True)

    class Meta:
        model = Absence
        fields = ["id", "user", "user_name", "starts_on", "ends_on", "reason", "substitute", "substitute_name"]


class AbsenceInput(serializers.Serializer):
    user = ScopedPrimaryKeyField(resolve=absence_person, required=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = serializers.CharField(max_length=255)
    substitute = ScopedPrimaryKeyField(resolve=absence_person, required=False, allow_null=True)


class SubstituteInput(serializers.Serializer):
    substitute = ScopedPrimaryKeyField(resolve=absence_person)


ABSENCES = _("Vắng mặt: của chính người gọi và của những người trong các đơn vị của họ.")
ACTING = _("Quyền Chủ nhiệm UBKT: người được giao quyền Chủ nhiệm, kèm văn bản giao quyền.")
ACTING_UNITS = _(
    "Các đơn vị trong đó người gọi được phép giao quyền Chủ nhiệm UBKT: Chủ nhiệm UBKT hoặc lãnh đạo (BTV/BCH) "
    "của đơn vị hay đơn vị cấp trên, giữ chức vụ theo quyền của chính mình, hoặc quản trị viên; người đang giữ "
    "quyền Chủ nhiệm không giao quyền cho người khác."
)


@extend_schema_view(list=extend_schema(description=ABSENCES), retrieve=extend_schema(description=ABSENCES))
class AbsenceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Vắng mặt: the caller's own and those of the people in their units."""

    serializer_class = AbsenceSerializer

    def get_queryset(self):
        return absence_list(user=self.request.user)

    def get_object(self) -> Absence:
        return get_object_or_404(absence_list(user=self.request.user), pk=url_pk(self.kwargs["pk"]))

    @extend_schema(request=AbsenceInput, responses={201: AbsenceSerializer, **ACTION_ERRORS}, description=ABSENCES)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AbsenceInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("user", request.user)
        absence = svc.absence_record(actor=request.user, **values)
        return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SubstituteInput, responses={200: AbsenceSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def substitute(self, request: Request, pk: Any = None) -> Response:
        """The committee chair names who stands in."""
        data = SubstituteInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        absence = svc.absence_substitute_choose(actor=request.user, absence=self.get_object(), **data.validated_data)
        return Response(AbsenceSerializer(absence).data)

    @extend_schema(request=None, responses={200: AbsenceSerializer, 204: None, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def end(self, request: Request, pk: Any = None) -> Response:
        """Back at work: the absence ends yesterday (or is cancelled if it had not begun)."""
        absence = svc.absence_end(actor=request.user, absence=self.get_object())
        if absence is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(AbsenceSerializer(absence).data)


class ActingSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    document = serializers.CharField(source="acting_document", read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "user_name", "unit", "role", "valid_from", "valid_to", "document", "allowed_actions"]

    def get_allowed_actions(self, obj: RoleAssignment) -> list[str]:
        request = self.context.get("request")
        return svc.acting_appointment_actions(user=request.user, assignment=obj) if request else []


class ActingInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit)
    user = ScopedPrimaryKeyField(resolve=absence_person)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    document = serializers.CharField(max_length=255)


class ActingEndInput(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("Ngày cuối cùng quyền còn hiệu lực (mặc định: hôm nay)."))


@extend_schema_view(list=extend_schema(description=ACTING), retrieve=extend_schema(description=ACTING))
class ActingAppointmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Quyền Chủ nhiệm UBKT: acting chairs with the document that appoints them."""

    serializer_class = ActingSerializer

    def get_queryset(self):
        return acting_appointment_list(user=self.request.user)

    def get_object(self) -> RoleAssignment:
        return get_object_or_404(acting_appointment_list(user=self.request.user), pk=url_pk(self.kwargs["pk"]))

    @extend_schema(request=ActingInput, responses={201: ActingSerializer, **ACTION_ERRORS}, description=ACTING)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ActingInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        assignment = svc.acting_chair_appoint(actor=request.user, **data.validated_data)
        return Response(ActingSerializer(assignment, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActingEndInput, responses={200: ActingSerializer, 204: None, **ACTION_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def end(self, request: Request, pk: Any = None) -> Response:
        """Ended early (the chair is back): in force up to `on`, today when not given; one not yet
        begun by then is removed from effect (204)."""
        data = ActingEndInput(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = svc.acting_chair_end(actor=request.user, assignment=self.get_object(), **data.validated_data)
        if assignment is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(ActingSerializer(assignment, context={"request": request}).data)

    @extend_schema(responses=UnitSerializer(many=True), description=ACTING_UNITS)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=TreeOrderPagination)
    def units(self, request: Request) -> Response:
        """The units where the caller may give an acting appointment (`acting_chair_units`, the rule
        `acting_chair_may_appoint` the service checks): the units a `POST` here may name, in tree order."""
        units = svc.acting_chair_units(user=request.user)
        page = self.paginate_queryset(units)
        return self.get_paginated_response(UnitSerializer(page, many=True).data)
