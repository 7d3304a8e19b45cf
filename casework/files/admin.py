from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from casework.files.models import Attachment
from casework.org.admin_scope import ScopedReadOnlyAdmin


@admin.register(Attachment)
class AttachmentAdmin(ScopedReadOnlyAdmin):
    """Read-only: attachments change only through attachment_store. Staff see those of their units,
    never those of a case they are recused from nor of anything belonging to it.

    The SHA-256 of an identity-bearing file (a denouncer's letter scan, signature...) is neither shown
    nor searched: whoever holds a guessed file could confirm by its digest that it was the one handed
    in, and so who denounced (Luật Tố cáo 2018 Đ.47 khoản 1). The model keeps it for verification."""

    list_display = ["original_name", "target_type", "target_id", "unit", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "target_id"]
    exclude = ["file"]
    readonly_fields = [f for f in list_display] + ["sha256", "kind", "uploaded_by"]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        excluded = list(super().get_exclude(request, obj) or [])
        return [*excluded, "sha256"] if obj is not None and obj.identifying else excluded

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return [f for f in fields if f != "sha256"] if obj is not None and obj.identifying else fields

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        digest = search_term.strip().lower()
        if len(digest) == 64 and all(ch in "0123456789abcdef" for ch in digest):
            found = found | queryset.filter(sha256=digest, identifying=False)
        return found, duplicates

    def scope_filter(self, request: HttpRequest) -> Q:
        from casework.cases.recusal import case_objects_recused_q

        # The files of a case the user is recused from, of what belongs to it and of its records (a paper's).
        return super().scope_filter(request) & ~case_objects_recused_q(user=request.user)
