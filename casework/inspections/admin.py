"""Read-only admin: every change goes through the services (audit, deadlines, the flag invariant)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

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
from casework.inspections.selectors import recommendation_visible_q
from casework.org.admin_scope import ScopedAdmin, ScopedReadOnlyAdmin


@admin.register(Flag)
class FlagAdmin(ScopedReadOnlyAdmin):
    list_display = ("pk", "unit", "category", "severity", "source", "status", "raised_at", "inspection")
    list_filter = ("status", "category", "severity", "source")
    search_fields = ("evidence", "person", "unit__name", "unit__code")


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ScopedReadOnlyAdmin):
    list_display = ("title", "unit", "period", "year", "quarter", "status")
    list_filter = ("status", "period", "year")


@admin.register(Inspection)
class InspectionAdmin(ScopedReadOnlyAdmin):
    list_display = ("reference", "title", "unit", "subject_unit", "kind", "status", "outcome")
    list_filter = ("status", "kind", "outcome")
    search_fields = ("title", "decision_number", "subject_unit__name")


@admin.register(Recommendation)
class RecommendationAdmin(ScopedReadOnlyAdmin):
    """The rule of every page (selectors.recommendation_visible_q): a case's measure only to whoever
    may see the case, never to one recused from it."""

    list_display = ("pk", "inspection", "case", "owner_unit", "due_on", "status", "times_returned")
    list_filter = ("status",)

    def scope_filter(self, request: HttpRequest) -> Q:
        return recommendation_visible_q(user=request.user)


@admin.register(FollowupReport)
class FollowupReportAdmin(ScopedReadOnlyAdmin):
    def scope_filter(self, request: HttpRequest) -> Q:
        return Q(recommendation__in=Recommendation.objects.filter(recommendation_visible_q(user=request.user)))


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ScopedAdmin):
    """Declared conflicts are plain data an administrator may record."""

    list_display = ("user", "unit", "reason", "declared_at")
    autocomplete_fields = ()


# The parts of a plan or an inspection: scoped by the unit that runs it.
for model, prefix in (
    (PlanItem, "plan__unit__"),
    (TeamMember, "inspection__unit__"),
    (Finding, "inspection__unit__"),
    (DisciplineProposal, "inspection__unit__"),
):
    admin.site.register(model, type(f"{model.__name__}Admin", (ScopedReadOnlyAdmin,), {"scope_prefix": prefix}))
