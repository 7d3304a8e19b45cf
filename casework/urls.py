from django.contrib import admin
from django.urls import include, path

handler403 = "casework.web.views.permission_denied"
handler404 = "casework.web.views.page_not_found"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("audit/", include("casework.audit.urls")),
    path("", include("casework.web.urls")),
]
