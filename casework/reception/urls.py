from django.urls import path

from casework.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.session_list_view, name="list"),
    path("new/", views.session_new_view, name="new"),
    path("<int:pk>/", views.session_detail_view, name="detail"),
    path("<int:pk>/entry/", views.entry_new_view, name="entry_new"),
    path("<int:pk>/cancel/", views.session_cancel_view, name="cancel"),
    path("<int:pk>/reveal/", views.session_reveal_view, name="reveal"),
    path("<int:pk>/print/", views.book_print_view, name="print"),
    path("<int:pk>/book.xlsx", views.book_xlsx_view, name="xlsx"),
    path("entries/<int:pk>/", views.entry_detail_view, name="entry"),
    path("entries/<int:pk>/documents/", views.entry_documents_view, name="entry_documents"),
    path("entries/<int:pk>/correct/", views.entry_correct_view, name="entry_correct"),
    path("entries/<int:pk>/case/", views.entry_case_view, name="entry_case"),
    path("entries/<int:pk>/follow-up/", views.entry_follow_up_view, name="entry_follow_up"),
    path("entries/<int:pk>/refuse/", views.entry_refuse_view, name="entry_refuse"),
    path("public/", views.public_schedule_view, name="public"),
]
