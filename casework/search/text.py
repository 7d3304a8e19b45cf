"""Text folded for Vietnamese search: case and accents ignored, "đ" read as "d", spaces collapsed.

"Nguyễn Văn An" and "nguyen van an" fold to the same text, so one indexed `LIKE '%…%'` finds both on
SQLite and PostgreSQL alike (PostgreSQL backs it with a trigram index).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", str(text or "").casefold()).replace("đ", "d")
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.split())


# Vietnamese writes a syllable's tone on one of its vowels, and two styles place it differently in an
# open "oa", "oe" or "uy" ("Hòa", "Khỏe", "Thúy" against "Hoà", "Khoẻ", "Thuý"); hurried typing also
# puts it on the "u" of "qu" or the "i" of "gi" ("Qúy"). Both spellings name the same person.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_QUALITIES = frozenset("\u0306\u0302\u031b")  # ă; â ê ô; ơ ư
_VOWELS = frozenset("aeiouy")
_SHAPED = frozenset("ăâêôơư")


@lru_cache(maxsize=4096)  # one answer per character: a text is read character by character
def _vowel(ch: str) -> tuple[str, str] | None:
    """A Vietnamese vowel as (its letter without the tone, its tone mark or ""); None for anything else."""
    decomposed = unicodedata.normalize("NFD", ch)
    if decomposed[:1].lower() not in _VOWELS:
        return None
    marks = decomposed[1:]
    tones = [m for m in marks if m in _TONES]
    qualities = [m for m in marks if m not in _TONES]
    if len(tones) > 1 or len(qualities) > 1 or any(m not in _QUALITIES for m in qualities):
        return None
    letter = unicodedata.normalize("NFC", decomposed[0] + "".join(qualities))
    return (letter, tones[0] if tones else "") if len(letter) == 1 else None


def _tone_index(letters: list[str], *, after: str, closed: bool) -> int:
    """Where the tone goes among a syllable's vowels (the placement the Vietnamese school texts teach,
    "hoà", "khoẻ", "thuý"): on the shaped vowel (the last, "ươ" → ơ); past the "u" of "qu" and the "i"
    of "gi"; on the last vowel when a consonant closes the syllable; on the second of an open "oa", "oe",
    "uy" and the middle one of three; else on the first."""
    lower = [letter.lower() for letter in letters]
    start = 1 if len(lower) > 1 and (after, lower[0]) in {("q", "u"), ("g", "i")} else 0
    rest = lower[start:]
    shaped = [i for i, letter in enumerate(rest) if letter in _SHAPED]
    if shaped:
        return start + shaped[-1]
    if len(rest) == 1 or closed:
        return start + len(rest) - 1
    if len(rest) == 3 or "".join(rest) in {"oa", "oe", "uy"}:
        return start + 1
    return start


def tone_marks_placed(text: str) -> str:
    """`text` (composed, NFC) with each syllable's tone mark on the vowel where the school placement
    puts it, so that "Hòa" and "Hoà", "Thúy" and "Thuý", "Qúy" and "Quý" read alike. Every character
    stays one character: a match found in the result is at the same place in `text`. A run of vowels
    with no tone or with more than one (not Vietnamese) is left as it is."""
    out = list(text)
    i = 0
    while i < len(text):
        if _vowel(text[i]) is None:
            i += 1
            continue
        end = i
        while end < len(text) and _vowel(text[end]) is not None:
            end += 1
        vowels = [v for v in (_vowel(ch) for ch in text[i:end]) if v is not None]
        toned = [k for k, (_, tone) in enumerate(vowels) if tone]
        if len(toned) == 1:
            letters = [letter for letter, _ in vowels]
            before = text[i - 1].lower() if i > 0 else ""
            closed = end < len(text) and text[end].isalpha()
            target = _tone_index(letters, after=before, closed=closed)
            placed = unicodedata.normalize("NFC", unicodedata.normalize("NFD", letters[target]) + vowels[toned[0]][1])
            if target != toned[0] and len(placed) == 1:
                out[i:end] = letters
                out[i + target] = placed
        i = end
    return "".join(out)
