"""The language switch names each language in that language ("Tiếng Việt", "English"), whichever is
shown: a person who landed on the English pages finds their own language by its own name."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _options(html: str) -> dict[str, str]:
    select = re.search(r'<select id="lang-switch".*?</select>', html, re.S)
    assert select, "the language switch is on the page"
    # Django spells "Tiếng Việt" with combining marks: compared as the same text a reader sees.
    found = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select.group(0))
    return {code: unicodedata.normalize("NFC", name) for code, name in found}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_language_is_offered_by_its_own_name(client, cast, language):
    client.force_login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert _options(response.content.decode()) == {"vi": "Tiếng Việt", "en": "English"}
