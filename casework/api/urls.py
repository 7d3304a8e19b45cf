"""The REST API: /api/schema/ (OpenAPI), /api/docs/ (Swagger UI, where /api/ leads), resources under /api/."""

from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from casework.api.resources import (
    absences,
    areas,
    audit,
    auth,
    cases,
    escalations,
    inspections,
    intake_queue,
    notifications,
    privacy,
    reception,
    reports,
    supervisions,
    units,
)
from casework.api.schema_view import SchemaView

app_name = "api"

router = SimpleRouter()
# Intake first: URL resolving tries the routes in order, and intake takes the heaviest traffic.
router.register("intake", intake_queue.IntakeSubmissionViewSet, basename="intake-submission")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("units", units.UnitViewSet, basename="unit")
router.register("subject-areas", areas.SubjectAreaViewSet, basename="subject-area")
router.register("audit-events", audit.AuditEventViewSet, basename="audit-event")
router.register("flags", inspections.FlagViewSet, basename="flag")
router.register("inspection-plans", inspections.PlanViewSet, basename="inspection-plan")
router.register("inspections", inspections.InspectionViewSet, basename="inspection")
router.register("recommendations", inspections.RecommendationViewSet, basename="recommendation")
router.register("supervisions", supervisions.SupervisionViewSet, basename="supervision")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("escalations", escalations.EscalationViewSet, basename="escalation")
router.register("absences", absences.AbsenceViewSet, basename="absence")
router.register("acting-appointments", absences.ActingAppointmentViewSet, basename="acting-appointment")
router.register("reception-sessions", reception.ReceptionSessionViewSet, basename="reception-session")
router.register("reception-entries", reception.ReceptionEntryViewSet, basename="reception-entry")
router.register("subject-requests", privacy.SubjectRequestViewSet, basename="subject-request")

urlpatterns = [
    # The API's front door is its documentation.
    path("", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", auth.TokenObtainView.as_view(), name="token"),
    path("reports/coverage/", inspections.CoverageView.as_view(), name="coverage"),
    path("reports/quarterly/", reports.QuarterlyReportView.as_view(), name="quarterly-report"),
    path("reports/quarterly/document/", reports.QuarterlyDocumentView.as_view(), name="quarterly-document"),
    path("reports/quarterly/import/", reports.QuarterlyImportView.as_view(), name="quarterly-import"),
    path("timeline/<str:target_type>/<str:target_id>/", audit.TimelineView.as_view(), name="timeline"),
    path("public/cases/", cases.PublicCaseSubmitView.as_view(), name="public-case-submit"),
    path("public/case-status/", cases.PublicCaseStatusView.as_view(), name="public-case-status"),
]
