from django.urls import path

from casework.papers import views

app_name = "papers"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("verify/", views.verify, name="verify"),
    path("of/<slug:kind>/<int:pk>/", views.target_papers, name="target"),
    path("<int:pk>/", views.paper_detail, name="detail"),
    path("<int:pk>/<slug:which>.pdf", views.paper_file, name="file"),
    path("case/<int:pk>/reception-receipt.pdf", views.case_receipt_file, name="case_receipt"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<str:key>/", views.template_detail, name="template_detail"),
    path("templates/<str:key>/v<int:number>.pdf", views.template_preview, name="template_preview"),
]
