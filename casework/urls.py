from django.contrib import admin
from django.urls import include, path

from workflows import absence_views
from workflows.flows.views import task_list

handler400 = "casework.web.views.bad_request"
handler403 = "casework.web.views.permission_denied"
handler404 = "casework.web.views.page_not_found"
handler500 = "casework.web.views.server_error"

urlpatterns = [
    # The API first: it takes the most requests, and URL resolving tries the patterns in order.
    path("api/", include("casework.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("account/", include("casework.security.urls")),
    # Sign-in with the federation's accounts; answers 404 unless OIDC_RP_CLIENT_ID is set.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("audit/", include("casework.audit.urls")),
    path("files/", include("casework.files.urls")),
    path("cases/", include("casework.cases.urls")),
    path("inspections/supervisions/", include("casework.supervision.urls")),
    path("inspections/", include("casework.inspections.urls")),
    path("reception/", include("casework.reception.urls")),
    path("search/", include("casework.search.urls")),
    path("reports/", include("casework.reports.urls")),
    path("papers/", include("casework.papers.urls")),
    path("privacy/", include("casework.privacy.urls")),
    path("escalations/", include("workflows.urls")),
    path("tasks/", task_list, name="tasks"),
    path("absences/", absence_views.absence_list_view, name="absences"),
    path("absences/<int:pk>/substitute/", absence_views.absence_substitute_view, name="absence_substitute"),
    path("absences/<int:pk>/end/", absence_views.absence_end_view, name="absence_end"),
    path("absences/acting/", absence_views.acting_appoint_view, name="acting_appoint"),
    path("absences/acting/<int:pk>/end/", absence_views.acting_end_view, name="acting_end"),
    path("notifications/", include("notifications.urls")),
    path("", include("casework.ops.urls")),
    path("", include("casework.web.urls")),
]
