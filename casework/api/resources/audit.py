"""Audit events, for auditors (and admins) of the units they audit."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from casework.audit.models import AuditEvent
from casework.audit.selectors import audit_event_list


class AuditEventSerializer(serializers.ModelSerializer):
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
        ]


class AuditEventFilter(django_filters.FilterSet):
    at_after = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")
    action_prefix = django_filters.CharFilter(field_name="action", lookup_expr="startswith")

    class Meta:
        model = AuditEvent
        fields = ["action", "target_type", "target_id", "unit", "actor"]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    lookup_field = "seq"
    lookup_value_regex = r"\d+"
    ordering = "-seq"
    ordering_fields = ["seq"]

    def get_queryset(self):
        return audit_event_list(user=self.request.user)
