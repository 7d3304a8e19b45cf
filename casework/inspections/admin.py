"""Read-only admin: every change goes through the services (audit, deadlines, the flag invariant)."""

from __future__ import annotations

from django.contrib import admin

from casework.inspections.models import (
    ConflictDeclaration,
    DisciplineProposal,
    Finding,
    Flag,
    FollowupReport,
    Inspection,
    InspectionPlan,
    PlanItem,
    Recommendation,
    TeamMember,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ("pk", "unit", "category", "severity", "source", "status", "raised_at", "inspection")
    list_filter = ("status", "category", "severity", "source")
    search_fields = ("evidence", "person", "unit__name", "unit__code")


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "period", "year", "quarter", "status")
    list_filter = ("status", "period", "year")


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "unit", "subject_unit", "kind", "status", "outcome")
    list_filter = ("status", "kind", "outcome")
    search_fields = ("title", "decision_number", "subject_unit__name")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "inspection", "owner_unit", "due_on", "status", "times_returned")
    list_filter = ("status",)


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    """Declared conflicts are plain data an administrator may record."""

    list_display = ("user", "unit", "reason", "declared_at")
    autocomplete_fields = ()


for model in (PlanItem, TeamMember, Finding, FollowupReport, DisciplineProposal):
    admin.site.register(model, ReadOnlyAdmin)
