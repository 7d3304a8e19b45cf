"""No page shows a day as yyyy-mm-dd: text and form values read dd/mm/yyyy for every role."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casework.cases.services.resolution import case_assign
from core import clock
from tests import builders
from workflows.models import Escalation
from workflows.sweep import sweep_run

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
HIDDEN = re.compile(r"<(script|style|svg|head)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
VALUE = re.compile(r"<input\b(?![^>]*type=\"hidden\")[^>]*\bvalue=\"([^\"]*)\"")


def _iso_on_screen(html: str) -> list[str]:
    visible = TAG.sub(" ", HIDDEN.sub(" ", html))
    return ISO_DATE.findall(visible) + [v for v in VALUE.findall(html) if ISO_DATE.search(v)]


def test_no_page_shows_an_iso_date(client, cast, frozen_clock):
    case = builders.accepted(cast, title="Khiếu nại chậm chi trả trợ cấp")
    case = case_assign(case=case, actor=cast.chair, assignee=cast.officer)
    flag = builders.raise_flag(cast)
    inspection = builders.conclude(cast, builders.open_ad_hoc(cast, [flag]))
    builders.recommend(cast, inspection)
    late_flag = builders.raise_flag(cast, unit=cast.clinic)
    clock.advance(dt.timedelta(days=60))
    sweep_run()
    escalation = Escalation.objects.filter(target_id=str(late_flag.pk)).first()
    assert escalation is not None
    pages = {
        cast.chair: [
            "/",
            "/tasks/",
            "/cases/",
            f"/cases/{case.pk}/",
            f"/audit/timeline/cases.case/{case.pk}/",
            "/inspections/",
            f"/inspections/{inspection.pk}/",
            "/inspections/flags/",
            f"/inspections/flags/{late_flag.pk}/",
            "/inspections/recommendations/",
            "/inspections/plans/",
            "/inspections/coverage/",
            "/reports/",
            f"/reports/dashboard/?unit={cast.sector.code}",
            f"/reports/quarterly/?unit={cast.sector.code}&year=2026&quarter=2",
            "/papers/",
            "/notifications/",
            "/absences/",
            "/reception/",
            f"/search/?q={case.reference}",
        ],
        cast.leader: ["/escalations/", f"/escalations/{escalation.pk}/"],
        cast.officer: ["/", "/tasks/", f"/cases/{case.pk}/"],
        cast.auditor: ["/audit/", f"/audit/?target_type=cases.case&target_id={case.pk}"],
    }
    found: dict[str, list[str]] = {}
    day_first = 0
    for user, paths in pages.items():
        client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (user.username, path, response.status_code)
            html = response.content.decode()
            day_first += len(re.findall(r"\b\d\d/\d\d/20\d\d\b", html))
            if iso := _iso_on_screen(html):
                found[f"{user.username} {path}"] = iso
    assert not found, found
    assert day_first > 50  # the walk did meet dates: shown day first
