"""Reading generated papers back as text, and the leadership named on them."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def leader_named(cast):
    cast.leader.full_name = "Phạm Văn Chủ Tịch"
    cast.leader.save(update_fields=["full_name"])
    cast.chair.full_name = "Lê Thị Chủ Nhiệm"
    cast.chair.save(update_fields=["full_name"])
    return cast
