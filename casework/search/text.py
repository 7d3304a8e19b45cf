"""Text folded for Vietnamese search: case and accents ignored, "đ" read as "d", spaces collapsed.

"Nguyễn Văn An" and "nguyen van an" fold to the same text, so one indexed `LIKE '%…%'` finds both on
SQLite and PostgreSQL alike (PostgreSQL backs it with a trigram index).
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", str(text or "").casefold()).replace("đ", "d")
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.split())
