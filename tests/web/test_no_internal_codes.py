"""Nothing internal on screen: every persona walks every page, in Vietnamese and in English, and the
text they see never shows a code the program uses inside.

The data is the demo's (`load_demo`: cases of every kind in every state, inspections at every step,
flags, plans, recommendations, escalations, quarterly reports, reception), so the pages show values in
every state. Each persona of the role matrix (tests/security/test_role_matrix.py) is played by the demo
account that holds the same role. Pages are the URLConf's routes without arguments
(tests/security/urlconf_walk.py), the detail page and audit timeline of every demo object, and every
link those pages offer, a bounded number per route.

What counts as an internal code is built from the models, not listed by hand:
- the field names of the domain models (`policy_version`, `channel`...), their coded choice values
  (`received`, `khien_trach`...), every action code written to or labelled for the audit trail
  (`report.submit`) and every coded value labelled for it (`notice_pdf:accept`), and the deadlines'
  step codes (`send_decision`). A subject area's code is not one: reports show it as "Mã lĩnh vực",
  the official template's column;
- object keys such as `cases.case:49` and ids in place of a person ("Người được giao 2", "lead 4").
Only the visible text is read: text nodes outside script and style, not URLs nor attributes.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from casework.audit.labels import domain_models, labelled_action_codes, labelled_value_codes
from casework.audit.models import AuditEvent
from casework.org.models import User
from tests.security.urlconf_walk import routes_without_args
from workflows.models import STEP_LABELS

pytestmark = pytest.mark.django_db

# The role matrix's personas, played by the demo accounts (casework/org/demo.py) with the same role.
PERSONAS = {
    "intake": "tiepnhan",
    "officer": "giaiquyet",
    "officer2": "giaiquyet2",
    "inspector": "kiemtra1",
    "chair": "chunhiem",
    "leader": "btv",
    "bch_member": "bch",
    "province_leader": "btvtinh",
    "subject_rep": "donvi",
    "auditor": "giamsat",
    "admin": "quantri",
    "grassroots_inspector": "kiemtracs",
}

# Routes that answer files, sign out, switch language or describe the API: nothing to read on them.
SKIP_ROUTE = re.compile(r"(^api:|^ops:|^admin|logout|set_language|pdf|export|download|xlsx|csv|scan)")
# Distinct URLs read per route: each persona reads one page of every route it can reach; the chair, who
# sees every demo object, reads all of them in Vietnamese (every case in every state, every timeline)
# and up to 60 per route in English, where only the codes' shapes are searched for.
PER_ROUTE = 1
EVERY_OBJECT = {"vi": ("chair", 500), "en": ("chair", 60)}

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


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        if tag == "a":
            self.links += [value for name, value in attrs if name == "href" and value]

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


def _seeds() -> list[str]:
    """Pages without arguments, then every demo object's page and audit timeline."""
    from casework.cases.models import Case
    from casework.inspections.models import Flag, Inspection, InspectionPlan, Recommendation
    from workflows.models import Escalation

    urls = [reverse(r.name) for r in routes_without_args() if not SKIP_ROUTE.search(r.name)]
    for route, model in [
        ("cases:detail", Case),
        ("inspections:flag_detail", Flag),
        ("inspections:inspection_detail", Inspection),
        ("inspections:plan_detail", InspectionPlan),
        ("inspections:recommendation_detail", Recommendation),
        ("workflows:detail", Escalation),
    ]:
        urls += [reverse(route, args=[pk]) for pk in model.objects.order_by("pk").values_list("pk", flat=True)]
    targets = AuditEvent.objects.exclude(unit=None).values_list("target_type", "target_id").distinct()
    urls += [reverse("audit:timeline", args=target) for target in targets.order_by("target_type", "target_id")]
    return urls


def _route_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _walk(client: Client, seeds: list[str], find, per_page: int) -> tuple[dict[str, list[str]], Counter]:
    """Visit the seeds and the links they offer; (url → codes found, route → pages read)."""
    found: dict[str, list[str]] = {}
    read: Counter = Counter()
    per_route: Counter = Counter()
    queue, seen = deque(seeds), set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        name = _route_name(url)
        if name is None or SKIP_ROUTE.search(name) or per_route[name] >= per_page:
            continue
        per_route[name] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read[name] += 1
        parser = _VisibleText()
        parser.feed(response.content.decode())
        hits = [hit for part in parser.parts for hit in find(URL.sub(" ", TEMPLATE_PLACEHOLDER.sub(" ", part)))]
        if hits:
            found[url] = sorted(set(hits))[:8]
        for link in parser.links:
            parts = urlsplit(link)
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found, read


@pytest.fixture
def demo(frozen_clock, settings):
    settings.OTP_ENFORCED = False
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield
    translation.deactivate()  # the English walk's requests leave English active in this thread


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

    seeds = _seeds()
    problems: dict[str, dict[str, list[str]]] = {}
    read_by_all: Counter = Counter()
    walks = [("anonymous", PER_ROUTE), *((persona, PER_ROUTE) for persona in PERSONAS), EVERY_OBJECT[language]]
    for persona, per_page in walks:
        client = Client()
        if persona in PERSONAS:
            client.force_login(User.objects.get(username=PERSONAS[persona]))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        found, read = _walk(client, seeds, find, per_page)
        read_by_all.update(read)
        if found:
            problems.setdefault(persona, {}).update(found)
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
    ]:
        assert read_by_all[route] > 0, f"the walk read no {route} page"
    assert read_by_all["cases:detail"] >= 40, "every demo case, in every state, is read"
    assert read_by_all["audit:timeline"] >= 40, "the audit timelines of the demo's objects are read"
    assert not problems, f"internal codes on screen ({language}): {problems}"


def test_the_code_list_holds_what_leaked_before(demo):
    """The list is built from the models: the codes once seen on screen are in it."""
    codes = internal_codes()
    for code in ["policy_version", "channel", "kind", "received", "accepted", "khien_trach", "report.submit"]:
        assert code in codes, code
    assert OBJECT_KEY.search("cases.case:49") and ID_FOR_A_PERSON.search("Người được giao 2")
    assert ID_FOR_A_PERSON.search("team 4, 5, 6") and ID_FOR_A_PERSON.search("lead 4")
