"""Nothing internal on screen: every persona walks every page, in Vietnamese and in English, and the
text they see never shows a code the program uses inside.

The pages are those tests/web/page_walk.py reaches: every persona's, in the demo data, which holds
values in every state.

What counts as an internal code is built from the models, not listed by hand:
- the field names of the domain models (`policy_version`, `channel`...), their coded choice values
  (`received`, `khien_trach`...), every action code written to or labelled for the audit trail
  (`report.submit`) and every coded value labelled for it (`notice_pdf:accept`), and the deadlines'
  step codes (`send_decision`). A subject area's code is not one: reports show it as "Mã lĩnh vực",
  the official template's column;
- object keys such as `cases.case:49` and ids in place of a person ("Người được giao 2", "lead 4").
Only the visible text is read: text nodes outside script and style, not URLs nor attributes.

The walk in Vietnamese reads each page as a screen reader too (tests/web/screen_reader.py), so the pages
are asked for once for both; a persona's second walk (the chair's) asks only for pages its first did not.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client

from casework.audit.labels import domain_models, labelled_action_codes, labelled_value_codes
from casework.audit.models import AuditEvent
from casework.org.models import User
from tests.web.page_walk import PERSONAS, seeds, states_not_read, walk
from tests.web.screen_reader import problems_of
from workflows.models import STEP_LABELS

pytestmark = pytest.mark.django_db

# Distinct URLs read per route: each persona reads one page of every route it can reach; the chair, who
# sees every demo object, reads every page the walk starts from (an object of each kind in each state,
# timelines showing every kind of audit event: page_walk.seeds) and up to fifteen pages of a route through
# the links they offer (other objects' pages, their papers, other units' quarterly reports).
PER_ROUTE = 1
EVERY_OBJECT = ("chair", 500)
PER_LINKED_ROUTE = 15

# Coded values that are also what a reader must see, so they are not searched for:
EXCLUDED = {
    # The official abbreviations of document kinds and of signing on behalf (Nghị định 30/2020/NĐ-CP,
    # Phụ lục III): they are part of every document number ("26/QĐ-CĐN") and signature block ("TM.").
    **dict.fromkeys(["QĐ", "TB", "KL", "BC", "CV", "PC", "KH", "BB", "TTr", "GM", "HD"], "document symbol"),
    **dict.fromkeys(["TM.", "KT.", "Q.", "TL.", "TUQ."], "signing authority"),
    # The receipt's symbol in the register (Mẫu số 02/TCD; Phụ lục III names none for a giấy biên nhận), which
    # the template page offers beside the others.
    "GBN": "document symbol",
    # A Vietnamese word ("Văn bản in": printed documents) that is also the code of the incoming register.
    "in": "Vietnamese word",
}
# In English, a single English word is the language itself ("received", "open", "status"): only the
# codes a reader could not mistake for a word are searched for there, those with "_", "." or ":".
CODE_SHAPE = re.compile(r"[_.:]")

OBJECT_KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\s?[:#]\s?\d+")
ID_FOR_A_PERSON = re.compile(r"\b(Người được giao|Người thực hiện|Trưởng đoàn|Assignee|lead|team)\s+\d+(,\s*\d+)*\b")
URL = re.compile(r"\b[a-z]+://\S+")  # an address shown to copy (the second factor's otpauth:// key)
TEMPLATE_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")  # the paper template editor's own language
SCREEN_READER = "screen reader: "


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def internal_codes() -> dict[str, str]:
    """Every internal code → where it comes from."""
    codes: dict[str, str] = {}
    for model in domain_models():
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False):
                codes.setdefault(field.name, f"field of {model._meta.label}")
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and value:
                    codes.setdefault(value, f"value of {model._meta.label}.{field.name}")
    for action in {*labelled_action_codes(), *AuditEvent.objects.values_list("action", flat=True).distinct()}:
        codes.setdefault(action, "action code")
    for value in labelled_value_codes():
        codes.setdefault(value, "labelled value")
    for step in STEP_LABELS:
        codes.setdefault(step, "deadline step")
    for excluded in EXCLUDED:
        codes.pop(excluded, None)
    return codes


def _pattern(codes) -> re.Pattern[str]:
    words = sorted(codes, key=len, reverse=True)
    return re.compile(r"(?<![\w.:/-])(" + "|".join(map(re.escape, words)) + r")(?![\w:/-]|\.\w)")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_page_shows_an_internal_code(demo, settings, language):
    codes = internal_codes()
    if language == "en":
        codes = {code: why for code, why in codes.items() if CODE_SHAPE.search(code)}
    pattern = _pattern(codes)

    def find(text: str) -> list[str]:
        hits = [f"{m[1]} ({codes[m[1]]})" for m in pattern.finditer(text)]
        hits += [f"{m[0]} (object key)" for m in OBJECT_KEY.finditer(text)]
        hits += [f"{m[0]} (an id for a person)" for m in ID_FOR_A_PERSON.finditer(text)]
        return hits

    def codes_on(html: str) -> list[str]:
        parser = _VisibleText()
        parser.feed(html)
        hits = [hit for part in parser.parts for hit in find(URL.sub(" ", TEMPLATE_PLACEHOLDER.sub(" ", part)))]
        return sorted(set(hits))[:8]

    # In Vietnamese the same walk reads each page as a screen reader too (tests/web/screen_reader.py), its
    # findings marked apart from the codes.
    def read(html: str) -> list[str]:
        found = codes_on(html)
        return found + [SCREEN_READER + problem for problem in problems_of(html)] if language == "vi" else found

    start = seeds()
    problems: dict[str, dict[str, list[str]]] = {}
    unreadable: dict[str, dict[str, list[str]]] = {}
    read_by_all: Counter = Counter()
    walks = [("anonymous", PER_ROUTE), *((persona, PER_ROUTE) for persona in PERSONAS), EVERY_OBJECT]
    read_by_chair: set[str] = set()
    # A persona's pages, fetched once for its walks (the chair's: one of each route, then every object).
    fetched: dict[str, dict[str, str | None]] = {}
    for persona, per_page in walks:
        client = Client()
        if persona in PERSONAS:
            client.force_login(User.objects.get(username=PERSONAS[persona]))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        linked = PER_LINKED_ROUTE if (persona, per_page) == EVERY_OBJECT else 0
        found, pages, urls = walk(client, start, read, per_page, linked, fetched.setdefault(persona, {}))
        read_by_all.update(pages)
        if (persona, per_page) == EVERY_OBJECT:
            read_by_chair = urls
        for url, hits in found.items():
            if codes := [hit for hit in hits if not hit.startswith(SCREEN_READER)]:
                problems.setdefault(persona, {})[url] = codes
            if misread := [hit.removeprefix(SCREEN_READER) for hit in hits if hit.startswith(SCREEN_READER)]:
                unreadable.setdefault(persona, {})[url] = misread
    # The walk looked at the pages that show stored values, in every state the demo holds.
    for route in [
        "home",
        "cases:detail",
        "cases:list",
        "inspections:inspection_detail",
        "inspections:flag_detail",
        "inspections:plan_detail",
        "inspections:recommendation_detail",
        "workflows:detail",
        "audit:timeline",
        "audit:search",
        "cases:public_status",
        # and the pages with forms and tables, read by a screen reader too
        "cases:public_submit",
        "reception:detail",
        "reception:public",
        "reports:index",
        "privacy:expiry",
        "papers:register",
        "workflows:list",
    ]:
        assert read_by_all[route] > 0, f"the walk read no {route} page"
    assert read_by_all["cases:detail"] >= 15, "cases in several states are read"
    assert not (missing := states_not_read(read_by_chair)), f"no page read shows {missing}"
    assert not problems, f"internal codes on screen ({language}): {problems}"
    assert not unreadable, "pages a screen reader misreads:\n" + "\n".join(
        f"{persona} {url}: {'; '.join(found)}" for persona, pages in unreadable.items() for url, found in pages.items()
    )


def test_the_code_list_holds_what_leaked_before(demo):
    """The list is built from the models: the codes once seen on screen are in it."""
    codes = internal_codes()
    for code in ["policy_version", "channel", "kind", "received", "accepted", "khien_trach", "report.submit"]:
        assert code in codes, code
    assert OBJECT_KEY.search("cases.case:49") and ID_FOR_A_PERSON.search("Người được giao 2")
    assert ID_FOR_A_PERSON.search("team 4, 5, 6") and ID_FOR_A_PERSON.search("lead 4")
