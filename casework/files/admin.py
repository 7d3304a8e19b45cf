from __future__ import annotations

from django.contrib import admin
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import HttpRequest

from casework.files.models import Attachment
from casework.org.admin_scope import ScopedReadOnlyAdmin


@admin.register(Attachment)
class AttachmentAdmin(ScopedReadOnlyAdmin):
    """Read-only: attachments change only through attachment_store. Staff see those of their units,
    never those of a case they are recused from nor of anything belonging to it."""

    list_display = ["original_name", "target_type", "target_id", "unit", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "sha256", "target_id"]
    exclude = ["file"]
    readonly_fields = [f for f in list_display] + ["sha256", "kind", "uploaded_by"]

    def scope_filter(self, request: HttpRequest) -> Q:
        from casework.cases.models import Case
        from casework.cases.recusal import case_recused_q
        from casework.inspections.models import FollowupReport

        recused = Case.objects.filter(case_recused_q(user=request.user))
        # The files of anything belonging to such a case too (the reports on its conclusion's measures).
        reports = FollowupReport.objects.filter(recommendation__case__in=recused)
        return (
            super().scope_filter(request)
            & ~Q(target_type="cases.case", target_id__in=recused.values_list(Cast("pk", output_field=CharField())))
            & ~Q(
                target_type="inspections.followupreport",
                target_id__in=reports.values_list(Cast("pk", output_field=CharField())),
            )
        )
