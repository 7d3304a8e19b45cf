from django.urls import path

from casework.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_search, name="search"),
    path("verify/", views.audit_verify, name="verify"),
    path("timeline/<str:target_type>/<str:target_id>/", views.audit_timeline, name="timeline"),
]
