"""Every header cell of every page's tables has a name a screen reader can read out: an empty
`<th>` (an action column, a blank in a totals row) says nothing to someone who cannot see the grid."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")


def test_no_template_has_an_empty_header_cell():
    templates = [p for d in ("casework", "workflows", "notifications") for p in (ROOT / d).rglob("templates/**/*.html")]
    assert len(templates) > 50
    empty = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in templates for m in EMPTY_HEADER.finditer(p.read_text())]
    assert not empty, empty
