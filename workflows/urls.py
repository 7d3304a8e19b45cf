from django.urls import path

from workflows import views

app_name = "workflows"
urlpatterns = [
    path("", views.escalation_list, name="list"),
    path("raise/", views.escalation_raise, name="raise"),
    path("<int:pk>/", views.escalation_detail, name="detail"),
]
