"""A JSON field stored as its canonical text, so the verifier can hash the stored bytes as they are."""

from __future__ import annotations

from typing import Any

from django.db import models

from casework.audit.chain import canonical_json


class CanonicalJSONField(models.JSONField):
    """Reads and writes like a JSONField, but the column is plain text holding canonical JSON.

    PostgreSQL's jsonb re-orders keys and re-spaces the text; keeping the exact bytes that went
    into the event hash lets `verify_audit` hash rows inside the database (or embed the text
    as is) instead of parsing and re-serializing three JSON values per event. JSON path lookups
    (`after__status=`) are not available on this column.
    """

    def db_type(self, connection) -> str:
        return "text"

    def get_db_prep_value(self, value: Any, connection, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or hasattr(value, "as_sql"):
            return value
        return canonical_json(value)
