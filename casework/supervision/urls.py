from django.urls import path

from casework.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.supervision_list, name="list"),
    path("new/", views.supervision_create, name="create"),
    path("<int:pk>/", views.supervision_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.supervision_act, name="act"),
]
