"""A supervision's history names its team as the supervision team, in Vietnamese and in English, never as
an inspection team."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.builders import make_supervision

pytestmark = pytest.mark.django_db


def test_the_history_names_the_supervision_team(cast, frozen_clock):
    supervision = make_supervision(cast)
    client = Client()
    client.force_login(cast.inspector)
    page = client.get(reverse("supervision:detail", args=[supervision.pk])).content.decode()
    assert "<td>Thành viên đoàn giám sát</td>" in page and "đoàn kiểm tra" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("supervision:detail", args=[supervision.pk])).content.decode()
    assert "<td>Supervision team members</td>" in page and "Inspection team" not in page
