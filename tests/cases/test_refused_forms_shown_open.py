"""A form kept in a folded panel (<details>) comes back unfolded when the server refuses it, so the person
sees the message naming the field instead of the same page with nothing said."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.builders import accepted, raise_flag

pytestmark = pytest.mark.django_db


def _panel(page: str, panel_id: str) -> str:
    found = re.search(rf'<details id="{panel_id}"[^>]*>', page)
    assert found, panel_id
    return found.group(0)


def test_an_empty_conflict_declaration_is_refused_in_an_open_panel(client, cast, frozen_clock):
    case = accepted(cast)
    client.force_login(cast.officer)
    assert " open" not in _panel(client.get(reverse("cases:detail", args=[case.pk])).content.decode(), "conflict")
    response = client.post(reverse("cases:conflict", args=[case.pk]), {"note": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert " open" in _panel(page, "conflict")
    assert 'class="errorlist' in page.split('<details id="conflict"', 1)[1].split("</details>", 1)[0]


def test_a_flags_area_change_without_a_reason_is_refused_in_an_open_panel(client, cast, frozen_clock):
    flag = raise_flag(cast)
    client.force_login(cast.chair)
    url = reverse("inspections:flag_subject_area", args=[flag.pk])
    response = client.post(url, {"subject_area": "", "reason": ""})
    assert response.status_code == 400
    assert " open" in _panel(response.content.decode(), "area-change")
