"""What staff see in the Django admin: the units their roles reach today, as on every page.

The admin is for administrators (superusers see every unit, as `scope_q` says); staff given view
permissions on a model still see only the rows of their units, and none of a case they are
recused from. Changes never go through these admins: they are read-only where the services own
the writes."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from casework.org.selectors import scope_q


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services (audit, deadlines, invariants): the admin shows them."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ScopedAdmin(admin.ModelAdmin):
    """Rows of the units the user's roles reach today (`scope_prefix` leads from the row to its unit)."""

    scope_prefix = "unit__"

    def scope_filter(self, request: HttpRequest) -> Q:
        return scope_q(user=request.user, prefix=self.scope_prefix)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(self.scope_filter(request))


class ScopedReadOnlyAdmin(ScopedAdmin, ReadOnlyAdmin):
    pass
