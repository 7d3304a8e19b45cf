"""The pages speak Vietnamese unless the reader chose another language with the language selector
(the language cookie set by /i18n/setlang/); the browser's Accept-Language is not read. The API
negotiates with Accept-Language (casework/web/middleware.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LOGIN = ("login", "Tên đăng nhập", "Username")
# The citizens' form follows the same rule as the officers' pages.
PUBLIC = (
    "cases:public_submit",
    "Gửi đơn khiếu nại, tố cáo, kiến nghị trực tuyến",
    "Submit a complaint, denunciation or petition online",
)
API_VI, API_EN = "Chưa cung cấp thông tin xác thực.", "Authentication credentials were not provided."


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",") if v.strip()}


def _is_vietnamese(response, vietnamese: str, english: str) -> bool:
    page = response.content.decode()
    assert response.status_code == 200
    if 'lang="vi"' in page and vietnamese in page and english not in page:
        assert response.headers["Content-Language"] == "vi"
        return True
    assert 'lang="en"' in page and english in page and vietnamese not in page
    assert response.headers["Content-Language"] == "en"
    return False


@pytest.mark.parametrize(("url", "vietnamese", "english"), [LOGIN, PUBLIC])
def test_a_browser_asking_for_english_without_a_choice_gets_the_page_in_vietnamese(client, url, vietnamese, english):
    response = client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _is_vietnamese(response, vietnamese, english)
    # The page depends on the cookie, not on the header: a shared cache keys it so.
    assert "cookie" in _vary(response) and "accept-language" not in _vary(response)


@pytest.mark.parametrize(("url", "vietnamese", "english"), [LOGIN, PUBLIC])
def test_the_language_chosen_in_the_cookie_wins_over_the_browsers(client, url, vietnamese, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert not _is_vietnamese(client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="vi"), vietnamese, english)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert _is_vietnamese(client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="en"), vietnamese, english)


@pytest.mark.parametrize("cookie", ["fr", "", "x" * 5000, "en\x00", "../../etc/passwd"])
def test_a_language_the_site_does_not_offer_gives_vietnamese(client, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    assert _is_vietnamese(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en"), *LOGIN[1:])


def test_the_selector_switches_the_language_of_the_next_pages(client, cast):
    client.force_login(cast.officer)
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en"}
    before = client.get(reverse("cases:list"), **english_browser).content.decode()
    assert "Việc của tôi" in before and "My work" not in before
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("cases:list")})
    assert switched.status_code == 302 and switched.headers["Location"] == reverse("cases:list")
    after = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "My work" in after and 'lang="en"' in after and "Việc của tôi" not in after
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("cases:list")})
    back = client.get(reverse("cases:list"), **english_browser).content.decode()
    assert "Việc của tôi" in back and 'lang="vi"' in back


def test_a_missing_page_is_in_vietnamese_whatever_the_browser_asks(client, cast):
    client.force_login(cast.officer)
    response = client.get("/cases/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "vi"


def test_the_api_answers_in_the_language_accept_language_asks_for():
    api = APIClient()
    english = api.get("/api/cases/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 401 and english.json()["detail"] == API_EN
    assert english.headers["Content-Language"] == "en"
    assert "accept-language" in _vary(english)
    vietnamese = api.get("/api/cases/")
    assert vietnamese.status_code == 401 and vietnamese.json()["detail"] == API_VI
    assert vietnamese.headers["Content-Language"] == "vi"
    # A browser that chose a language on the pages keeps it in the API it calls (Django's negotiation).
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert api.get("/api/cases/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"] == API_VI


def test_the_api_in_english_shows_a_signed_in_reader_only_their_scope(cast, make_case):
    """Asking in English changes the words, not what is seen: an officer outside the case's unit
    finds it neither listed nor by its id."""
    case = make_case()
    api = APIClient()
    api.force_authenticate(cast.outsider)
    listed = api.get("/api/cases/", HTTP_ACCEPT_LANGUAGE="en")
    assert listed.status_code == 200 and case.pk not in [row["id"] for row in listed.json()["results"]]
    missing = api.get(f"/api/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and missing.json()["detail"] == "Not found."
