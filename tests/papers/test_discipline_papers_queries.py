"""The papers page of an inspection lists the papers of each discipline decision taken on it, the notice publishing
a decision that handles a denounced violation among them (Luật Tố cáo 2018 Đ.40 khoản 1): the denunciations the
decisions handle and the papers already issued are read for all the decisions at once, so the page's queries do
not grow with the number of decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import reset_queries

from casework.inspections import services as inspections
from core import clock
from tests.builders import conclude, open_ad_hoc
from tests.cases.test_discipline_publication_from_flags import BALLOT, denunciation_with_flag

pytestmark = pytest.mark.django_db


def test_the_inspections_papers_page_reads_its_decisions_in_a_fixed_number_of_queries(
    cast, client, django_assert_num_queries, django_assert_max_num_queries
):
    _case, flag = denunciation_with_flag(cast)
    inspection = conclude(cast, open_ad_hoc(cast, [flag]))
    url = f"/papers/of/inspection/{inspection.pk}/"

    def decide(person):
        clock.advance(dt.timedelta(days=1))
        inspections.discipline_propose(
            inspection=inspection, person=person, proposal="canh_cao", reason="Kết luận kiểm tra", actor=cast.inspector
        )
        return inspections.inspection_discipline_ballot_record(
            inspection=inspection, actor=cast.leader, meeting_on=clock.today(), **BALLOT
        )

    def offered(page):
        return sorted((pk, key) for key, _label, pk in page.context["available"] if pk is not None)

    first = decide("Nguyễn Văn Một")
    client.force_login(cast.leader)
    client.get(url)
    reset_queries()  # the log keeps the last 9000 queries: a long setup fills it
    with django_assert_max_num_queries(200) as one:
        page = client.get(url)
    budget = len(one.captured_queries)
    # The ballot issued the decision itself: its notice of publication is what is left to issue.
    assert offered(page) == [(first.pk, "discipline.publication")]
    second = decide("Lê Văn Hai")
    third = decide("Trần Văn Ba")
    client.get(url)
    reset_queries()
    with django_assert_num_queries(budget):
        page = client.get(url)
    assert offered(page) == [(row.pk, "discipline.publication") for row in (first, second, third)]
