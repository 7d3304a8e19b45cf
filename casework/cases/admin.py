"""Read-only admin for cases: changes go through the services (pages and API), never the admin.

The denouncer's identity has no admin at all, and submitters of denunciations do not exist as
rows, so nothing here can show who made a denunciation.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from casework.audit.services import audit_record_standalone
from casework.cases.models import Case, Delegation, Submitter
from casework.cases.selectors import case_visible_q
from casework.org.admin_scope import ReadOnlyAdmin, ScopedAdmin


class SubmitterInline(admin.TabularInline):
    model = Submitter
    extra = 0
    can_delete = False
    fields = ["full_name", "phone", "email", "address", "is_representative"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "status", "unit", "assignee", "received_on"]
    list_filter = ["kind", "status", "channel"]
    search_fields = ["reference", "title"]
    # A denunciation's original text names the denouncer: the admin shows the working copy only.
    exclude = ["receipt_code_hash", "submitter_fingerprint", "content", "redaction_sealed"]
    inlines = [SubmitterInline]

    def get_queryset(self, request: HttpRequest):
        # Staff see in the admin only what their roles let them see elsewhere.
        return (
            super().get_queryset(request).filter(case_visible_q(user=request.user)).select_related("unit", "assignee")
        )


@admin.register(Delegation)
class DelegationAdmin(ScopedAdmin):
    """Ủy quyền giải quyết: who may approve on the competent body's behalf, read by the permission checks."""

    list_display = ["unit", "delegate", "kinds", "valid_from", "valid_until", "document"]
    list_filter = ["unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record_standalone(
            actor=request.user,
            action="delegation.change",
            target=obj,
            after={
                "unit": obj.unit_id,
                "delegate": obj.delegate_id,
                "kinds": obj.kinds,
                "valid_from": obj.valid_from,
                "valid_until": obj.valid_until,
                "document": obj.document,
            },
        )
