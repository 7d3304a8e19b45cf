from django.urls import path

from casework.ops import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("health/system", views.system_health, name="system_health"),
    path("metrics", views.metrics, name="metrics"),
]
