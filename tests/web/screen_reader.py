"""A page as a screen reader meets it, read with html.parser (`problems_of`): it has

- a language (`<html lang>`), a `<title>` and one `<h1>`;
- a name for every field (a `<label for>` its id, a label around it, aria-label or aria-labelledby),
  and ids used once (a label's `for` finds the first element with the id);
- aria references (aria-labelledby, aria-describedby) to elements on the page, so an error tied to its
  field is read with it;
- for every table of data, a name (a `<caption>`, aria-label or aria-labelledby) and header cells that
  say what they head (`scope`); a table laid out for the eye only (role="presentation") has neither;
- a text alternative (`alt`, empty for a decoration) on every image.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

UNNAMED_TYPES = {"hidden", "submit", "button", "reset", "image"}
LAYOUT = {"presentation", "none"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.h1 = 0
        self.ids: Counter = Counter()
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.references: list[tuple[str, str]] = []  # (attribute, id)
        self.tables: list[dict] = []
        self.images_without_alt: list[str] = []
        self._labels = 0
        self._in_title = False
        self._open_tables: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if "id" in a:
            self.ids[a["id"]] += 1
        for attribute in ("aria-labelledby", "aria-describedby"):
            self.references += [(attribute, i) for i in a.get(attribute, "").split()]
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self._labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in {"input", "select", "textarea"} and a.get("type", "").lower() not in UNNAMED_TYPES:
            self.controls.append({**a, "_tag": tag, "_wrapped": self._labels > 0})
        elif tag == "img" and "alt" not in a:
            self.images_without_alt.append(a.get("src", "?"))
        elif tag == "table":
            self._open_tables.append(
                {
                    "layout": a.get("role") in LAYOUT,
                    "named": bool(a.get("aria-label") or a.get("aria-labelledby")),
                    "headers": 0,
                    "headers_without_scope": 0,
                    "cells": 0,
                }
            )
        elif tag == "caption" and self._open_tables:
            self._open_tables[-1]["named"] = True
        elif tag == "th" and self._open_tables:
            self._open_tables[-1]["headers"] += 1
            if not a.get("scope"):
                self._open_tables[-1]["headers_without_scope"] += 1
        elif tag == "td" and self._open_tables:
            self._open_tables[-1]["cells"] += 1

    def handle_endtag(self, tag):
        if tag == "label" and self._labels:
            self._labels -= 1
        elif tag == "title":
            self._in_title = False
        elif tag == "table" and self._open_tables:
            self.tables.append(self._open_tables.pop())

    def handle_data(self, data):
        if self._in_title:
            self.title += data.strip()


def problems_of(html: str) -> list[str]:
    page = _Page()
    page.feed(html)
    found = []
    if not page.lang:
        found.append("<html> without lang")
    if not page.title:
        found.append("no <title>")
    if page.h1 != 1:
        found.append(f"{page.h1} <h1>")
    found += [f"id {i!r} used {n} times" for i, n in page.ids.items() if n > 1]
    for c in page.controls:
        by_label = c.get("id") and c["id"] in page.label_for
        if not (by_label or c["_wrapped"] or c.get("aria-label") or c.get("aria-labelledby")):
            found.append(f"{c['_tag']} {c.get('name') or c.get('id') or '?'} without a label")
    found += [f"label for {i!r}: no such element" for i in page.label_for if i not in page.ids]
    found += [f"{attribute} {i!r}: no such element" for attribute, i in page.references if i not in page.ids]
    for n, t in enumerate(page.tables, 1):
        if t["layout"]:
            if t["headers"] or t["named"]:
                found.append(f"table {n}: laid out for the eye, yet with headers or a name")
            continue
        if t["cells"] and not t["headers"]:
            found.append(f"table {n}: no header cells")
        if t["cells"] and not t["named"]:
            found.append(f"table {n}: no caption nor name")
        if t["headers_without_scope"]:
            found.append(f"table {n}: {t['headers_without_scope']} header cells without scope")
    found += [f"img {src}: no alt" for src in page.images_without_alt]
    return found
