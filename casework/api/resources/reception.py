"""Tiếp công dân through the API: sessions, their book, and a visit turned into a case."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from casework.api.actions import acting_user
from casework.api.errors import ACTION_ERRORS, INVALID, NOT_FOUND
from casework.api.resources.cases import IntakeSubjectUnitField, intake_subject_fields
from casework.api.scoping import ScopedPrimaryKeyField, filter_units, url_pk, visible_unit
from casework.org.models import User
from casework.reception import services as svc
from casework.reception.models import (
    Classification,
    DocumentForm,
    HandlingRoute,
    ReceptionSession,
    RefusalGround,
)
from casework.reception.selectors import (
    SESSION_STATUS_Q,
    reception_book,
    reception_documents,
    reception_entry_get_for_user,
    reception_session_get_for_user,
    reception_session_list,
    reception_session_receivers,
    reception_sessions_narrow,
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
    on_day_off = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Confirms a session on a day off of the working calendar (a holiday, a weekend); refused without it.",
    )


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


class DocumentInput(serializers.Serializer):
    name = serializers.CharField(max_length=500, help_text=_("Tên thông tin, tài liệu, bằng chứng"))
    form = serializers.ChoiceField(choices=DocumentForm.choices, help_text=_("Bản chính hay bản sao"))
    pages = serializers.IntegerField(min_value=1, max_value=svc.MAX_PAGES, help_text=_("Số trang"))


class DocumentsInput(serializers.Serializer):
    documents = serializers.ListField(child=DocumentInput(), allow_empty=False, max_length=svc.MAX_DOCUMENTS)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("Tên, như người gọi được xem trong sổ"))
    form = serializers.CharField()
    pages = serializers.IntegerField()
    received_by = serializers.CharField()
    received_at = serializers.DateTimeField()


def documents_data(entry: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": document.pk,
            "name": name,
            "form": document.form,
            "pages": document.pages,
            "received_by": str(document.received_by),
            "received_at": document.received_at,
        }
        for document, name in reception_documents(entry=entry, user=user)
    ]


class ReceiptIssued(serializers.Serializer):
    id = serializers.IntegerField()
    symbol = serializers.CharField()


class EntryCorrectInput(serializers.Serializer):
    """The book's columns to correct or complete; only those sent are changed."""

    full_name = serializers.CharField(max_length=255, required=False)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    people_count = serializers.IntegerField(min_value=1, max_value=svc.MAX_PEOPLE, required=False)
    content = serializers.CharField(required=False)
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)
    handling_route = serializers.ChoiceField(choices=HandlingRoute.choices, required=False)
    resolved_by = serializers.CharField(max_length=500, required=False, allow_blank=True)
    within_competence = serializers.BooleanField(required=False)
    guided_to = serializers.CharField(required=False, allow_blank=True)
    accepted_by = serializers.CharField(required=False, allow_blank=True)
    follow_up = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


def _session_receivers(request: Any) -> Any:
    if request is None or not request.user.is_authenticated:
        return User.objects.none()
    return reception_session_receivers(user=request.user)


class ReceptionSessionFilter(django_filters.FilterSet):
    """The sessions list's filters, as the page's (reception_session_list)."""

    # The reader's units only: one outside the scope is refused like one that does not exist.
    unit = django_filters.ModelChoiceFilter(queryset=filter_units, method="narrow", label=_("Đơn vị (cả cây con)"))
    date_from = django_filters.DateFilter(method="narrow", label=_("Buổi tiếp từ ngày"))
    date_to = django_filters.DateFilter(method="narrow", label=_("Buổi tiếp đến ngày"))
    receiver = django_filters.ModelChoiceFilter(
        field_name="receivers", queryset=_session_receivers, method="by_receiver", label=_("Người tiếp (mã người dùng)")
    )
    status = django_filters.ChoiceFilter(
        choices=[(code, code) for code in SESSION_STATUS_Q], method="narrow", label=_("Tình trạng")
    )

    class Meta:
        model = ReceptionSession
        fields: list[str] = []

    def narrow(self, queryset, name, value):
        return reception_sessions_narrow(queryset, {name: value})

    def by_receiver(self, queryset, name, value):
        return reception_sessions_narrow(queryset, {"receiver": value})


SESSIONS = _("Buổi tiếp công dân của các đơn vị trong phạm vi người gọi, kèm sổ tiếp.")


@extend_schema_view(list=extend_schema(description=SESSIONS), retrieve=extend_schema(description=SESSIONS))
class ReceptionSessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Buổi tiếp công dân of the units in the caller's scope, with their book."""

    filterset_class = ReceptionSessionFilter

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

    @extend_schema(
        request=DocumentsInput,
        responses={201: DocumentSerializer(many=True), **ACTION_ERRORS},
        description=_(
            "Tiếp nhận thông tin, tài liệu, bằng chứng công dân cung cấp (Điều 15 khoản 4 Nghị định 154/2026/NĐ-CP): "
            "tên, bản chính hay bản sao, số trang; trả lời danh sách tài liệu của lượt tiếp."
        ),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def documents(self, request: Request, pk: Any = None) -> Response:
        entry = self._entry(pk)
        data = DocumentsInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.reception_documents_receive(
            entry=entry, actor=acting_user(request), documents=data.validated_data["documents"]
        )
        rows = documents_data(entry, request.user)
        return Response(DocumentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={201: ReceiptIssued, **ACTION_ERRORS},
        description=_(
            "Ban hành giấy biên nhận thông tin, tài liệu (Mẫu số 02/TCD) cho tài liệu công dân đã cung cấp, "
            "lấy số trong sổ văn bản đi của đơn vị."
        ),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def receipt(self, request: Request, pk: Any = None) -> Response:
        paper = svc.reception_receipt_issue(entry=self._entry(pk), actor=acting_user(request))
        return Response({"id": paper.pk, "symbol": paper.symbol}, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=EntryCorrectInput,
        responses={200: BookRowSerializer(many=True), **ACTION_ERRORS},
        description=_(
            "Sửa, bổ sung các cột của dòng sổ (Mẫu số 03/TCD) sau khi đã ghi: chỉ các cột gửi lên; "
            "trả lời sổ tiếp của buổi."
        ),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def correct(self, request: Request, pk: Any = None) -> Response:
        entry = self._entry(pk)
        data = EntryCorrectInput(data=request.data)
        data.is_valid(raise_exception=True)
        svc.reception_entry_correct(entry=entry, actor=acting_user(request), changes=dict(data.validated_data))
        rows = reception_book(session=entry.session, user=request.user)
        return Response(BookRowSerializer(rows, many=True).data)
