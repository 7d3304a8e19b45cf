"""Tiếp công dân through the API: sessions, their book, and a visit turned into a case."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from casework.api.actions import acting_user
from casework.api.errors import ACTION_ERRORS, INVALID, NOT_FOUND
from casework.api.resources.cases import IntakeSubjectUnitField, intake_subject_fields
from casework.api.scoping import ScopedPrimaryKeyField, url_pk, visible_unit
from casework.org.models import User
from casework.reception import services as svc
from casework.reception.models import Classification, HandlingRoute, ReceptionSession, RefusalGround
from casework.reception.selectors import (
    reception_book,
    reception_entry_get_for_user,
    reception_session_get_for_user,
    reception_session_list,
)


class BookRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="entry.pk")
    number = serializers.IntegerField()
    received_at = serializers.DateTimeField(source="entry.received_at")
    full_name = serializers.CharField()
    address = serializers.CharField()
    id_number = serializers.CharField()
    people_count = serializers.IntegerField(source="entry.people_count")
    content = serializers.CharField()
    classification = serializers.CharField(source="entry.classification")
    handling_route = serializers.CharField(source="entry.handling_route")
    follow_up = serializers.CharField()
    resolved_by = serializers.CharField(help_text=_("Cơ quan đã giải quyết (Mẫu số 03/TCD cột 8)"))
    within_competence = serializers.BooleanField(
        source="entry.within_competence", help_text=_("Thuộc thẩm quyền (Mẫu số 03/TCD cột 9)")
    )
    guided_to = serializers.CharField(help_text=_("Hướng dẫn công dân đến cơ quan có thẩm quyền (cột 10)"))
    accepted_by = serializers.CharField(help_text=_("Cơ quan, đơn vị thụ lý, số văn bản chuyển đơn (cột 11)"))
    note = serializers.CharField(help_text=_("Ghi chú (cột 13)"))
    case = serializers.IntegerField(source="case_id", allow_null=True)
    identity_sealed = serializers.BooleanField(
        source="sealed",
        help_text=_("Lượt tiếp tố cáo mà người gọi được xem người đến, khi nêu lý do (reveal)"),
    )


class ReceiverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class SessionSerializer(serializers.ModelSerializer):
    receivers = ReceiverSerializer(many=True, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ReceptionSession
        fields = [
            "id",
            "unit",
            "unit_name",
            "starts_at",
            "ends_at",
            "place",
            "receivers",
            "note",
            "is_published",
            "is_cancelled",
        ]


class SessionDetailSerializer(SessionSerializer):
    entries = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "entries"]

    @extend_schema_field(BookRowSerializer(many=True))
    def get_entries(self, session: ReceptionSession) -> list[dict[str, Any]]:
        rows = reception_book(session=session, user=self.context["request"].user)
        return serializers.ListSerializer(rows, child=BookRowSerializer()).data


class SessionInput(serializers.Serializer):
    unit = ScopedPrimaryKeyField(resolve=visible_unit)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255)
    receivers = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=50)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    is_published = serializers.BooleanField(required=False, default=True)


class EntryInput(serializers.Serializer):
    received_at = serializers.DateTimeField(required=False)
    full_name = serializers.CharField(max_length=255)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    people_count = serializers.IntegerField(min_value=1, max_value=500, default=1)
    content = serializers.CharField()
    classification = serializers.ChoiceField(choices=Classification.choices)
    handling_route = serializers.ChoiceField(choices=HandlingRoute.choices)
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")
    resolved_by = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    within_competence = serializers.BooleanField(required=False, default=False)
    guided_to = serializers.CharField(required=False, allow_blank=True, default="")
    accepted_by = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VisitorRevealInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    entries = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, max_length=500
    )


class SessionCancelInput(serializers.Serializer):
    reason = serializers.CharField()


class CaseOpenInput(serializers.Serializer):
    """The case's summary and, as at any intake, the unit and the person it is about."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "title": serializers.CharField(max_length=255),
            **intake_subject_fields(
                subject_unit=IntakeSubjectUnitField(
                    required=False,
                    allow_null=True,
                    default=None,
                    help_text=_("Đơn vị bị khiếu nại, tố cáo (trong phạm vi của bạn)"),
                )
            ),
        }


class CaseOpened(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class FollowUpInput(serializers.Serializer):
    follow_up = serializers.CharField()


class VisitRefuseInput(serializers.Serializer):
    ground = serializers.ChoiceField(choices=RefusalGround.choices)
    refused_on = serializers.DateField(required=False)


SESSIONS = _("Buổi tiếp công dân của các đơn vị trong phạm vi người gọi, kèm sổ tiếp.")


@extend_schema_view(list=extend_schema(description=SESSIONS), retrieve=extend_schema(description=SESSIONS))
class ReceptionSessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Buổi tiếp công dân of the units in the caller's scope, with their book."""

    def get_queryset(self):
        return reception_session_list(user=self.request.user)

    def get_object(self) -> ReceptionSession:
        return reception_session_get_for_user(user=self.request.user, pk=url_pk(self.kwargs["pk"]))

    def get_serializer_class(self):
        return SessionDetailSerializer if self.action == "retrieve" else SessionSerializer

    @extend_schema(
        request=SessionInput, responses={201: SessionDetailSerializer, **ACTION_ERRORS}, description=SESSIONS
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SessionInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        receivers = list(User.objects.filter(pk__in=values.pop("receivers"), is_active=True))
        session = svc.reception_session_schedule(actor=acting_user(request), receivers=receivers, **values)
        fresh = reception_session_get_for_user(user=request.user, pk=session.pk)
        return Response(
            SessionDetailSerializer(fresh, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=EntryInput,
        responses={201: BookRowSerializer(many=True), **ACTION_ERRORS},
        description=_("Ghi sổ: ghi một lượt tiếp; trả lời sổ tiếp của buổi theo những gì người gọi được xem."),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def entries(self, request: Request, pk: Any = None) -> Response:
        """Ghi sổ: record a visit; answers the session's book as the caller may see it."""
        session = self.get_object()
        data = EntryInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.reception_entry_record(session=session, actor=acting_user(request), **data.validated_data)
        rows = reception_book(session=session, user=request.user)
        return Response(BookRowSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SessionCancelInput,
        responses={200: SessionDetailSerializer, **ACTION_ERRORS},
        description=_("Hủy buổi tiếp công dân chưa có người đến (nêu lý do)."),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def cancel(self, request: Request, pk: Any = None) -> Response:
        session = self.get_object()
        data = SessionCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.reception_session_cancel(session=session, actor=acting_user(request), reason=data.validated_data["reason"])
        fresh = reception_session_get_for_user(user=request.user, pk=session.pk)
        return Response(SessionDetailSerializer(fresh, context={"request": request}).data)

    @extend_schema(
        request=VisitorRevealInput,
        responses={200: BookRowSerializer(many=True), **ACTION_ERRORS},
        description=_(
            "Xem người đến tố cáo (của các lượt `entries`, hoặc mọi lượt tố cáo của buổi) có nêu lý do, "
            "mỗi lượt được ghi nhật ký: trả lời sổ tiếp của buổi kèm danh tính những lượt đó."
        ),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def reveal(self, request: Request, pk: Any = None) -> Response:
        """The same service as the book page's reveal form: who may read them, and every reading audited."""
        session = self.get_object()
        data = VisitorRevealInput(data=request.data)
        data.is_valid(raise_exception=True)
        revealed = svc.reception_visitor_reveal(
            session=session,
            actor=acting_user(request),
            reason=data.validated_data["reason"],
            entries=data.validated_data.get("entries"),
        )
        rows = reception_book(session=session, user=request.user, revealed=revealed)
        response = Response(BookRowSerializer(rows, many=True).data)
        response["Cache-Control"] = "no-store"
        return response


class ReceptionEntryViewSet(viewsets.GenericViewSet):
    """A row of a reception book: turn it into a case, or record what became of it."""

    serializer_class = BookRowSerializer

    def get_queryset(self):
        return reception_session_list(user=self.request.user).none()

    def _entry(self, pk: Any) -> Any:
        return reception_entry_get_for_user(user=self.request.user, pk=url_pk(pk))

    @extend_schema(
        request=CaseOpenInput,
        responses={201: CaseOpened, **ACTION_ERRORS},
        description=_("Tiếp nhận thành hồ sơ: đăng ký lượt tiếp thành hồ sơ của đơn vị tổ chức buổi tiếp."),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def case(self, request: Request, pk: Any = None) -> Response:
        """Tiếp nhận thành hồ sơ: register the visit as a case of the session's unit."""
        data = CaseOpenInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        case = svc.reception_entry_case_open(entry=self._entry(pk), actor=acting_user(request), **data.validated_data)
        return Response({"id": case.pk, "reference": case.reference}, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowUpInput, responses={200: BookRowSerializer(many=True), 400: INVALID, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="follow-up", filter_backends=[], pagination_class=None)
    def follow_up(self, request: Request, pk: Any = None) -> Response:
        entry = self._entry(pk)
        data = FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.reception_entry_follow_up(
            entry=entry, actor=acting_user(request), follow_up=data.validated_data["follow_up"]
        )
        rows = reception_book(session=entry.session, user=request.user)
        return Response(BookRowSerializer(rows, many=True).data)

    @extend_schema(
        request=VisitRefuseInput,
        responses={200: BookRowSerializer(many=True), **ACTION_ERRORS},
        description=_(
            "Từ chối tiếp công dân: ghi căn cứ (Điều 9 Luật Tiếp công dân, Điều 4 Nghị định 154/2026/NĐ-CP) và ngày "
            "có đủ căn cứ; trả lời sổ tiếp của buổi."
        ),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def refuse(self, request: Request, pk: Any = None) -> Response:
        entry = self._entry(pk)
        data = VisitRefuseInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.reception_entry_refuse(entry=entry, actor=acting_user(request), **data.validated_data)
        rows = reception_book(session=entry.session, user=request.user)
        return Response(BookRowSerializer(rows, many=True).data)
