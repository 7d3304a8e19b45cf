"""Units the caller may see (their units and subtrees)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from casework.org.models import Unit
from casework.org.selectors import units_visible_to


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "path", "depth", "is_active", "remote_area", "member_count"]


class UnitFilter(django_filters.FilterSet):
    within = django_filters.NumberFilter(method="filter_within", label=_("Trong cây của đơn vị (id)"))

    class Meta:
        model = Unit
        fields = ["kind", "parent", "is_active", "remote_area"]

    def filter_within(self, queryset, name, value):
        root = queryset.filter(pk=value).first()
        return queryset.filter(path__startswith=root.path) if root else queryset.none()


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering = "path"
    ordering_fields = ["path", "code", "name"]

    def get_queryset(self):
        return units_visible_to(user=self.request.user).order_by("path")
