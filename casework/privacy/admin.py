"""Admin: retention periods and legal holds are set through services (audited); keys are never shown."""

from __future__ import annotations

from django.contrib import admin, messages

from casework.privacy.models import LegalHold, RetentionPolicy
from casework.privacy.services import legal_hold_place, retention_policy_set
from casework.web.actions import service_error_text
from core.errors import ApplicationError


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ["kind", "years", "source", "updated_by", "updated_at"]
    fields = ["kind", "years", "source"]

    def save_model(self, request, obj, form, change) -> None:
        try:
            saved = retention_policy_set(actor=request.user, kind=obj.kind, years=obj.years, source=obj.source)
        except ApplicationError as exc:
            messages.error(request, service_error_text(exc))
            return
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["case", "reception_entry", "subject_request", "reason", "placed_by", "placed_at", "released_at"]
    fields = ["case", "reception_entry", "subject_request", "reason"]
    raw_id_fields = ["case", "reception_entry", "subject_request"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        try:
            saved = legal_hold_place(
                actor=request.user,
                case=obj.case,
                reception_entry=obj.reception_entry,
                subject_request=obj.subject_request,
                reason=obj.reason,
            )
        except ApplicationError as exc:
            messages.error(request, service_error_text(exc))
            return
        obj.pk = saved.pk

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
