"""Cursor pagination: stable under inserts, no COUNT(*) query, one query per page."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Newest first by primary key unless a view names its own unique ordering."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = 200
