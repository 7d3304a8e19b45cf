"""The shipped fonts are DejaVu Sans cut to the scripts a union paper is written in (fonts/README.md):
every Vietnamese letter, in both cases and with every tone, and every character the project's own texts
use must still have its glyph in both weights."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # fpdf2's own font reader

from casework.reports.pdf import FONT_DIR

ROOT = Path(__file__).resolve().parents[2]
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def vietnamese_letters() -> set[str]:
    letters = set("bcdđghklmnpqrstvx")
    for vowel in VOWELS:
        for tone in TONES:
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return letters | {letter.upper() for letter in letters}


def project_characters() -> set[str]:
    chars: set[str] = set()
    for pattern in ("casework/**/*.py", "casework/**/*.html", "casework/**/*.txt"):
        for path in ROOT.glob(pattern):
            chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() and not c.isspace()}


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_every_vietnamese_letter_and_every_character_of_the_project_has_a_glyph(name):
    cmap = TTFont(FONT_DIR / name).getBestCmap()
    letters = vietnamese_letters()
    assert len(letters) == 2 * (len(VOWELS) * len(TONES) + 17)
    missing = sorted(c for c in letters | project_characters() | set("₫№–—…“”‘’•✓☐☑") if ord(c) not in cmap)
    assert not missing, [f"{c} U+{ord(c):04X}" for c in missing]
