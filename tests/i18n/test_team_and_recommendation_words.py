"""One Vietnamese word, two English ones: "Thành viên" is a person's role in a team ("Member") and the
label of the team form's list ("Members"); "Kiến nghị" titles the list of recommendations and names one."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_team_lists_each_member_as_a_member(english, cast, frozen_clock):
    inspection = builders.open_ad_hoc(cast, [builders.raise_flag(cast)])
    english.force_login(cast.chair)
    page = english.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert "— Team leader</li>" in page
    assert page.count("— Member</li>") == 2 and "— Members</li>" not in page


def test_the_team_form_asks_for_its_members(english, cast, frozen_clock):
    english.force_login(cast.chair)
    page = english.get(reverse("supervision:create")).content.decode()
    assert ">Members:</label>" in page or ">Members:</legend>" in page, page[page.find('id="id_members"') - 300 :][:400]


def test_one_recommendation_is_titled_in_the_singular(english, cast, frozen_clock):
    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    recommendation = builders.recommend(cast, inspection)
    english.force_login(cast.chair)
    page = english.get(reverse("inspections:recommendation_detail", args=[recommendation.pk])).content.decode()
    assert "<h1>Recommendation: Thu hồi khoản chi sai</h1>" in page
