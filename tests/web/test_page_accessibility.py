"""Every page as a screen reader meets it: every persona walks every page it can reach in the demo data
(tests/web/page_walk.py) and each page, read with html.parser, has

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

import pytest
from django.test import Client

from casework.org.models import User
from tests.web.page_walk import PERSONAS, seeds, walk

pytestmark = pytest.mark.django_db

# Each persona reads one page of every route it reaches; the chair, who sees every demo object, reads
# up to fifteen of each route, the walk's objects being one of each kind and state (cases in fifteen
# states, which offer other forms). The pages' markup comes from one template per route: the
# internal-code walk reads an object in every state, this one a sample, so the suite keeps its time.
PER_ROUTE = 1
EVERY_OBJECT = ("chair", 15)

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


def test_every_page_reads_to_a_screen_reader(demo, settings):
    start = seeds()
    problems: dict[str, dict[str, list[str]]] = {}
    read_by_all: Counter = Counter()
    for persona, per_route in [("anonymous", PER_ROUTE), *((p, PER_ROUTE) for p in PERSONAS), EVERY_OBJECT]:
        client = Client()
        if persona in PERSONAS:
            client.force_login(User.objects.get(username=PERSONAS[persona]))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        found, pages, _urls = walk(client, start, problems_of, per_route)
        read_by_all.update(pages)
        if found:
            problems.setdefault(persona, {}).update(found)
    # The walk read the pages with forms and tables in every state the demo holds.
    for route in [
        "home",
        "cases:detail",
        "cases:list",
        "cases:public_submit",
        "inspections:inspection_detail",
        "inspections:flag_detail",
        "reception:detail",
        "reception:public",
        "reports:index",
        "privacy:expiry",
        "papers:register",
        "workflows:list",
        "audit:timeline",
    ]:
        assert read_by_all[route] > 0, f"the walk read no {route} page"
    assert read_by_all["cases:detail"] >= 15, "cases in several states are read"
    assert not problems, "\n".join(
        f"{persona} {url}: {'; '.join(found)}" for persona, pages in problems.items() for url, found in pages.items()
    )


def test_the_reader_finds_what_a_screen_reader_would_miss():
    """The checks fail on the faults they are for, and pass the page that has none."""
    good = (
        '<html lang="vi"><head><title>T</title></head><body><h1>H</h1>'
        '<form><label for="id_a">A</label><input id="id_a" name="a" aria-describedby="id_a_error">'
        '<ul id="id_a_error"><li>!</li></ul><label>B <input name="b"></label>'
        '<input type="hidden" name="c"><button type="submit">OK</button></form>'
        '<table><caption>C</caption><thead><tr><th scope="col">X</th></tr></thead><tbody><tr><td>1</td></tr>'
        '</tbody></table><table role="presentation"><tr><td>layout</td></tr></table>'
        '<img src="a.svg" alt=""></body></html>'
    )
    assert problems_of(good) == []
    bad = (
        "<html><body><h1>H</h1><h1>H2</h1>"
        '<label for="id_a">A</label><input id="id_a" name="a"><input id="id_a" name="a2">'
        '<select name="s"></select><input name="d" aria-describedby="nowhere">'
        "<table><tr><td>1</td></tr></table><table><tr><th>X</th></tr><tr><td>1</td></tr></table>"
        '<table role="presentation"><caption>C</caption><tr><td>1</td></tr></table><img src="b.png"></body></html>'
    )
    assert problems_of(bad) == [
        "<html> without lang",
        "no <title>",
        "2 <h1>",
        "id 'id_a' used 2 times",
        "select s without a label",
        "input d without a label",
        "aria-describedby 'nowhere': no such element",
        "table 1: no header cells",
        "table 1: no caption nor name",
        "table 2: no caption nor name",
        "table 2: 1 header cells without scope",
        "table 3: laid out for the eye, yet with headers or a name",
        "img b.png: no alt",
    ]
