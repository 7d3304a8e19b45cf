"""A long recommendation is named, in the lists of deadlines, escalations and notices, by its first words
with an ellipsis: the reader sees it goes on, never a word cut short as if it were the whole text."""

from __future__ import annotations

import pytest

from casework.inspections import services
from casework.inspections.summaries import recommendation_summary
from tests.builders import conclude, later, open_ad_hoc, raise_flag

pytestmark = pytest.mark.django_db

LONG = (
    "Thu hồi 12.000.000 đồng chi sai, nộp lại quỹ phúc lợi; Ban Thường vụ CĐCS kiểm điểm trách nhiệm của chủ tài khoản"
)


def test_a_long_recommendations_title_ends_with_an_ellipsis(cast, frozen_clock):
    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    rec = services.recommendation_add(
        inspection=inspection, text=LONG, owner_unit=cast.hospital, due_on=later(30), actor=cast.inspector
    )
    title = recommendation_summary(str(rec.pk))["title"]
    assert title.endswith("…")
    assert LONG[:60] in title and LONG not in title
    assert str(rec).endswith("…") and len(str(rec)) <= 80


def test_the_owner_units_home_row_and_the_report_and_finding_names_end_with_an_ellipsis(cast, frozen_clock, client):
    from django.urls import reverse
    from django.utils.text import Truncator

    from casework.inspections.models import Finding, FollowupReport
    from tests.home import home_row

    inspection = conclude(cast, open_ad_hoc(cast, [raise_flag(cast)]))
    services.recommendation_add(
        inspection=inspection, text=LONG, owner_unit=cast.hospital, due_on=later(30), actor=cast.inspector
    )
    client.force_login(cast.subject_rep)
    page = client.get(reverse("home")).content.decode()
    shown = Truncator(LONG).chars(60)
    row = home_row(page, shown)
    assert shown.endswith("…") and LONG not in row and "Báo cáo thực hiện kiến nghị" in row
    assert str(FollowupReport(text=LONG)) == shown and str(Finding(description=LONG)) == shown
