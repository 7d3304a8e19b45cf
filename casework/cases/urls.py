from django.urls import path

from casework.cases import publicity_pages, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_intake_view, name="intake"),
    path("<int:pk>/", views.case_detail_view, name="detail"),
    path("<int:pk>/action/<slug:action>/", views.case_action_view, name="action"),
    path("<int:pk>/reveal/", views.case_reveal_view, name="reveal"),
    path("<int:pk>/identity-grant/", views.case_identity_grant_view, name="identity_grant"),
    path("<int:pk>/redaction/", views.case_redaction_view, name="redaction"),
    path("<int:pk>/identity-files/<int:attachment>/", views.case_identity_file_view, name="identity_file"),
    path("<int:pk>/conflict/", views.case_conflict_view, name="conflict"),
    path("<int:pk>/second/", views.case_second_view, name="second"),
    path("<int:pk>/attach/", views.case_attach_view, name="attach"),
    path("public/submit/", views.public_submit_view, name="public_submit"),
    path("public/status/", views.public_status_view, name="public_status"),
    path("public/evidence/", views.public_evidence_view, name="public_evidence"),
    path("public/conclusions/", publicity_pages.public_conclusions_view, name="public_conclusions"),
]
