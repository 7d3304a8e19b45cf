"""Each field has a name as the browser computes it (its own <label>): on a page of several forms a
field whose label points at another form's field by a shared id has none, as the demo's crawl found for
a flag's reason, the unit representative's files and the confirmations of a concluded inspection."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.inspections import services as inspections
from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNNAMED = """() => [...document.querySelectorAll('main input, main select, main textarea')]
  .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.name)"""


def test_every_field_of_a_page_of_several_forms_is_named_by_its_own_label(cast, open_session, frozen_clock):
    flag = builders.raise_flag(cast)
    notified = inspections.inspection_notify(
        inspection=builders.open_ad_hoc(cast, [builders.raise_flag(cast)]),
        text="Đề nghị chuẩn bị",
        actor=cast.inspector,
    )
    concluded = builders.conclude(cast, builders.open_ad_hoc(cast, [builders.raise_flag(cast)]))
    pages = [
        (cast.chair, reverse("inspections:flag_detail", args=[flag.pk]), "reason"),
        (cast.subject_rep, reverse("inspections:inspection_detail", args=[notified.pk]), "files"),
        (cast.chair, reverse("inspections:inspection_detail", args=[concluded.pk]), "confirm"),
    ]
    for user, path, field in pages:
        session = open_session(user)
        page = session.page
        with session.step(path):
            page.goto(path)
            assert page.locator(f"main [name={field}]").count() >= 2, (path, field)
            assert page.evaluate(UNNAMED) == [], path
        session.close()
