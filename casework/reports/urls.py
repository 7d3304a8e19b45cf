from django.urls import path

from casework.reports import documents, imports_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("quarterly/", views.quarterly, name="quarterly"),
    path("quarterly/export/", views.quarterly_export, name="quarterly_export"),
    path("quarterly/submit/", views.quarterly_submit, name="quarterly_submit"),
    path("quarterly/import/", views.quarterly_import, name="quarterly_import"),
    path("schema/quarterly-report.json", views.quarterly_schema, name="quarterly_schema"),
    path("quarterly/<int:pk>/", views.quarterly_detail, name="quarterly_detail"),
    path("quarterly/<int:pk>/<slug:action>/", views.quarterly_review, name="quarterly_review"),
    path("consolidated/", views.consolidated, name="consolidated"),
    path("register/", views.register, name="register"),
    path("exports/<int:pk>/", views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("import/", imports_views.import_view, name="import"),
    path("import/template.<slug:fmt>", imports_views.import_template, name="import_template"),
    path("documents/case/<int:pk>/<slug:notice>.pdf", documents.case_notice_pdf, name="case_notice_pdf"),
    path(
        "documents/case/<int:pk>/discipline/<int:discipline>/publication.pdf",
        documents.case_discipline_publication_pdf,
        name="case_discipline_publication_pdf",
    ),
    path(
        "documents/inspection/<int:pk>/<slug:doc>.pdf",
        documents.inspection_document_pdf,
        name="inspection_document_pdf",
    ),
]
