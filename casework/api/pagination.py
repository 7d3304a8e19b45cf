"""Cursor pagination: stable under inserts, no COUNT(*) query, one query per page."""

from __future__ import annotations

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Newest first by primary key unless a view names its own unique ordering."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        # A cursor that does not decode is a bad parameter (400 naming it), not a missing page.
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError({self.cursor_query_param: [str(exc.detail)]}) from exc


class TreeOrderPagination(StableCursorPagination):
    """Units in tree order (their unique path): a parent before its subtree."""

    ordering = "path"
