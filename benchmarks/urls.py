"""The application's URLs plus the bare view api_intake_vs_bare measures against."""

from django.urls import include, path

from benchmarks.naive.views import bare_insert

urlpatterns = [
    path("bench/bare/", bare_insert, name="bench-bare"),
    path("", include("casework.urls")),
]
