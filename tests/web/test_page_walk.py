"""The page walk's bound per route counts the pages it read: a page that answers "not found" or "refused"
uses no share of it, and a route that keeps refusing stops being fetched after a few tries."""

from __future__ import annotations

from django.urls import reverse

from tests.web.page_walk import walk


class _Answer:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code
        self.content = b"<html><body><p>ok</p></body></html>"

    def get(self, name: str, default: str = "") -> str:
        return "text/html; charset=utf-8" if name == "Content-Type" else default


class _Client:
    """Answers 200 to the pages in `found`, 404 to any other; remembers what it was asked."""

    def __init__(self, found: set[str]) -> None:
        self.found = found
        self.asked: list[str] = []

    def get(self, url: str) -> _Answer:
        self.asked.append(url)
        return _Answer(200 if url in self.found else 404)


def _cases(*pks: int) -> list[str]:
    return [reverse("cases:detail", args=[pk]) for pk in pks]


def test_a_page_not_found_uses_none_of_the_routes_share():
    start = _cases(1, 2, 3, 4)
    client = _Client(found=set(_cases(2, 3, 4)))
    _found, pages, urls = walk(client, start, lambda html: [], per_route=2)
    assert pages["cases:detail"] == 2
    assert urls == set(_cases(2, 3))
    assert client.asked == _cases(1, 2, 3)


def test_a_route_that_answers_nothing_is_tried_three_times_its_share():
    client = _Client(found=set())
    _found, pages, _urls = walk(client, _cases(*range(1, 20)), lambda html: [], per_route=2)
    assert pages["cases:detail"] == 0
    assert client.asked == _cases(*range(1, 7))
