"""The site's Content-Security-Policy allows no inline <style> element (style-src 'self'): a template that
carries one renders unstyled in the browser (a printed book without its table rules). Every page's style
comes from a static file, which the finders serve."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines

ROOT = Path(settings.BASE_DIR)


def _templates() -> list[Path]:
    dirs = [Path(d) for d in engines["django"].engine.dirs]
    dirs += [p for p in ROOT.glob("*/templates")] + [p for p in ROOT.glob("*/*/templates")]
    return sorted({t for d in dirs if ".venv" not in d.parts for t in d.rglob("*.html")})


def test_no_template_of_ours_carries_an_inline_style_element():
    templates = _templates()
    assert any(t.name == "book_print.html" for t in templates)
    carrying = [str(t.relative_to(ROOT)) for t in templates if re.search(r"<style[\s>]", t.read_text())]
    assert carrying == []


def test_the_printed_reception_book_links_its_stylesheet():
    text = (ROOT / "casework/reception/templates/reception/book_print.html").read_text()
    assert "{% static 'reception/book_print.css' %}" in text
    assert finders.find("reception/book_print.css")
