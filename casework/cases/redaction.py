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

A place is not a person. A denouncer's address, or the part of it a letter writes ("Thái Bình"), is
also part of the names of the unions and agencies of that place ("Công đoàn ngành Y tế Thái Bình"),
which identify no one and which the record must keep readable: where such a place is written within
the name of a unit of the tree or a body the case records, longer than it, it stays (`masks_places`,
`Masking`). The denouncer's name, phone, e-mail and ID number, and an address with a number in it (a
street address), are masked everywhere, within those names too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from casework.cases.identity import phone_key
from casework.search.text import fold, tone_marks_placed

# The marker stored in place of each masked passage. It is part of the record (the working copy,
# the officers' texts, the audit trail's hashed events, the papers issued), so it is stored as is;
# the letter's working copy shows it in the reader's language (`mask_shown`).
MASK = gettext_noop("[đã che]")

# The identity fields a mask is proposed for (what the intake recorded about each denouncer).
PROPOSED_FIELDS = ("full_name", "phone", "email", "address", "id_number")
# Those that name the person themself: masked wherever they appear, within a unit's name too.
PERSON_FIELDS = ("full_name", "phone", "email", "id_number")


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


def masks_places(masks: Iterable[str], people: Iterable[dict]) -> frozenset[str]:
    """Of `masks`, those that only say where a denouncer lives, and so yield to a unit's name that holds
    them (`redact`'s `kept`): the address a denouncer gave, or a part of it an officer added (a commune,
    a province), without diacritics or with. Never one with a digit (a house number: a street address
    identifies a household, not a place), nor one that is, or holds, or is held in, a denouncer's name,
    phone, e-mail or ID number. A letter cannot tell a name written as the person from the same words
    written in a unit's name ("Trần Hưng Đạo" and "Trường THCS Trần Hưng Đạo"), so a denouncer's
    name is masked in both: a unit's name that loses a word is the lesser harm (Luật Tố cáo 2018 Đ.47
    khoản 1)."""
    people = list(people)
    addresses = [fold(p.get("address") or "") for p in people]
    particulars = [key for p in people for f in PERSON_FIELDS if (key := fold(str(p.get(f) or "")))]
    places = set()
    for mask in masks:
        key = fold(mask)
        if (
            key
            and not any(ch.isdigit() for ch in key)
            and any(key in address for address in addresses if address)
            and not any(p in key or key in p for p in particulars)
        ):
            places.add(mask)
    return frozenset(places)


@dataclass(frozen=True)
class Masking:
    """What a text goes through: every phrase of `masks`, except that one of `places` (a denouncer's
    place, `masks_places`) stays where it is written within one of the names `kept` (units of the tree,
    bodies the case records) longer than it."""

    masks: tuple[str, ...] = ()
    places: frozenset[str] = frozenset()
    kept: tuple[str, ...] = ()

    def apply(self, text: str) -> str:
        return redact(text, self.masks, places=self.places, kept=self.kept)

    def naming(self, *names: str) -> Masking:
        """The same, with `names` kept too (a body's name as it is being recorded)."""
        return Masking(self.masks, self.places, (*self.kept, *(n for n in names if n and n.strip())))


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
    return _words(phrase)


def _words(phrase: str) -> str:
    return r"[\s_.\-]+".join(re.escape(word) for word in phrase.split())


def _unaccented(phrase: str) -> str:
    """The phrase's letters without their diacritics (đ as d), as a text typed without them writes it."""
    decomposed = unicodedata.normalize("NFD", phrase.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def mask_shown(text: str) -> str:
    """`text` with the stored marker written in the reader's language."""
    shown = gettext(MASK)
    return text if shown == MASK else text.replace(MASK, shown)


def _variants(phrase: str) -> set[str]:
    """The phrase as matched: composed, its tone marks placed alike, and wholly without diacritics."""
    composed = tone_marks_placed(unicodedata.normalize("NFC", phrase))
    return {composed, _unaccented(composed)}


def _kept_spans(placed: str, kept: Iterable[str]) -> list[tuple[int, int]]:
    """Where the names `kept` are written in the text (as placed)."""
    folded = fold(placed)
    spans = []
    for name in {n for n in kept if n.strip() and fold(n) in folded}:
        for variant in _variants(name):
            spans += [(m.start(), m.end()) for m in re.finditer(_words(variant), placed, re.IGNORECASE)]
    return spans


def redact(text: str, masks: Iterable[str], *, places: Iterable[str] = (), kept: Iterable[str] = ()) -> str:
    """`text` with every occurrence of every mask (case-insensitive, in any Unicode form, with the tone
    mark in either style's place, with or without its diacritics) replaced by MASK, but a mask among
    `places` written within one of the names `kept` longer than it; a text in which nothing is masked is
    returned as it was typed. Passages that two masks overlap are masked as one."""
    places = set(places)
    yielding: dict[str, bool] = {}  # each phrase as matched: whether it yields to a kept name
    for mask in masks:
        if mask.strip():
            for phrase in _variants(mask):
                yielding[phrase] = yielding.get(phrase, True) and mask in places
    if not yielding:
        return text
    composed = unicodedata.normalize("NFC", text)
    # Matched on the text with its tone marks placed alike; each character keeps its place there, so a
    # match's span is the same passage of the text as written.
    placed = tone_marks_placed(composed)
    found = [
        (match.start(), match.end(), yields)
        for phrase, yields in yielding.items()
        for match in re.finditer(_pattern(phrase), placed, re.IGNORECASE)
        if match.end() > match.start()
    ]
    if any(yields for *_span, yields in found):
        names = _kept_spans(placed, kept)
        found = [
            (start, end, yields)
            for start, end, yields in found
            if not (yields and any(a <= start and end <= b and b - a > end - start for a, b in names))
        ]
    if not found:
        return text
    kept_text, at = [], 0
    for start, end, _yields in sorted(found):
        if end <= at:
            continue  # within a passage already masked
        if start < at:
            at = end  # overlaps the passage just masked: one mask for both
            continue
        kept_text += [composed[at:start], MASK]
        at = end
    return "".join([*kept_text, composed[at:]])
