"""The caller's own notifications: list (unread filter) and mark read."""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casework.api.errors import NOT_FOUND
from notifications.models import Notification
from notifications.selectors import notification_list
from notifications.services import notification_mark_all_read, notification_mark_read


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "unit", "created_at", "read_at"]


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Chưa đọc"))

    class Meta:
        model = Notification
        fields: list[str] = []


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Notification.objects.none()  # for the schema only: rows come from notification_list
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering = "-pk"
    ordering_fields = ["pk", "created_at"]

    def get_queryset(self):
        return notification_list(user=self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def read(self, request, pk=None):
        try:
            note = notification_mark_read(user=request.user, pk=int(pk))
        except (Notification.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
        return Response(NotificationSerializer(note).data)

    @extend_schema(request=None, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        return Response({"marked": notification_mark_all_read(user=request.user)})
