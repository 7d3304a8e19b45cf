"""Read-only admin: every change goes through the services (audit, notices, the flags a report raises)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from casework.org.admin_scope import ScopedReadOnlyAdmin
from casework.supervision.models import Supervision, SupervisionMember
from casework.supervision.selectors import supervision_visible_q


@admin.register(Supervision)
class SupervisionAdmin(ScopedReadOnlyAdmin):
    """The rule of every page (selectors.supervision_visible_q)."""

    list_display = ("reference", "title", "unit", "subject_unit", "kind", "status", "starts_on", "ends_on")
    list_filter = ("status", "kind", "assessment")
    search_fields = ("title", "subject_unit__name", "subject_unit__code")

    def scope_filter(self, request: HttpRequest) -> Q:
        return supervision_visible_q(user=request.user)


@admin.register(SupervisionMember)
class SupervisionMemberAdmin(ScopedReadOnlyAdmin):
    list_display = ("supervision", "user", "role")

    def scope_filter(self, request: HttpRequest) -> Q:
        return supervision_visible_q(user=request.user, prefix="supervision__")
