from django.urls import path

from casework.security import views

app_name = "security"
urlpatterns = [
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
]
