"""No Vietnamese left on a page once the reader switches to English.

Every persona walks every page without arguments (the route list of the role-matrix test) with the
language cookie set to English. Text that comes from the database (unit names, people's names, ...)
is data and stays as entered, so it is removed before looking; whatever Vietnamese remains is an
interface string that was never marked for translation, or is missing from the English catalog.
The same pages in Vietnamese must render too.
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.i18n.letters import VIETNAMESE
from tests.security.conftest import login_verified
from tests.security.urlconf_walk import routes_without_args

pytestmark = pytest.mark.django_db

# Letters only Vietnamese uses (with their tone-marked forms); plain ASCII and common accents pass.
SKIP = {
    "logout", "set_language", "api:schema", "api:docs",
    "ops:healthz", "ops:readyz", "ops:system_health", "ops:metrics",
}  # fmt: skip
PERSONAS = ["intake", "officer", "inspector", "chair", "leader", "subject_rep", "auditor", "admin"]


class _VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes and the attributes screen readers announce."""

    ANNOUNCED = {"title", "aria-label", "placeholder", "alt", "data-confirm"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if name in self.ANNOUNCED and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def _data_values() -> list[str]:
    """Strings that are data, longest first so a name is removed before its parts."""
    from casework.areas.models import SubjectAreaVersion
    from casework.org.models import Unit, User

    values = set(Unit.objects.values_list("name", flat=True))
    # Subject-area names are the administrators' taxonomy (versioned data), like unit names.
    values |= set(SubjectAreaVersion.objects.values_list("name", flat=True))
    for full_name, username in User.objects.values_list("full_name", "username"):
        values |= {full_name, username}
    return sorted((v for v in values if v), key=len, reverse=True)


def _leftovers(html: str, data: list[str]) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for value in data:
            part = part.replace(value, "").replace(value.upper(), "")
        # The language switcher names each language in itself (an endonym), on purpose; Django spells
        # it decomposed (NFD), compared here composed.
        part = unicodedata.normalize("NFC", part).replace("Tiếng Việt", "")
        if VIETNAMESE.search(part):
            found.append(part[:120])
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_vietnamese_left_on_any_page_in_english(persona, cast, settings):
    settings.OTP_ENFORCED = False
    client = Client()
    login_verified(client, getattr(cast, persona))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = _data_values()
    problems = {}
    pages = 0
    for route in routes_without_args():
        if route.name in SKIP or route.name.startswith("api:"):
            continue
        response = client.get(reverse(route.name))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        left = _leftovers(response.content.decode(), data)
        if left:
            problems[route.name] = left[:5]
    assert pages >= 5, f"{persona}: only {pages} pages rendered, the walk is not looking at anything"
    assert not problems, f"{persona}: untranslated text in English: {problems}"


def test_the_same_pages_render_in_vietnamese(cast):
    client = Client()
    login_verified(client, cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
