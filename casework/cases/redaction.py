"""The working copy of a denunciation: the letter's text with the passages that identify the
denouncer masked (Luật Tố cáo 2018 Đ.47 k1: name, address, handwriting and any information that
would reveal them). Pure functions: the service stores the result, the pages pick the copy.

Masks are plain phrases, matched case-insensitively, whatever the Unicode form of the letters (a tone
mark typed as its own character reads as the composed letter), with a syllable's tone mark on either
of the vowels the two Vietnamese styles put it on ("Hòa" and "Hoà", "Thúy" and "Thuý"), with their
diacritics or wholly without them (many e-mails and messages are typed so), their words apart or joined by underscores,
dots or dashes (a file's name); a phone number also matches when written with spaces, dots or
dashes, in its national form (0…) or its international one (+84, 0084, 84). A letter spells the
denouncer's particulars as it likes, and Luật Tố cáo 2018 Đ.47 khoản 1 keeps them secret in every
spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext, gettext_noop

from casework.cases.identity import phone_key
from casework.search.text import tone_marks_placed

# The marker stored in place of each masked passage. It is part of the record (the working copy,
# the officers' texts, the audit trail's hashed events, the papers issued), so it is stored as is;
# the letter's working copy shows it in the reader's language (`mask_shown`).
MASK = gettext_noop("[đã che]")

# The identity fields a mask is proposed for (what the intake recorded about each denouncer).
PROPOSED_FIELDS = ("full_name", "phone", "email", "address", "id_number")


def masks_propose(people: Iterable[dict]) -> list[str]:
    """The phrases to mask by default: every known name, phone, e-mail, address and ID number."""
    found: list[str] = []
    for person in people:
        for field in PROPOSED_FIELDS:
            value = " ".join(str(person.get(field) or "").split())
            if len(value) >= 3 and value.casefold() not in {m.casefold() for m in found}:
                found.append(value)
    return found


def masks_clean(lines: Iterable[str]) -> list[str]:
    """The officer's list: one phrase per line, blank lines and repeats dropped."""
    masks: list[str] = []
    for line in lines:
        phrase = " ".join(line.split())
        if phrase and phrase.casefold() not in {m.casefold() for m in masks}:
            masks.append(phrase[:500])
    return masks


SEPARATORS = r"[\s.\-]*"
# How a national number's leading 0 may be written instead: +84, (+84), 0084 or 84.
INTERNATIONAL_PREFIX = r"\(?(?:\+|00)?84\)?"


def _is_number(phrase: str, digits: str) -> bool:
    """A phone or ID number: mostly digits, or digits with only what people write between them."""
    return len(digits) >= 6 and (
        len(digits) >= len(phrase.replace(" ", "")) - 2 or re.fullmatch(r"[\d\s.\-+()/]+", phrase) is not None
    )


def _pattern(phrase: str) -> str:
    digits = re.sub(r"\D", "", phrase)
    if _is_number(phrase, digits):
        # The digits in order, with any separators between them; a national phone number (the rule of
        # identity.phone_key, ten or eleven digits from its 0) also with +84, 0084 or 84 for its 0.
        national = phone_key(digits)
        if national.startswith("0") and len(national) in (10, 11):
            rest = SEPARATORS.join(re.escape(d) for d in national[1:])
            return f"(?:{INTERNATIONAL_PREFIX}|0){SEPARATORS}{rest}"
        return SEPARATORS.join(re.escape(d) for d in digits)
    return r"[\s_.\-]+".join(re.escape(word) for word in phrase.split())


def _unaccented(phrase: str) -> str:
    """The phrase's letters without their diacritics (đ as d), as a text typed without them writes it."""
    decomposed = unicodedata.normalize("NFD", phrase.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def mask_shown(text: str) -> str:
    """`text` with the stored marker written in the reader's language."""
    shown = gettext(MASK)
    return text if shown == MASK else text.replace(MASK, shown)


def redact(text: str, masks: Iterable[str]) -> str:
    """`text` with every occurrence of every mask (case-insensitive, in any Unicode form, with the tone
    mark in either style's place, with or without its diacritics) replaced by MASK; a text in which
    nothing is masked is returned as it was typed."""
    composed_masks = {tone_marks_placed(unicodedata.normalize("NFC", m)) for m in masks if m.strip()}
    phrases = sorted(composed_masks | {_unaccented(m) for m in composed_masks}, key=len, reverse=True)
    if not phrases:
        return text
    pattern = re.compile("|".join(f"(?:{_pattern(p)})" for p in phrases), re.IGNORECASE)
    composed = unicodedata.normalize("NFC", text)
    # Matched on the text with its tone marks placed alike; each character keeps its place there, so a
    # match's span is the same passage of the text as written.
    found = list(pattern.finditer(tone_marks_placed(composed)))
    if not found:
        return text
    kept, at = [], 0
    for match in found:
        kept += [composed[at : match.start()], MASK]
        at = match.end()
    return "".join([*kept, composed[at:]])
