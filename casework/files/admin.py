from django.contrib import admin

from casework.files.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: attachments change only through attachment_store."""

    list_display = ["original_name", "target_type", "target_id", "unit", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "sha256", "target_id"]
    exclude = ["file"]
    readonly_fields = [f for f in list_display] + ["sha256", "kind", "uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
