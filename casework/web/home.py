"""What the home page "Việc của tôi" lists.

Each capability registers a function that returns a section (title, rows, link) for the
user; the home page shows the non-empty ones. This keeps the web shell ignorant of cases,
inspections and escalations while each app decides what is "my work".
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

SectionProvider = Callable[[HttpRequest], dict | None]
_providers: list[SectionProvider] = []


def register_home_section(provider: SectionProvider) -> SectionProvider:
    _providers.append(provider)
    return provider


def home_sections(request: HttpRequest) -> list[dict]:
    sections = []
    for provider in _providers:
        section = provider(request)
        if section:
            sections.append(section)
    return sections
