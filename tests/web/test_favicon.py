"""The site's icon: every page links it, and a browser asking /favicon.ico is sent to it (no 404 logged)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

ICON = static("web/favicon.svg")


def test_pages_link_the_icon_and_it_is_served(client, cast):
    for page in ("/login/", "/cases/public/submit/"):
        assert f'<link rel="icon" href="{ICON}" type="image/svg+xml">' in client.get(page).content.decode(), page
    client.force_login(cast.officer)
    assert f'<link rel="icon" href="{ICON}"' in client.get("/cases/").content.decode()
    found = finders.find("web/favicon.svg")
    assert found and Path(found).read_text().startswith("<svg")


def test_favicon_ico_is_sent_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == ICON
