from django.urls import path

from casework.privacy import views

app_name = "privacy"
urlpatterns = [
    path("expiry/", views.expiry_report, name="expiry"),
    path("subject-access/", views.subject_access, name="subject_access"),
    path("requests/", views.subject_requests, name="requests"),
    path("requests/<int:pk>/", views.subject_request_detail, name="request_detail"),
    path("requests/<int:pk>/<str:action>/", views.subject_request_act, name="request_act"),
]
