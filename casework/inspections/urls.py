from django.urls import path

from casework.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("new/", views.inspection_open, name="inspection_open"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/<slug:action>/", views.inspection_act, name="inspection_act"),
    path("flags/", views.flag_list, name="flag_list"),
    path("flags/new/", views.flag_raise, name="flag_raise"),
    path("flags/<int:pk>/", views.flag_detail, name="flag_detail"),
    path("flags/<int:pk>/subject-area/", views.flag_subject_area, name="flag_subject_area"),
    path("flags/<int:pk>/<slug:action>/", views.flag_act, name="flag_act"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/<slug:action>/", views.plan_act, name="plan_act"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/<slug:action>/", views.recommendation_act, name="recommendation_act"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export.<slug:fmt>", views.coverage_export, name="coverage_export"),
    path("conflicts/", views.conflict_declare, name="conflict_declare"),
]
