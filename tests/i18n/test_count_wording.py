"""A count on a page reads right whatever the number, in either language: the catalogue keeps no plural
forms, so a count is shown as a labelled figure ("extensions: 1"), never inside a sentence whose noun
would have to agree with it ("extended 1 times")."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from casework.cases.models import Kind
from casework.cases.services import (
    case_accept,
    case_assign,
    case_complexity_decide,
    case_extend,
    case_start_verification,
)
from casework.inspections import services
from tests import builders

pytestmark = pytest.mark.django_db


def _page(client, user, url: str, language: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_a_denunciation_extended_once_shows_its_count_in_either_language(client, cast, make_case):
    case = case_accept(
        subject_area="khac", case=make_case(kind=Kind.DENUNCIATION), actor=cast.intake, legal_ground="Đ.29"
    )
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    case = case_start_verification(case=case, actor=cast.officer)
    case = case_complexity_decide(
        case=case, actor=cast.leader, complexity="complex", reason="Nhiều đơn vị", criteria=["places"]
    )
    case = case_extend(case=case, actor=cast.leader, reason="Phức tạp")
    url = reverse("cases:detail", args=[case.pk])

    english = _page(client, cast.leader, url, "en")
    assert "extensions: 1" in english and "1 times" not in english
    assert "số lần gia hạn: 1" in _page(client, cast.leader, url, "vi")


def test_a_measure_returned_once_shows_its_count_in_either_language(client, cast, frozen_clock):
    rec = builders.conclusion_measure(cast, builders.handled_denunciation(cast), monitor=cast.inspector)
    services.followup_report(recommendation=rec, text="Đã thu hồi một phần", actor=cast.subject_rep)
    services.recommendation_verify(recommendation=rec, verdict="returned", reason="Còn thiếu", actor=cast.inspector)
    url = reverse("inspections:recommendation_detail", args=[rec.pk])

    english = _page(client, cast.inspector, url, "en")
    assert "times returned: 1" in english and "1 times" not in english
    assert "số lần bị trả lại: 1" in _page(client, cast.inspector, url, "vi")
