"""Audit events, for auditors (and admins) of the units they audit."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.errors import NOT_FOUND
from casework.audit.models import AuditEvent
from casework.audit.selectors import AuditSearchFilters, audit_event_list, audit_event_search, audit_timeline
from casework.audit.timeline import withheld


class AuditEventSerializer(serializers.ModelSerializer):
    """An event of the audit trail (`audit_event_list`): one withheld from the reader (the raising of an
    escalation they may not open) comes with its moment, actor and action, and no reason or values."""

    details_withheld = serializers.BooleanField(
        read_only=True,
        help_text=_("Lý do và các giá trị của sự kiện không được hiển thị cho người dùng này."),
    )

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "at",
            "actor",
            "actor_label",
            "actor_role",
            "action",
            "target_type",
            "target_id",
            "unit",
            "before",
            "after",
            "reason",
            "hash",
            "prev_hash",
            "details_withheld",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if withheld(instance):
            data.update(before={}, after={}, reason="")
        return data


class AuditEventFilter(django_filters.FilterSet):
    """Parses the query; `audit_event_search` (the audit search page's selector) does the filtering."""

    actor = django_filters.CharFilter(label=_("Tên đăng nhập người thực hiện"))
    unit = django_filters.CharFilter(label=_("Mã đơn vị (cả cây con)"))
    action = django_filters.CharFilter(label=_("Hành động (tiền tố, ví dụ case.)"))
    target_type = django_filters.CharFilter()
    target_id = django_filters.CharFilter()
    target = django_filters.CharFilter(label=_("Đối tượng: số hồ sơ, mã dấu hiệu, số quyết định hoặc họ tên"))
    date_from = django_filters.CharFilter(label=_("Từ ngày (dd/mm/yyyy, yyyy-mm-dd hoặc ISO)"))
    date_to = django_filters.CharFilter(label=_("Đến ngày"))

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_queryset(self, queryset):
        values = {k: v or "" for k, v in self.form.cleaned_data.items()}
        return audit_event_search(user=self.request.user, filters=AuditSearchFilters(**values))


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    lookup_field = "seq"
    lookup_value_regex = r"\d+"
    ordering = "-seq"
    ordering_fields = ["seq"]

    def get_queryset(self):
        return audit_event_list(user=self.request.user)


class TimelineEventSerializer(AuditEventSerializer):
    """An event of a target's timeline (`audit_timeline`), withheld like any audit event (the events of an
    escalation the reader may not open)."""

    class Meta(AuditEventSerializer.Meta):
        fields = [
            "seq",
            "at",
            "actor_label",
            "actor_role",
            "action",
            "unit",
            "before",
            "after",
            "reason",
            "details_withheld",
        ]


class TimelineView(APIView):
    """Diễn biến của một đối tượng (hồ sơ, cuộc kiểm tra, dấu hiệu...): các sự kiện người dùng được xem."""

    @extend_schema(
        responses={200: TimelineEventSerializer(many=True), 404: NOT_FOUND},
        description=_(
            "Diễn biến của một đối tượng (hồ sơ, cuộc kiểm tra, dấu hiệu...): các sự kiện người dùng được xem."
        ),
    )
    def get(self, request, target_type: str, target_id: str):
        events = audit_timeline(user=request.user, target_type=target_type, target_id=target_id)
        return Response(TimelineEventSerializer(events, many=True).data)
