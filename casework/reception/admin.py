from django.contrib import admin

from casework.reception.models import ReceptionSession


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(admin.ModelAdmin):
    """Read-only: sessions are scheduled and the book is written through the pages (audited services)."""

    list_display = ["unit", "starts_at", "ends_at", "place", "is_published", "is_cancelled"]
    list_filter = ["is_published", "is_cancelled"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
