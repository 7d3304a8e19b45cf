"""An inspection offers to group in more flags only when the unit has a raised flag left (the actions the
page and the API offer): without one, the card was an empty list over a button the service could only refuse."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections.actions import inspection_actions
from tests import builders

pytestmark = pytest.mark.django_db


def test_the_card_shows_only_when_there_is_a_flag_to_add(client, cast, frozen_clock):
    inspection = builders.open_ad_hoc(cast, [builders.raise_flag(cast)])
    assert "add_flags" not in inspection_actions(user=cast.inspector, inspection=inspection)  # page and API alike
    client.force_login(cast.inspector)
    url = reverse("inspections:inspection_detail", args=[inspection.pk])
    assert 'id="action-add_flags"' not in client.get(url).content.decode()
    another = builders.raise_flag(cast, category="finance_books")
    page = client.get(url).content.decode()
    assert 'id="action-add_flags"' in page and f'value="{another.pk}"' in page
    assert "add_flags" in inspection_actions(user=cast.inspector, inspection=inspection)
