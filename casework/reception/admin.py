from django.contrib import admin

from casework.org.admin_scope import ScopedReadOnlyAdmin
from casework.reception.models import ReceptionSession


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(ScopedReadOnlyAdmin):
    """Read-only: sessions are scheduled and the book is written through the pages (audited services)."""

    list_display = ["unit", "starts_at", "ends_at", "place", "is_published", "is_cancelled"]
    list_filter = ["is_published", "is_cancelled"]
