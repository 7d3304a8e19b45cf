"""A service's refusal built from values reads in English on an English page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections import services
from tests.builders import raise_flag

pytestmark = pytest.mark.django_db


def test_a_team_too_small_is_refused_in_english_on_an_english_page(cast, client, settings, frozen_clock):
    inspection = services.inspection_open(
        unit=cast.sector, subject_unit=cast.hospital, actor=cast.inspector, flags=[raise_flag(cast)]
    )
    client.force_login(cast.inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("inspections:inspection_act", args=[inspection.pk, "team"]),
        {"members": [cast.inspector.pk], "lead": cast.inspector.pk},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The inspection team must have at least 3 members (it has 1)." in page
    assert "Đoàn kiểm tra phải có ít nhất" not in page
