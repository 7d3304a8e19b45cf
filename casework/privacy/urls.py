from django.urls import path

from casework.privacy import views

app_name = "privacy"
urlpatterns = [
    path("expiry/", views.expiry_report, name="expiry"),
    path("subject-access/", views.subject_access, name="subject_access"),
]
