"""Reading the home page's "Việc cần làm" list in tests: one table row per object."""

from __future__ import annotations

import re


def home_rows(page: str) -> list[str]:
    """The rows of the home page's list, each one object's link, steps and day, in page order."""
    if "<h2>Việc cần làm</h2>" not in page:
        return []
    table = page.split("<h2>Việc cần làm</h2>", 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)


def home_row(page: str, text: str) -> str:
    """The one row of the list that shows `text`."""
    rows = [row for row in home_rows(page) if text in row]
    assert len(rows) == 1, f"{len(rows)} rows show {text!r}"
    return rows[0]
